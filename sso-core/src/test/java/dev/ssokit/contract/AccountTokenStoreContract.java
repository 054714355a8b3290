package dev.ssokit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.spi.AccountToken;
import dev.ssokit.spi.AccountTokenStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link AccountTokenStore} shares; a backend's test extends it and supplies the store. */
public abstract class AccountTokenStoreContract {

  /** A fresh, empty store; called once per test. */
  protected abstract AccountTokenStore newStore();

  static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

  static AccountToken token(String hash, String purpose, String subject, Instant expiresAt) {
    return new AccountToken(hash, purpose, subject, subject + "@example.com", NOW.minusSeconds(60), expiresAt);
  }

  @Test
  void whenTakenThenReturnedWithEveryFieldOnceOnly() {
    AccountTokenStore store = newStore();
    AccountToken t = token("h1", AccountToken.PURPOSE_RESET_PASSWORD, "alice", NOW.plusSeconds(600));
    store.save(t);

    assertThat(store.take("h1", AccountToken.PURPOSE_RESET_PASSWORD, NOW)).contains(t);
    assertThat(store.take("h1", AccountToken.PURPOSE_RESET_PASSWORD, NOW)).isEmpty();
  }

  @Test
  void whenOfAnotherPurposeThenNotTakenAndStillUsable() {
    AccountTokenStore store = newStore();
    store.save(token("h1", AccountToken.PURPOSE_VERIFY_EMAIL, "alice", NOW.plusSeconds(600)));

    assertThat(store.take("h1", AccountToken.PURPOSE_RESET_PASSWORD, NOW)).isEmpty();
    assertThat(store.take("h1", AccountToken.PURPOSE_VERIFY_EMAIL, NOW)).isPresent();
  }

  @Test
  void whenExpiredThenNotTaken() {
    AccountTokenStore store = newStore();
    store.save(token("h1", AccountToken.PURPOSE_VERIFY_EMAIL, "alice", NOW));

    assertThat(store.take("h1", AccountToken.PURPOSE_VERIFY_EMAIL, NOW)).isEmpty();
  }

  @Test
  void whenInvitationThenSubjectNullRoundTrips() {
    AccountTokenStore store = newStore();
    AccountToken invite = new AccountToken("h1", AccountToken.PURPOSE_INVITE, null, "new@example.com", NOW,
        NOW.plusSeconds(600));
    store.save(invite);

    assertThat(store.take("h1", AccountToken.PURPOSE_INVITE, NOW)).contains(invite);
  }

  @Test
  void whenDeletedForSubjectAndPurposeThenOnlyThoseGo() {
    AccountTokenStore store = newStore();
    store.save(token("h1", AccountToken.PURPOSE_RESET_PASSWORD, "alice", NOW.plusSeconds(600)));
    store.save(token("h2", AccountToken.PURPOSE_RESET_PASSWORD, "alice", NOW.plusSeconds(600)));
    store.save(token("h3", AccountToken.PURPOSE_VERIFY_EMAIL, "alice", NOW.plusSeconds(600)));
    store.save(token("h4", AccountToken.PURPOSE_RESET_PASSWORD, "bob", NOW.plusSeconds(600)));

    assertThat(store.deleteAll("alice", AccountToken.PURPOSE_RESET_PASSWORD)).isEqualTo(2);

    assertThat(store.take("h1", AccountToken.PURPOSE_RESET_PASSWORD, NOW)).isEmpty();
    assertThat(store.take("h3", AccountToken.PURPOSE_VERIFY_EMAIL, NOW)).isPresent();
    assertThat(store.take("h4", AccountToken.PURPOSE_RESET_PASSWORD, NOW)).isPresent();
  }

  @Test
  void whenPurgedThenOnlyExpiredGoWithinTheLimit() {
    AccountTokenStore store = newStore();
    store.save(token("old1", AccountToken.PURPOSE_VERIFY_EMAIL, "a", NOW.minus(Duration.ofDays(1))));
    store.save(token("old2", AccountToken.PURPOSE_VERIFY_EMAIL, "b", NOW.minus(Duration.ofDays(1))));
    store.save(token("live", AccountToken.PURPOSE_VERIFY_EMAIL, "c", NOW.plus(Duration.ofDays(1))));

    assertThat(store.purgeExpired(NOW, 1)).isEqualTo(1);
    assertThat(store.purgeExpired(NOW, 10)).isEqualTo(1);
    assertThat(store.take("live", AccountToken.PURPOSE_VERIFY_EMAIL, NOW)).isPresent();
  }

  @Test
  void whenTakenConcurrentlyThenExactlyOneWins() throws Exception {
    AccountTokenStore store = newStore();
    store.save(token("h1", AccountToken.PURPOSE_RESET_PASSWORD, "alice", NOW.plusSeconds(600)));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Optional<AccountToken>>> results = new ArrayList<>();
      Callable<Optional<AccountToken>> take = () -> store.take("h1", AccountToken.PURPOSE_RESET_PASSWORD, NOW);
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(take));
      }
      int winners = 0;
      for (Future<Optional<AccountToken>> r : results) {
        winners += r.get().isPresent() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
