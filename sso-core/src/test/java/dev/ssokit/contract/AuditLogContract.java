package dev.ssokit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import java.time.Instant;
import java.util.Map;
import dev.ssokit.spi.AuditQuery;
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

  static AuditEvent eventOf(int secondsAfterT0, String type, String subject, String clientId) {
    return new AuditEvent(T0.plusSeconds(secondsAfterT0), type, subject, clientId, null, Map.of());
  }

  @Test
  void whenQueriedWithCursorThenNewestFirstPageByPage() {
    AuditLog log = newStore();
    for (int i = 0; i < 5; i++) {
      log.append(eventOf(i, "e" + i, "alice", "app"));
    }

    AuditLog.Page first = log.query(AuditQuery.ALL, null, 2);
    AuditLog.Page second = log.query(AuditQuery.ALL, first.nextCursor(), 2);
    AuditLog.Page third = log.query(AuditQuery.ALL, second.nextCursor(), 2);

    assertThat(first.events()).extracting(AuditEvent::type).containsExactly("e4", "e3");
    assertThat(second.events()).extracting(AuditEvent::type).containsExactly("e2", "e1");
    assertThat(third.events()).extracting(AuditEvent::type).containsExactly("e0");
    assertThat(third.nextCursor()).isNull();
  }

  @Test
  void whenExactlyOnePageThenNoNextCursor() {
    AuditLog log = newStore();
    log.append(eventOf(0, "a", null, null));
    log.append(eventOf(1, "b", null, null));

    assertThat(log.query(AuditQuery.ALL, null, 2).nextCursor()).isNull();
  }

  @Test
  void whenQueriedByFieldsThenOnlyMatchingEvents() {
    AuditLog log = newStore();
    log.append(eventOf(0, "login.failure", "alice", "web"));
    log.append(eventOf(10, "login.success", "alice", "web"));
    log.append(eventOf(20, "login.success", "bob", "api"));
    log.append(eventOf(30, "application.deleted", null, "web"));

    assertThat(log.query(new AuditQuery(null, null, "login.success", null, null), null, 10).events())
        .extracting(AuditEvent::subject).containsExactly("bob", "alice");
    assertThat(log.query(new AuditQuery(null, null, null, "alice", null), null, 10).events())
        .extracting(AuditEvent::type).containsExactly("login.success", "login.failure");
    assertThat(log.query(new AuditQuery(null, null, null, null, "web"), null, 10).events())
        .extracting(AuditEvent::type).containsExactly("application.deleted", "login.success", "login.failure");
    assertThat(log.query(new AuditQuery(T0.plusSeconds(10), T0.plusSeconds(30), null, null, null), null, 10).events())
        .extracting(AuditEvent::type).containsExactly("login.success", "login.success");
    assertThat(log.query(new AuditQuery(null, null, "none", null, null), null, 10).events()).isEmpty();
  }
}
