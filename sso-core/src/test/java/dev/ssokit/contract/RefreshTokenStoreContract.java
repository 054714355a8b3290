package dev.ssokit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.spi.RefreshToken;
import dev.ssokit.spi.RefreshTokenStore;
import dev.ssokit.spi.RefreshTokenStore.Rotation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link RefreshTokenStore} shares, including reuse detection (OAuth 2.1 §6.1,
 * RFC 9700 §4.14.2) and atomic rotation under concurrency; a backend's test extends it.
 *
 * <p>IMPORTANT: the concurrency test needs a store that 20 threads may call at once (a pool of
 * at least a few connections for database backends).
 */
public abstract class RefreshTokenStoreContract {

  /** A fresh, empty store; called once per test. */
  protected abstract RefreshTokenStore newStore();

  static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");
  static final Duration LIFETIME = Duration.ofDays(30);
  static final int THREADS = 20;

  /**
   * A token of family {@code familyId} (granted two days ago), valid from an hour ago for
   * {@link #LIFETIME}.
   */
  static RefreshToken first(String tokenHash, String familyId, String sessionId) {
    return ofSubject(tokenHash, familyId, sessionId, "alice");
  }

  static RefreshToken ofSubject(String tokenHash, String familyId, String sessionId, String subject) {
    Instant issued = NOW.minus(Duration.ofHours(1));
    return new RefreshToken(tokenHash, familyId, "app", subject, Set.of("openid", "offline_access"), sessionId,
        issued.minusSeconds(30), NOW.minus(Duration.ofDays(2)), issued, issued.plus(LIFETIME), false, false);
  }

  static RefreshToken expiringAt(String tokenHash, Instant expiresAt) {
    return new RefreshToken(tokenHash, "family-" + tokenHash, "app", "alice", Set.of("openid"), null, null,
        expiresAt.minus(LIFETIME), expiresAt.minus(LIFETIME), expiresAt, false, false);
  }

  static RefreshToken successorOf(RefreshToken token, String newHash) {
    return token.successor(newHash, NOW, NOW.plus(LIFETIME));
  }

  @Test
  void whenSavedThenFoundWithEveryField() {
    RefreshTokenStore store = newStore();
    RefreshToken token = first("h1", "f1", "sid-1");

    store.save(token);

    assertThat(store.find("h1")).contains(token);
  }

  @Test
  void whenGrantHasAClaimsRequestThenItRoundTripsAndPassesToTheSuccessor() {
    RefreshTokenStore store = newStore();
    RefreshToken token = new RefreshToken("h1", "f1", "app", "alice", Set.of("openid"), "sid-1", NOW, NOW, NOW,
        NOW.plus(LIFETIME), false, false, "{\"userinfo\":{\"email\":{\"essential\":true}}}");
    store.save(token);
    assertThat(store.find("h1")).contains(token);

    RefreshToken successor = successorOf(token, "h2");
    assertThat(store.rotate("h1", successor, NOW)).isEqualTo(RefreshTokenStore.Rotation.ROTATED);
    assertThat(store.find("h2").orElseThrow().claims()).isEqualTo(token.claims());
  }

  @Test
  void whenTokenIsBoundToADpopKeyThenTheKeyRoundTripsAndPassesToTheSuccessor() {
    RefreshTokenStore store = newStore();
    RefreshToken token = new RefreshToken("h1", "f1", "spa", "alice", Set.of("openid"), "sid-1", NOW, NOW, NOW,
        NOW.plus(LIFETIME), false, false, null, "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I");
    store.save(token);
    assertThat(store.find("h1")).contains(token);

    RefreshToken successor = successorOf(token, "h2");
    assertThat(store.rotate("h1", successor, NOW)).isEqualTo(RefreshTokenStore.Rotation.ROTATED);
    assertThat(store.find("h2").orElseThrow().jkt()).isEqualTo(token.jkt());
    // the rotated-away token keeps its key too: the grace window and reuse detection read it
    assertThat(store.find("h1").orElseThrow().jkt()).isEqualTo(token.jkt());
    store.revokeFamily("f1");
    assertThat(store.find("h2").orElseThrow().jkt()).isEqualTo(token.jkt());
  }

  @Test
  void whenNoSessionOrAuthTimeThenNullsRoundTrip() {
    RefreshTokenStore store = newStore();
    RefreshToken token = new RefreshToken("h1", "f1", "app", "alice", Set.of(), null, null, NOW, NOW,
        NOW.plus(LIFETIME), false, false);

    store.save(token);

    assertThat(store.find("h1")).contains(token);
  }

  @Test
  void whenUnknownHashThenFindIsEmpty() {
    assertThat(newStore().find("nope")).isEmpty();
  }

  @Test
  void whenValidTokenRotatedThenRotatedOldMarkedUsedAndSuccessorFindable() {
    RefreshTokenStore store = newStore();
    RefreshToken token = first("h1", "f1", "sid-1");
    store.save(token);
    RefreshToken next = successorOf(token, "h2");

    assertThat(store.rotate("h1", next, NOW)).isEqualTo(Rotation.ROTATED);

    RefreshToken old = store.find("h1").orElseThrow();
    assertThat(old.used()).isTrue();
    assertThat(old.revoked()).isFalse();
    assertThat(store.find("h2")).contains(next);
  }

  @Test
  void whenSuccessorRotatedInTurnThenChainContinues() {
    RefreshTokenStore store = newStore();
    RefreshToken token = first("h1", "f1", null);
    store.save(token);
    RefreshToken second = successorOf(token, "h2");
    store.rotate("h1", second, NOW);

    assertThat(store.rotate("h2", successorOf(second, "h3"), NOW.plusSeconds(60))).isEqualTo(Rotation.ROTATED);

    assertThat(store.find("h3")).isPresent();
    assertThat(store.find("h2").orElseThrow().used()).isTrue();
  }

  @Test
  void whenUsedTokenPresentedAgainThenReusedAndWholeFamilyRevoked() {
    RefreshTokenStore store = newStore();
    RefreshToken token = first("h1", "f1", "sid-1");
    store.save(token);
    store.save(first("other", "f2", "sid-1"));
    store.rotate("h1", successorOf(token, "h2"), NOW);

    assertThat(store.rotate("h1", successorOf(token, "h3"), NOW)).isEqualTo(Rotation.REUSED);

    assertThat(store.find("h1").orElseThrow().revoked()).isTrue();
    assertThat(store.find("h2").orElseThrow().revoked()).isTrue();
    assertThat(store.find("h3")).as("no successor for a reused token").isEmpty();
    assertThat(store.find("other").orElseThrow().revoked()).as("other family untouched").isFalse();
  }

  @Test
  void whenFamilyRevokedByReuseThenLatestTokenIsInvalid() {
    RefreshTokenStore store = newStore();
    RefreshToken token = first("h1", "f1", null);
    store.save(token);
    RefreshToken second = successorOf(token, "h2");
    store.rotate("h1", second, NOW);
    store.rotate("h1", successorOf(token, "hx"), NOW);

    assertThat(store.rotate("h2", successorOf(second, "h3"), NOW)).isEqualTo(Rotation.INVALID);

    assertThat(store.find("h3")).isEmpty();
  }

  @Test
  void whenUnknownTokenRotatedThenInvalidAndNothingStored() {
    RefreshTokenStore store = newStore();

    assertThat(store.rotate("nope", successorOf(first("nope", "f1", null), "h2"), NOW)).isEqualTo(Rotation.INVALID);

    assertThat(store.find("h2")).isEmpty();
  }

  @Test
  void whenExpiredTokenRotatedThenInvalidAndNothingChanged() {
    RefreshTokenStore store = newStore();
    RefreshToken token = first("h1", "f1", null);
    store.save(token);

    // expiry is checked against the given now; expiresAt itself is already expired
    assertThat(store.rotate("h1", successorOf(token, "h2"), token.expiresAt())).isEqualTo(Rotation.INVALID);

    assertThat(store.find("h1")).contains(token);
    assertThat(store.find("h2")).isEmpty();
  }

  @Test
  void whenRevokedTokenRotatedThenInvalidAndNothingStored() {
    RefreshTokenStore store = newStore();
    RefreshToken token = first("h1", "f1", null);
    store.save(token);
    store.revokeFamily("f1");

    assertThat(store.rotate("h1", successorOf(token, "h2"), NOW)).isEqualTo(Rotation.INVALID);

    assertThat(store.find("h1").orElseThrow().used()).isFalse();
    assertThat(store.find("h2")).isEmpty();
  }

  @Test
  void whenFamilyRevokedThenEveryTokenOfItRevokedAndOthersNot() {
    RefreshTokenStore store = newStore();
    RefreshToken token = first("h1", "f1", null);
    store.save(token);
    store.rotate("h1", successorOf(token, "h2"), NOW);
    store.save(first("other", "f2", null));

    assertThat(store.revokeFamily("f1")).isTrue();

    assertThat(store.find("h1").orElseThrow().revoked()).isTrue();
    assertThat(store.find("h2").orElseThrow().revoked()).isTrue();
    assertThat(store.find("other").orElseThrow().revoked()).isFalse();
  }

  @Test
  void whenFamilyUnknownThenRevokeFamilyReturnsFalse() {
    RefreshTokenStore store = newStore();
    store.save(first("h1", "f1", null));

    assertThat(store.revokeFamily("f-unknown")).isFalse();

    assertThat(store.find("h1").orElseThrow().revoked()).isFalse();
  }

  @Test
  void whenSessionRevokedThenItsFamiliesRevokedCountReturnedAndOtherSessionsKept() {
    RefreshTokenStore store = newStore();
    RefreshToken a = first("a1", "fa", "sid-1");
    store.save(a);
    store.rotate("a1", successorOf(a, "a2"), NOW);
    store.save(first("b1", "fb", "sid-1"));
    store.save(first("c1", "fc", "sid-2"));
    store.save(first("d1", "fd", null));

    assertThat(store.revokeSession("sid-1")).isEqualTo(3);

    assertThat(store.find("a1").orElseThrow().revoked()).isTrue();
    assertThat(store.find("a2").orElseThrow().revoked()).isTrue();
    assertThat(store.find("b1").orElseThrow().revoked()).isTrue();
    assertThat(store.find("c1").orElseThrow().revoked()).isFalse();
    assertThat(store.find("d1").orElseThrow().revoked()).isFalse();
    assertThat(store.revokeSession("sid-1")).as("already revoked tokens are not counted again").isZero();
    assertThat(store.revokeSession("sid-unknown")).isZero();
  }

  @Test
  void whenRotatedThenSuccessorKeepsTheFamilysGrantTime() {
    RefreshTokenStore store = newStore();
    RefreshToken token = first("h1", "f1", null);
    store.save(token);

    store.rotate("h1", successorOf(token, "h2"), NOW);

    assertThat(store.find("h2").orElseThrow().grantedAt()).isEqualTo(token.grantedAt());
  }

  @Test
  void whenSubjectRevokedThenEveryFamilyOfItRevokedCountReturnedAndOtherSubjectsKept() {
    RefreshTokenStore store = newStore();
    RefreshToken a = ofSubject("a1", "fa", "sid-1", "mallory");
    store.save(a);
    store.rotate("a1", successorOf(a, "a2"), NOW);
    store.save(ofSubject("b1", "fb", null, "mallory"));
    store.save(ofSubject("c1", "fc", "sid-1", "alice"));

    assertThat(store.revokeSubject("mallory")).isEqualTo(3);

    assertThat(store.find("a1").orElseThrow().revoked()).isTrue();
    assertThat(store.find("a2").orElseThrow().revoked()).isTrue();
    assertThat(store.find("b1").orElseThrow().revoked()).isTrue();
    assertThat(store.find("c1").orElseThrow().revoked()).isFalse();
    assertThat(store.rotate("a2", successorOf(a, "a3"), NOW)).isEqualTo(Rotation.INVALID);
    assertThat(store.revokeSubject("mallory")).as("already revoked tokens are not counted again").isZero();
    assertThat(store.revokeSubject("nobody")).isZero();
  }

  @Test
  void whenPurgingThenOnlyExpiredRemovedInBatchesOfAtMostLimit() {
    RefreshTokenStore store = newStore();
    for (int i = 0; i < 5; i++) {
      store.save(expiringAt("old-" + i, NOW.minusSeconds(10 + i)));
    }
    store.save(expiringAt("live", NOW.plusSeconds(10)));

    assertThat(store.purgeExpired(NOW, 2)).isEqualTo(2);
    assertThat(store.purgeExpired(NOW, 2)).isEqualTo(2);
    assertThat(store.purgeExpired(NOW, 2)).isEqualTo(1);
    assertThat(store.purgeExpired(NOW, 2)).isZero();

    for (int i = 0; i < 5; i++) {
      assertThat(store.find("old-" + i)).isEmpty();
    }
    assertThat(store.find("live")).isPresent();
  }

  @Test
  void whenLimitIsZeroThenNothingPurged() {
    RefreshTokenStore store = newStore();
    store.save(expiringAt("old", NOW.minusSeconds(10)));

    assertThat(store.purgeExpired(NOW, 0)).isZero();

    assertThat(store.find("old")).isPresent();
  }

  @Test
  @Timeout(60)
  void whenTwentyThreadsRotateOneTokenThenExactlyOneRotatesAndReuseRevokesTheFamily() throws Exception {
    // RefreshTokenStore#rotate: of N concurrent rotations exactly one returns ROTATED
    RefreshTokenStore store = newStore();
    RefreshToken token = first("h0", "f1", "sid-1");
    store.save(token);
    CountDownLatch ready = new CountDownLatch(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<Rotation>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < THREADS; i++) {
        RefreshToken successor = successorOf(token, "next-" + i);
        futures.add(pool.submit(() -> {
          ready.countDown();
          start.await();
          return store.rotate("h0", successor, NOW);
        }));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).as("all threads at the start gate").isTrue();
      start.countDown();
      Map<Rotation, Integer> outcomes = new EnumMap<>(Rotation.class);
      for (Future<Rotation> f : futures) {
        outcomes.merge(f.get(30, TimeUnit.SECONDS), 1, Integer::sum);
      }

      assertThat(outcomes.getOrDefault(Rotation.ROTATED, 0)).as("outcomes %s", outcomes).isEqualTo(1);
      List<RefreshToken> successors = new ArrayList<>();
      for (int i = 0; i < THREADS; i++) {
        store.find("next-" + i).ifPresent(successors::add);
      }
      assertThat(successors).as("exactly the winner's successor is stored").hasSize(1);
      if (outcomes.getOrDefault(Rotation.REUSED, 0) > 0) {
        assertThat(store.find("h0").orElseThrow().revoked()).isTrue();
        assertThat(successors.get(0).revoked()).as("the winner's successor is revoked with its family").isTrue();
      }
      assertThat(store.find("h0").orElseThrow().used()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  static RefreshToken ofClient(String tokenHash, String familyId, String clientId) {
    Instant issued = NOW.minus(Duration.ofHours(1));
    return new RefreshToken(tokenHash, familyId, clientId, "alice", Set.of("openid", "offline_access"), null,
        issued.minusSeconds(30), NOW.minus(Duration.ofDays(2)), issued, issued.plus(LIFETIME), false, false);
  }

  @Test
  void whenClientRevokedThenOnlyItsFamiliesRevoked() {
    RefreshTokenStore store = newStore();
    store.save(ofClient("h1", "f1", "web"));
    store.save(ofClient("h2", "f2", "web"));
    store.save(ofClient("h3", "f3", "other"));

    assertThat(store.revokeClient("web")).isEqualTo(2);

    assertThat(store.find("h1")).get().extracting(RefreshToken::revoked).isEqualTo(true);
    assertThat(store.find("h3")).get().extracting(RefreshToken::revoked).isEqualTo(false);
    assertThat(store.rotate("h2", successorOf(store.find("h2").orElseThrow(), "h2b"), NOW)).isEqualTo(Rotation.INVALID);
  }

  @Test
  void whenCountingActiveFamiliesThenUsedRevokedAndExpiredAreLeftOut() {
    RefreshTokenStore store = newStore();
    store.save(ofClient("h1", "f1", "web"));
    store.rotate("h1", successorOf(ofClient("h1", "f1", "web"), "h1b"), NOW); // f1: one live token
    store.save(ofClient("h2", "f2", "web"));
    store.revokeFamily("f2");
    store.save(ofClient("h3", "f3", "web"));
    store.save(ofClient("h4", "f4", "other"));

    assertThat(store.countActiveFamilies("web", NOW)).isEqualTo(2);
    assertThat(store.countActiveFamilies("web", NOW.plus(LIFETIME).plus(Duration.ofDays(1)))).isZero();
    assertThat(store.countActiveFamilies("nobody", NOW)).isZero();
  }
}
