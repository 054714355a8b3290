package dev.ssokit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.contract.MutableClock;
import dev.ssokit.internal.interaction.BrowserSession;
import dev.ssokit.internal.interaction.SessionStore;
import dev.ssokit.memory.InMemoryCache;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Browser sessions in the cache: what concurrent writers on several instances can and cannot undo. */
class SessionStoreTest {
  private final MutableClock clock = MutableClock.atNow();
  private final SessionStore sessions =
      new SessionStore(new InMemoryCache(clock), clock, Duration.ofHours(12), Duration.ofMinutes(30));

  @Test
  void whenClientsGetCodesThenTheSessionListsThemInOrderOnce() {
    SessionStore.Created created = sessions.create("alice", clock.instant(), List.of("pwd"));
    BrowserSession s = sessions.find(created.cookieValue()).orElseThrow();
    s = sessions.addClient(created.cookieValue(), s, "web").orElseThrow();
    assertThat(sessions.addClient(created.cookieValue(), s, "web")).isEmpty();
    sessions.addClient(created.cookieValue(), s, "spa");

    assertThat(sessions.find(created.cookieValue()).orElseThrow().clients()).containsExactly("web", "spa");
  }

  @Test
  void whenAClientIsRecordedAfterALogoutOnAnotherInstanceThenTheSessionStaysEnded() {
    SessionStore.Created created = sessions.create("alice", clock.instant(), List.of("pwd"));
    BrowserSession seenBeforeLogout = sessions.find(created.cookieValue()).orElseThrow();

    sessions.delete(created.cookieValue()); // the logout, elsewhere
    sessions.addClient(created.cookieValue(), seenBeforeLogout, "web"); // a code issued from the stale read

    assertThat(sessions.find(created.cookieValue())).isEmpty();
  }
}
