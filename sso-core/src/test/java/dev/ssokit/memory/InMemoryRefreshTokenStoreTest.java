package dev.ssokit.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.contract.RefreshTokenStoreContract;
import dev.ssokit.spi.RefreshToken;
import dev.ssokit.spi.RefreshTokenStore;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InMemoryRefreshTokenStoreTest extends RefreshTokenStoreContract {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Override
  protected RefreshTokenStore newStore() {
    return new InMemoryRefreshTokenStore();
  }

  private static RefreshToken token(String hash, String family, Instant issuedAt, Instant expiresAt) {
    return new RefreshToken(hash, family, "app", "alice", Set.of("openid"), "sid-" + family, issuedAt, issuedAt,
        issuedAt, expiresAt, false, false, null);
  }

  @Test
  void whenEveryNthWriteThenTokensExpiredBeforeItWasIssuedAreDroppedWithTheirIndexes() {
    InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore();
    int n = InMemoryRefreshTokenStore.SWEEP_EVERY_WRITES;
    for (int i = 0; i < n - 1; i++) {
      store.save(token("old-" + i, "family-" + i, T0, T0.plusSeconds(60)));
    }
    assertThat(store.size()).isEqualTo(n - 1);

    store.save(token("new", "family-new", T0.plusSeconds(3600), T0.plusSeconds(7200)));

    assertThat(store.size()).isEqualTo(1);
    assertThat(store.find("old-0")).isEmpty();
    assertThat(store.find("new")).isPresent();
    assertThat(store.revokeFamily("family-0")).isFalse();
    assertThat(store.revokeSession("sid-family-0")).isZero();
    assertThat(store.revokeSubject("alice")).isEqualTo(1);
  }

  @Test
  void whenSweepRunsThenTokensStillValidAreKept() {
    InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore();
    int n = InMemoryRefreshTokenStore.SWEEP_EVERY_WRITES;
    for (int i = 0; i < n; i++) {
      store.save(token("live-" + i, "family-" + i, T0, T0.plusSeconds(3600)));
    }
    assertThat(store.size()).isEqualTo(n);
    assertThat(store.find("live-0")).isPresent();
  }

  @Test
  void whenAFamilyRotatesManyTimesThenOnlyItsLastUsedTokensAreKeptAndTheyStillRevealReuse() {
    InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore();
    int kept = InMemoryRefreshTokenStore.USED_KEPT_PER_FAMILY;
    RefreshToken current = token("h0", "f", T0, T0.plusSeconds(86_400));
    store.save(token("other", "g", T0, T0.plusSeconds(86_400)));
    store.save(current);
    int rotations = kept + 100;
    for (int i = 1; i <= rotations; i++) {
      RefreshToken next = current.successor("h" + i, T0.plusSeconds(i), T0.plusSeconds(86_400 + i));
      assertThat(store.rotate(current.tokenHash(), next, T0.plusSeconds(i))).isEqualTo(RefreshTokenStore.Rotation.ROTATED);
      current = next;
    }

    // the live token, the last `kept` used ones, and the other family's token: no more however many rotations
    assertThat(store.size()).isEqualTo(kept + 2);
    assertThat(store.find("h" + (rotations - kept - 1))).isEmpty();
    // a forgotten token is unknown: refused, nothing stored, the family untouched
    RefreshToken late = current.successor("late", T0.plusSeconds(rotations + 1), T0.plusSeconds(90_000));
    assertThat(store.rotate("h" + (rotations - kept - 1), late, T0.plusSeconds(rotations + 1)))
        .isEqualTo(RefreshTokenStore.Rotation.INVALID);
    assertThat(store.find(current.tokenHash()).orElseThrow().revoked()).isFalse();
    // the oldest used token still kept reveals reuse and revokes the family
    assertThat(store.rotate("h" + (rotations - kept), late, T0.plusSeconds(rotations + 1)))
        .isEqualTo(RefreshTokenStore.Rotation.REUSED);
    assertThat(store.find(current.tokenHash()).orElseThrow().revoked()).isTrue();
    assertThat(store.find("other").orElseThrow().revoked()).isFalse();
  }

  @Test
  void whenTheStoreIsFullThenTheGrantsUsedLeastRecentlyAreDroppedWholeAndTheRestStayValid() {
    InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(4);
    Instant far = T0.plusSeconds(86_400);
    store.save(token("a0", "a", T0, far));
    store.save(token("b0", "b", T0.plusSeconds(1), far));
    // family a is rotated after b was issued: b is now the one used least recently
    RefreshToken a1 = token("a0", "a", T0, far).successor("a1", T0.plusSeconds(2), far);
    assertThat(store.rotate("a0", a1, T0.plusSeconds(2))).isEqualTo(RefreshTokenStore.Rotation.ROTATED);
    store.save(token("c0", "c", T0.plusSeconds(3), far));
    assertThat(store.size()).isEqualTo(4);

    store.save(token("d0", "d", T0.plusSeconds(4), far));

    // b went whole (its token, its indexes); a (rotated later), c and d stay and keep working
    assertThat(store.size()).isEqualTo(4);
    assertThat(store.find("b0")).isEmpty();
    assertThat(store.revokeFamily("b")).isFalse();
    assertThat(store.revokeSession("sid-b")).isZero();
    assertThat(store.find("a1")).isPresent();
    assertThat(store.find("c0")).isPresent();
    assertThat(store.find("d0")).isPresent();
    // the used token of a family that stayed still reveals reuse
    RefreshToken late = a1.successor("late", T0.plusSeconds(5), far);
    assertThat(store.rotate("a0", late, T0.plusSeconds(5))).isEqualTo(RefreshTokenStore.Rotation.REUSED);
    assertThat(store.find("a1").orElseThrow().revoked()).isTrue();
  }

  @Test
  void whenOneGrantAloneExceedsTheBoundThenItsJustIssuedTokenIsKept() {
    InMemoryRefreshTokenStore store = new InMemoryRefreshTokenStore(1);
    Instant far = T0.plusSeconds(86_400);
    store.save(token("x0", "x", T0, far));
    RefreshToken x1 = token("x0", "x", T0, far).successor("x1", T0.plusSeconds(1), far);

    assertThat(store.rotate("x0", x1, T0.plusSeconds(1))).isEqualTo(RefreshTokenStore.Rotation.ROTATED);

    assertThat(store.find("x1")).isPresent();
    store.save(token("y0", "y", T0.plusSeconds(2), far));
    assertThat(store.find("x1")).isEmpty();
    assertThat(store.find("y0")).isPresent();
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void whenNoBoundIsGivenThenAQuarterOfTheHeapIsTheBound() {
    long expected = Runtime.getRuntime().maxMemory() / 4 / InMemoryRefreshTokenStore.BYTES_PER_TOKEN;
    assertThat(InMemoryRefreshTokenStore.defaultMaxTokens())
        .isEqualTo((int) Math.min(Integer.MAX_VALUE, Math.max(1_000, expected)));
  }
}
