package dev.ssokit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ssokit.SsoProvider;
import dev.ssokit.SsoSettings;
import dev.ssokit.contract.MutableClock;
import dev.ssokit.spi.RefreshToken;
import dev.ssokit.spi.RefreshTokenStore.Rotation;
import dev.ssokit.spi.SigningKey;
import dev.ssokit.spi.SigningKey.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two {@link PostgresStore} instances on one database behave as one. */
class PostgresScaleOutIT {
  @RegisterExtension
  static final TestSchema DB = new TestSchema();

  static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");
  static final int THREADS = 10;

  @Test
  void whenOneInstanceRegistersAClientThenTheOtherSeesItAndItsDeletion() {
    DB.freshStore();
    PostgresStore a = PostgresStore.create(DB.newPool());
    PostgresStore b = PostgresStore.create(DB.newPool());

    a.clients().create(PostgresOutageIT.client("shared-app"));

    assertThat(b.clients().find("shared-app")).isPresent();
    assertThat(b.clients().delete("shared-app")).isTrue();
    assertThat(a.clients().find("shared-app")).isEmpty();
  }

  @Test
  void whenSigningKeyRotatedOnOneProviderThenTheOtherPublishesItAndThenSignsWithIt() {
    DB.freshStore();
    MutableClock clock = MutableClock.atNow();
    SsoSettings settings = SsoSettings.builder("http://localhost:9000").build();
    SsoProvider a = SsoProvider.builder(settings).clock(clock)
        .signingKeyStore(PostgresStore.create(DB.newPool()).signingKeys()).build();
    SsoProvider b = SsoProvider.builder(settings).clock(clock)
        .signingKeyStore(PostgresStore.create(DB.newPool()).signingKeys()).build();
    PostgresStore store = PostgresStore.create(DB.newPool());
    String first = store.signingKeys().list().get(0).kid();

    String next = a.rotateSigningKey();
    b.maintainSigningKeys();
    assertThat(store.signingKeys().list()).extracting(SigningKey::kid, SigningKey::status)
        .containsExactly(tuple(first, Status.ACTIVE),
            tuple(next, Status.NEXT));

    // Both instances reach the activation step together: one activation, one ACTIVE key.
    clock.advance(SsoSettings.DEFAULT_KEY_PUBLISH_AHEAD);
    a.maintainSigningKeys();
    b.maintainSigningKeys();
    assertThat(store.signingKeys().list()).extracting(SigningKey::kid, SigningKey::status)
        .containsExactly(tuple(first, Status.RETIRED),
            tuple(next, Status.ACTIVE));
  }

  @Test
  void whenTokenRotatedOnOneInstanceThenPresentingItOnTheOtherIsReuse() {
    DB.freshStore();
    PostgresStore a = PostgresStore.create(DB.newPool());
    PostgresStore b = PostgresStore.create(DB.newPool());
    RefreshToken token = new RefreshToken("h1", "f1", "app", "alice", Set.of("openid"), null, null, NOW, NOW,
        NOW.plusSeconds(3600), false, false);
    a.refreshTokens().save(token);

    assertThat(a.refreshTokens().rotate("h1", token.successor("h2", NOW, NOW.plusSeconds(3600)), NOW))
        .isEqualTo(Rotation.ROTATED);
    assertThat(b.refreshTokens().rotate("h1", token.successor("h3", NOW, NOW.plusSeconds(3600)), NOW))
        .isEqualTo(Rotation.REUSED);

    assertThat(a.refreshTokens().find("h2").orElseThrow().revoked()).isTrue();
  }

  @Test
  @Timeout(60)
  void whenBothInstancesRaceToAddAnActiveKeyThenExactlyOneIsActive() throws Exception {
    DB.freshStore();
    List<PostgresStore> instances = List.of(PostgresStore.create(DB.newPool()), PostgresStore.create(DB.newPool()));
    CountDownLatch ready = new CountDownLatch(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<Boolean>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < THREADS; i++) {
        PostgresStore instance = instances.get(i % 2);
        SigningKey key = new SigningKey("k" + i, "RS256", "{}", Status.ACTIVE, NOW.plusSeconds(i));
        futures.add(pool.submit(() -> {
          ready.countDown();
          start.await();
          return instance.signingKeys().addIfAbsent(key);
        }));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
      start.countDown();
      int winners = 0;
      for (Future<Boolean> f : futures) {
        winners += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }

      assertThat(winners).isEqualTo(1);
      for (PostgresStore instance : instances) {
        assertThat(instance.signingKeys().list()).singleElement()
            .satisfies(k -> assertThat(k.status()).isEqualTo(Status.ACTIVE));
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
