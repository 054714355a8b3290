package dev.ssokit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link AuditLog} shares; a backend's test extends it and supplies the log. */
public abstract class AuditLogContract {

  /** A fresh, empty log; called once per test. */
  protected abstract AuditLog newStore();

  static final Instant T0 = Instant.parse("2030-01-02T03:04:05Z");

  static AuditEvent event(int secondsAfterT0, String type) {
    return new AuditEvent(T0.plusSeconds(secondsAfterT0), type, "alice", "app", "203.0.113.7",
        Map.of("reason", "bad_password", "attempt", String.valueOf(secondsAfterT0)));
  }

  @Test
  void whenEmptyThenRecentIsEmpty() {
    assertThat(newStore().recent(10)).isEmpty();
  }

  @Test
  void whenAppendedThenReadBackWithEveryField() {
    AuditLog log = newStore();
    AuditEvent event = event(0, "login.failure");

    log.append(event);

    assertThat(log.recent(10)).containsExactly(event);
  }

  @Test
  void whenOptionalFieldsNullThenTheyRoundTrip() {
    AuditLog log = newStore();
    AuditEvent event = new AuditEvent(T0, "key.rotated", null, null, null, null);

    log.append(event);

    assertThat(log.recent(1)).containsExactly(event);
  }

  @Test
  void whenSeveralAppendedThenNewestFirst() {
    AuditLog log = newStore();
    log.append(event(0, "login.failure"));
    log.append(event(1, "login.success"));
    log.append(event(2, "token.issued"));

    assertThat(log.recent(10)).extracting(AuditEvent::type)
        .containsExactly("token.issued", "login.success", "login.failure");
  }

  @Test
  void whenLimitSmallerThanLogThenOnlyTheNewestLimitReturned() {
    AuditLog log = newStore();
    for (int i = 0; i < 5; i++) {
      log.append(event(i, "e" + i));
    }

    assertThat(log.recent(2)).extracting(AuditEvent::type).containsExactly("e4", "e3");
    assertThat(log.recent(0)).isEmpty();
  }
}
