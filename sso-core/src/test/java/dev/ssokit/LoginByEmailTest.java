package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.password4j.Argon2Function;
import com.password4j.BcryptFunction;
import com.password4j.types.Argon2;
import com.password4j.types.Bcrypt;
import dev.ssokit.memory.InMemoryUserStore;
import dev.ssokit.spi.User;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: the login page signs in by username or e-mail address; imported bcrypt hashes and argon2id
 * hashes of weaker parameters are replaced by today's argon2id hash at the next successful login.
 */
class LoginByEmailTest {
  private static final String PASSWORD = "correct horse battery staple";
  private final InMemoryUserStore store = new InMemoryUserStore();
  private SsoProvider provider;

  @BeforeEach
  void setUp() {
    provider = SsoProvider.builder(SsoSettings.builder("http://localhost:8080").build()).userStore(store).build();
    LoginDriver.registerClient(provider);
  }

  @Test
  void whenTheEmailAddressIsGivenAsUsernameThenTheLoginSucceeds() throws Exception {
    provider.users().create("alice", PASSWORD, "Alice@Example.com", Map.of());

    assertThat(new LoginDriver(provider, "192.0.2.1").start().login("alice@example.COM", PASSWORD).getStatusCode())
        .isBetween(300, 399);
    assertThat(new LoginDriver(provider, "192.0.2.1").start().login("alice@example.com", "wrong password 1")
        .getStatusCode()).isEqualTo(401);
  }

  @Test
  void whenAnImportedBcryptHashMatchesThenTheLoginSucceedsAndTheHashBecomesArgon2id() throws Exception {
    String bcrypt = BcryptFunction.getInstance(Bcrypt.B, 10).hash(PASSWORD).getResult();
    User imported = provider.users().importUser("bob", bcrypt, "bob@example.com", Map.of()).orElseThrow();

    assertThat(new LoginDriver(provider, "192.0.2.1").start().login("bob", PASSWORD).getStatusCode())
        .isBetween(300, 399);

    assertThat(store.findById(imported.id()).orElseThrow().passwordHash()).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
  }

  @Test
  void whenAnArgon2idHashHasWeakerParametersThenTheNextLoginRehashesIt() throws Exception {
    String weak = Argon2Function.getInstance(4_096, 1, 1, 32, Argon2.ID).hash(PASSWORD).getResult();
    User imported = provider.users().importUser("carol", weak, null, Map.of()).orElseThrow();

    assertThat(new LoginDriver(provider, "192.0.2.1").start().login("carol", PASSWORD).getStatusCode())
        .isBetween(300, 399);

    String now = store.findById(imported.id()).orElseThrow().passwordHash();
    assertThat(now).isNotEqualTo(weak).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
  }

  @Test
  void whenTheImportedHashIsOfAnotherKindThenItIsRefused() {
    assertThatThrownBy(() -> provider.users().importUser("dave", "{SHA}abc", null, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("passwordHash:");
  }

  @Test
  void whenAnImportedHashWouldCostUnboundedMemoryOrCpuThenItIsRefused() {
    // 4 GiB of argon2 memory for one login, or bcrypt cost 31 (2^31 rounds)
    String huge = "$argon2id$v=19$m=4194304,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3Xy/C+k7tedPWuJyEL90FFDQzZanSrWpOejR8jtyZU0";
    String slow = "$2b$31$" + BcryptFunction.getInstance(Bcrypt.B, 10).hash(PASSWORD).getResult().substring(7);
    for (String hash : new String[] {huge, slow}) {
      assertThatThrownBy(() -> provider.users().importUser("erin", hash, null, Map.of()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
    }
    assertThat(store.findByUsername("erin")).isEmpty();
  }
}
