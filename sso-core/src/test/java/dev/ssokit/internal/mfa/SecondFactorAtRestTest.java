package dev.ssokit.internal.mfa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssokit.contract.MutableClock;
import dev.ssokit.memory.InMemoryCache;
import dev.ssokit.memory.InMemoryMfaStore;
import dev.ssokit.spi.MfaEnrolment;
import dev.ssokit.testkit.TotpCodes;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TOTP secrets at rest: sealed with the current key, opened with previous ones, plain ones migrated. */
class SecondFactorAtRestTest {
  private final MutableClock clock = MutableClock.atNow();
  private final InMemoryMfaStore store = new InMemoryMfaStore();
  private final InMemoryCache cache = new InMemoryCache(clock);

  private static String key() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  private SecondFactor mfa(String key, List<String> previous, boolean plainAllowed) {
    return new SecondFactor(store, cache, clock, "example.com", key, previous, plainAllowed);
  }

  private String enrol(SecondFactor mfa, String subject) {
    String secret = mfa.begin(subject, subject + "@example.com").secret();
    assertThat(mfa.confirm(subject, TotpCodes.at(secret, clock.instant()))).isPresent();
    clock.advance(Duration.ofSeconds(30));
    return secret;
  }

  @Test
  void whenAKeyIsSetThenTheStoreHoldsCiphertextBoundToTheAccount() {
    SecondFactor mfa = mfa(key(), List.of(), false);
    String secret = enrol(mfa, "u1");
    String stored = store.find("u1").orElseThrow().secret();
    assertThat(stored).startsWith(SecretCipher.PREFIX).doesNotContain(secret);
    assertThat(mfa.verify("u1", TotpCodes.at(secret, clock.instant()))).isEqualTo(SecondFactor.Check.ACCEPTED);

    // the same ciphertext copied to another account does not open there
    store.save(new MfaEnrolment("u2", stored, true, List.of(), clock.instant()));
    assertThat(mfa.verify("u2", TotpCodes.at(secret, clock.instant().plusSeconds(30))))
        .isEqualTo(SecondFactor.Check.REJECTED);
  }

  @Test
  void whenTheKeyRotatesThenOldSecretsOpenAndAreReEncryptedWithTheNewKey() {
    String oldKey = key();
    String secret = enrol(mfa(oldKey, List.of(), false), "u1");
    String sealedOld = store.find("u1").orElseThrow().secret();

    String newKey = key();
    assertThat(mfa(newKey, List.of(), false).verify("u1", TotpCodes.at(secret, clock.instant())))
        .as("without the old key the code cannot be checked").isEqualTo(SecondFactor.Check.REJECTED);
    SecondFactor rotated = mfa(newKey, List.of(oldKey), false);
    assertThat(rotated.verify("u1", TotpCodes.at(secret, clock.instant()))).isEqualTo(SecondFactor.Check.ACCEPTED);
    String sealedNew = store.find("u1").orElseThrow().secret();
    assertThat(sealedNew).isNotEqualTo(sealedOld).doesNotContain(secret);

    clock.advance(Duration.ofSeconds(30));
    assertThat(mfa(newKey, List.of(), false).verify("u1", TotpCodes.at(secret, clock.instant())))
        .isEqualTo(SecondFactor.Check.ACCEPTED);
  }

  @Test
  void whenASecretWasStoredPlainThenItKeepsWorkingAndIsEncryptedAtItsNextUse() {
    String secret = Totp.newSecret();
    store.save(new MfaEnrolment("u1", secret, true, List.of(), clock.instant()));
    SecondFactor mfa = mfa(key(), List.of(), false);
    assertThat(mfa.verify("u1", TotpCodes.at(secret, clock.instant()))).isEqualTo(SecondFactor.Check.ACCEPTED);
    assertThat(store.find("u1").orElseThrow().secret()).startsWith(SecretCipher.PREFIX).doesNotContain(secret);
  }

  @Test
  void whenNoKeyIsSetThenADurableStoreRefusesEnrolmentAndMemoryKeepsItPlain() {
    SecondFactor durable = mfa(null, List.of(), false);
    assertThat(durable.enrolmentAvailable()).isFalse();
    assertThatThrownBy(() -> durable.begin("u1", "u1@example.com"))
        .isInstanceOf(SecondFactor.EncryptionKeyMissing.class).hasMessageContaining("SSO_ENCRYPTION_KEY");
    assertThat(store.find("u1")).isEmpty();

    String secret = enrol(mfa(null, List.of(), true), "u1");
    assertThat(store.find("u1").orElseThrow().secret()).isEqualTo(secret);
  }
}
