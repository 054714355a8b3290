package dev.ssokit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.spi.ClientRegistrationStore;
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
  void whenRegistrationAccessTokenSetThenFoundReplacedAndRemoved() {
    ClientRegistrationStore store = newStore();
    assertThat(store.findRegistrationAccessToken("app")).isEmpty();
    store.setRegistrationAccessToken("app", "h1");
    assertThat(store.findRegistrationAccessToken("app")).contains("h1");
    store.setRegistrationAccessToken("app", "h2");
    assertThat(store.findRegistrationAccessToken("app")).contains("h2");
    store.setRegistrationAccessToken("app", null);
    assertThat(store.findRegistrationAccessToken("app")).isEmpty();
  }

  @Test
  void whenSingleUseTokenUsedConcurrentlyThenExactlyOneWins() throws Exception {
    ClientRegistrationStore store = newStore();
    store.createInitialAccessToken(token("race", true));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> {
          start.await();
          return store.useInitialAccessToken("hash-race", NOW).isPresent();
        }));
      }
      start.countDown();
      int winners = 0;
      for (Future<Boolean> r : results) {
        winners += r.get() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
