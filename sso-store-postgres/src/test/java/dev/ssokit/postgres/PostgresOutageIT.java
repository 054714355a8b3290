package dev.ssokit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssokit.spi.Client;
import dev.ssokit.spi.StoreException;
import dev.ssokit.testkit.TcpProxy;
import dev.ssokit.testkit.TestServices;
import java.net.ServerSocket;
import java.net.URI;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A database outage fails store calls fast with {@link StoreException}, and the same store recovers. */
class PostgresOutageIT {
  @RegisterExtension
  static final TestSchema DB = new TestSchema();

  static Client client(String id) {
    return new Client(id, null, null, List.of(URI.create("https://app.example/cb")), null,
        Set.of("authorization_code"), Set.of("openid"), Client.AUTH_NONE, null, null,
        Instant.parse("2030-01-01T00:00:00Z"));
  }

  @Test
  @Timeout(120) // a guard against hanging, not a timing assertion
  void whenDatabaseCutThenCallsThrowStoreExceptionAndSucceedAgainAfterRestore() throws Exception {
    TestServices.Postgres target = DB.target();
    try (TcpProxy proxy = TcpProxy.start(target.host(), target.port());
         PostgresStore store = PostgresStore.connect(
             target.jdbcUrlVia("127.0.0.1", proxy.port(), DB.schema()), target.user(), target.password())) {
      assertThat(store.clients().create(client("before"))).isTrue();

      proxy.cut();

      assertThatThrownBy(() -> store.clients().find("before"))
          .isInstanceOf(StoreException.class)
          .hasMessageContaining("clients.find")
          .hasCauseInstanceOf(SQLException.class);
      assertThatThrownBy(() -> store.clients().create(client("during")))
          .isInstanceOf(StoreException.class);
      assertThatThrownBy(() -> store.refreshTokens().purgeExpired(Instant.now(), 10))
          .isInstanceOf(StoreException.class);

      proxy.restore();

      // a pooled connection that died in the cut fails the one call that borrows it and is evicted
      // (HikariCP skips validating connections used in the last 500 ms), so recovery takes at most
      // one failed call per pooled connection; after that every call succeeds
      assertThat(firstSuccess(() -> store.clients().find("before"), PostgresStore.DEFAULT_MAXIMUM_POOL_SIZE + 1))
          .isPresent();
      assertThat(store.clients().find("before")).isPresent();
      assertThat(store.clients().find("during")).as("a failed call changed nothing").isEmpty();
      assertThat(store.clients().create(client("after"))).isTrue();
    }
  }

  /** The result of the first of at most {@code attempts} calls that does not throw StoreException. */
  static <T> T firstSuccess(Supplier<T> call, int attempts) {
    StoreException last = null;
    for (int i = 0; i < attempts; i++) {
      try {
        return call.get();
      } catch (StoreException e) {
        last = e;
      }
    }
    throw new AssertionError("still failing after " + attempts + " calls", last);
  }

  @Test
  @Timeout(120)
  void whenNothingListensThenConnectThrowsStoreException() throws Exception {
    int deadPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      deadPort = probe.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + deadPort + "/test";

    assertThatThrownBy(() -> PostgresStore.connect(url, "postgres", "not-a-real-secret"))
        .isInstanceOf(StoreException.class)
        .hasMessageNotContaining("not-a-real-secret");
  }

  @Test
  void whenUrlIsNotPostgresThenConnectRejectsIt() {
    assertThatThrownBy(() -> PostgresStore.connect("jdbc:mysql://localhost/test", "u", "p"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbcUrl");
  }
}
