package dev.ssokit.internal.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.contract.MutableClock;
import dev.ssokit.memory.InMemoryCache;
import dev.ssokit.memory.InMemoryMfaStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6238 TOTP and the second factor built on it, with an injected clock: window, replay, recovery codes. */
class TotpTest {
  /** RFC 6238 Appendix B: the SHA-1 seed "12345678901234567890". */
  private static final String RFC_SECRET = Totp.base32("12345678901234567890".getBytes(StandardCharsets.US_ASCII));

  @Test
  void whenTheRfc6238VectorsAreComputedThenTheLastSixDigitsMatch() {
    assertThat(RFC_SECRET).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(59)))).isEqualTo("287082");
    assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(1111111109)))).isEqualTo("081804");
    assertThat(Totp.code(RFC_SECRET, Totp.step(Instant.ofEpochSecond(20000000000L)))).isEqualTo("353130");
  }

  @Test
  void whenACodeIsOneStepOffThenItMatchesAndTwoStepsOffItDoesNot() {
    Instant now = Instant.ofEpochSecond(1_900_000_000L);
    String previous = Totp.code(RFC_SECRET, Totp.step(now) - 1);
    String old = Totp.code(RFC_SECRET, Totp.step(now) - 2);

    assertThat(Totp.match(RFC_SECRET, previous, now)).hasValue(Totp.step(now) - 1);
    assertThat(Totp.match(RFC_SECRET, old, now)).isEmpty();
    assertThat(Totp.match(RFC_SECRET, "12345", now)).isEmpty();
    assertThat(Totp.match(RFC_SECRET, "abcdef", now)).isEmpty();
  }

  @Test
  void whenEnrolledThenCodesAreSingleUseRecoveryCodesWorkOnceAndGuessingIsCapped() {
    MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:10Z"));
    SecondFactor mfa = new SecondFactor(new InMemoryMfaStore(), new InMemoryCache(clock), clock, "example.com", null,
        java.util.List.of(), true);
    SecondFactor.Enrolment e = mfa.begin("alice", "alice@example.com");
    assertThat(e.otpauthUri()).startsWith("otpauth://totp/example.com:alice%40example.com?secret=" + e.secret());
    assertThat(mfa.enabled("alice")).isFalse();

    List<String> recovery = mfa.confirm("alice", Totp.code(e.secret(), Totp.step(clock.instant()))).orElseThrow();
    assertThat(recovery).hasSize(SecondFactor.RECOVERY_CODES);
    assertThat(mfa.enabled("alice")).isTrue();

    clock.advance(Duration.ofSeconds(30));
    String code = Totp.code(e.secret(), Totp.step(clock.instant()));
    assertThat(mfa.verify("alice", code)).isEqualTo(SecondFactor.Check.ACCEPTED);
    assertThat(mfa.verify("alice", code)).as("replayed").isEqualTo(SecondFactor.Check.REJECTED);
    assertThat(mfa.verify("alice", recovery.get(3))).isEqualTo(SecondFactor.Check.ACCEPTED);
    assertThat(mfa.verify("alice", recovery.get(3))).isEqualTo(SecondFactor.Check.REJECTED);
    assertThat(mfa.recoveryCodesLeft("alice")).isEqualTo(9);

    for (int i = 0; i < SecondFactor.MAX_FAILURES; i++) {
      mfa.verify("alice", "000000");
    }
    clock.advance(Duration.ofSeconds(30));
    assertThat(mfa.verify("alice", Totp.code(e.secret(), Totp.step(clock.instant()))))
        .isEqualTo(SecondFactor.Check.TOO_MANY_FAILURES);
    clock.advance(SecondFactor.FAILURE_WINDOW);
    assertThat(mfa.verify("alice", Totp.code(e.secret(), Totp.step(clock.instant()))))
        .isEqualTo(SecondFactor.Check.ACCEPTED);
  }
}
