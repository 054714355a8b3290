package dev.ssokit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.spi.ClientRegistrationStore;
import dev.ssokit.spi.DynamicRegistration;
import dev.ssokit.spi.InitialAccessToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link ClientRegistrationStore} shares; a backend's test extends it and supplies the store. */
public abstract class ClientRegistrationStoreContract {

  /** A fresh, empty store; called once per test. */
  protected abstract ClientRegistrationStore newStore();

  static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

  static InitialAccessToken token(String id, boolean singleUse) {
    return new InitialAccessToken(id, "hash-" + id, NOW, NOW.plus(Duration.ofHours(1)), singleUse, null,
        Set.of("authorization_code"), Set.of("openid", "sso:apps"), Set.of("https"), "root");
  }

  @Test
  void whenCreatedThenUsedWithEveryFieldAndListed() {
    ClientRegistrationStore store = newStore();
    InitialAccessToken t = token("a1", false);
    store.createInitialAccessToken(t);
    assertThat(store.findInitialAccessToken("hash-a1")).contains(t);
    assertThat(store.findInitialAccessToken("hash-unknown")).isEmpty();

    InitialAccessToken used = store.useInitialAccessToken("hash-a1", NOW.plusSeconds(1)).orElseThrow();
    assertThat(used).isEqualTo(t.usedAt(NOW.plusSeconds(1)));
    // reusable: a second use works too
    assertThat(store.useInitialAccessToken("hash-a1", NOW.plusSeconds(2))).isPresent();
    assertThat(store.useInitialAccessToken("hash-unknown", NOW)).isEmpty();
    assertThat(store.listInitialAccessTokens(null, 10)).extracting(InitialAccessToken::id).containsExactly("a1");
  }

  @Test
  void whenSingleUseThenOnlyOnce() {
    ClientRegistrationStore store = newStore();
    store.createInitialAccessToken(token("s1", true));

    assertThat(store.useInitialAccessToken("hash-s1", NOW)).isPresent();
    assertThat(store.useInitialAccessToken("hash-s1", NOW)).isEmpty();
    assertThat(store.listInitialAccessTokens(null, 10).get(0).usedAt()).isEqualTo(NOW);
  }

  @Test
  void whenExpiredThenRefused() {
    ClientRegistrationStore store = newStore();
    store.createInitialAccessToken(token("e1", false));

    assertThat(store.useInitialAccessToken("hash-e1", NOW.plus(Duration.ofHours(1)))).isEmpty();
  }

  @Test
  void whenListedThenPagedByIdAndDeletedOnce() {
    ClientRegistrationStore store = newStore();
    for (String id : List.of("c", "a", "b")) {
      store.createInitialAccessToken(token(id, true));
    }
    assertThat(store.listInitialAccessTokens(null, 2)).extracting(InitialAccessToken::id).containsExactly("a", "b");
    assertThat(store.listInitialAccessTokens("b", 2)).extracting(InitialAccessToken::id).containsExactly("c");

    assertThat(store.deleteInitialAccessToken("b")).isTrue();
    assertThat(store.deleteInitialAccessToken("b")).isFalse();
    assertThat(store.useInitialAccessToken("hash-b", NOW)).isEmpty();
    assertThat(store.listInitialAccessTokens(null, 10)).extracting(InitialAccessToken::id).containsExactly("a", "c");
  }

  @Test
  void whenRegistrationSavedThenFoundWithItsPolicyReplacedAndDeleted() {
    ClientRegistrationStore store = newStore();
    assertThat(store.findRegistration("app")).isEmpty();
    DynamicRegistration withPolicy = DynamicRegistration.of("app", "h1", token("i1", true));
    store.saveRegistration(withPolicy);
    assertThat(store.findRegistration("app")).contains(withPolicy);
    assertThat(withPolicy.initialAccessTokenId()).isEqualTo("i1");
    assertThat(withPolicy.allowedScopes()).containsExactlyInAnyOrder("openid", "sso:apps");

    DynamicRegistration open = DynamicRegistration.of("app", "h2", null);
    store.saveRegistration(open);
    assertThat(store.findRegistration("app")).contains(open);
    assertThat(store.findRegistration("other")).isEmpty();

    assertThat(store.deleteRegistration("app")).isTrue();
    assertThat(store.deleteRegistration("app")).isFalse();
    assertThat(store.findRegistration("app")).isEmpty();
  }

  @Test
  void whenRegistrationAccessTokenRotatedThenOnlyFromTheCurrentOne() {
    ClientRegistrationStore store = newStore();
    DynamicRegistration r = DynamicRegistration.of("app", "h1", token("i1", false));
    store.saveRegistration(r);

    assertThat(store.rotateRegistrationAccessToken("app", "h1", "h2")).isTrue();
    assertThat(store.findRegistration("app")).contains(r.withRegistrationAccessTokenHash("h2"));
    assertThat(store.rotateRegistrationAccessToken("app", "h1", "h3")).as("the old token no longer rotates").isFalse();
    assertThat(store.rotateRegistrationAccessToken("missing", "h1", "h3")).isFalse();
    assertThat(store.findRegistration("app").orElseThrow().registrationAccessTokenHash()).isEqualTo("h2");
  }

  @Test
  void whenRegistrationAccessTokenRotatedConcurrentlyThenExactlyOneWins() throws Exception {
    ClientRegistrationStore store = newStore();
    store.saveRegistration(DynamicRegistration.of("app", "h0", null));
    List<String> winners = race(8, i -> store.rotateRegistrationAccessToken("app", "h0", "new-" + i)
        ? "new-" + i : null);
    assertThat(winners).hasSize(1);
    assertThat(store.findRegistration("app").orElseThrow().registrationAccessTokenHash()).isEqualTo(winners.get(0));
  }

  @Test
  void whenPurgedThenOnlyExpiredInitialAccessTokensGoInBoundedBatches() {
    ClientRegistrationStore store = newStore();
    for (int i = 0; i < 5; i++) {
      store.createInitialAccessToken(token("old" + i, false)); // expire at NOW + 1 h
    }
    store.createInitialAccessToken(new InitialAccessToken("fresh", "hash-fresh", NOW, NOW.plus(Duration.ofDays(2)),
        false, null, null, null, null, "root"));
    Instant later = NOW.plus(Duration.ofHours(2));

    assertThat(store.purgeExpiredInitialAccessTokens(NOW, 10)).as("none expired yet").isZero();
    assertThat(store.purgeExpiredInitialAccessTokens(later, 3)).isEqualTo(3);
    assertThat(store.purgeExpiredInitialAccessTokens(later, 3)).isEqualTo(2);
    assertThat(store.purgeExpiredInitialAccessTokens(later, 3)).isZero();
    assertThat(store.listInitialAccessTokens(null, 10)).extracting(InitialAccessToken::id).containsExactly("fresh");
  }

  @Test
  void whenSingleUseTokenUsedConcurrentlyThenExactlyOneWins() throws Exception {
    ClientRegistrationStore store = newStore();
    store.createInitialAccessToken(token("race", true));
    assertThat(race(8, i -> store.useInitialAccessToken("hash-race", NOW).isPresent() ? "won" : null)).hasSize(1);
  }

  /** Runs {@code attempt} on {@code threads} threads released together; the non-null answers. */
  private static List<String> race(int threads, IntFunction<String> attempt) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int n = i;
        results.add(pool.submit(() -> {
          start.await();
          return attempt.apply(n);
        }));
      }
      start.countDown();
      List<String> winners = new ArrayList<>();
      for (Future<String> r : results) {
        String won = r.get();
        if (won != null) {
          winners.add(won);
        }
      }
      return winners;
    } finally {
      pool.shutdownNow();
    }
  }
}
