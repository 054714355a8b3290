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
}
