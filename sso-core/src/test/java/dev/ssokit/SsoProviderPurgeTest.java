package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.contract.MutableClock;
import dev.ssokit.memory.InMemoryConsentStore;
import dev.ssokit.memory.InMemoryRefreshTokenStore;
import dev.ssokit.spi.Consent;
import dev.ssokit.spi.RefreshToken;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SsoProvider#purgeExpired}: every expired row goes, in as many batches as it takes; live rows stay. */
class SsoProviderPurgeTest {
  private final MutableClock clock = MutableClock.atNow();
  private final InMemoryRefreshTokenStore refreshTokens = new InMemoryRefreshTokenStore();
  private final InMemoryConsentStore consents = new InMemoryConsentStore();
  private SsoProvider provider;

  @BeforeEach
  void setUp() {
    provider = SsoProvider.builder(SsoSettings.builder("https://sso.example.com").build()).clock(clock)
        .refreshTokenStore(refreshTokens).consentStore(consents).build();
  }

  @Test
  void whenMoreExpiredRowsThanOneBatchThenAllArePurgedAndLiveRowsStay() {
    Instant now = clock.instant();
    int expiredTokens = SsoProvider.PURGE_BATCH_SIZE * 2 + 7; // two full batches and a short one
    for (int i = 0; i < expiredTokens; i++) {
      refreshTokens.save(token("expired-" + i, now.minusSeconds(1)));
    }
    refreshTokens.save(token("live", now.plus(Duration.ofDays(1))));
    refreshTokens.save(token("expires-exactly-now", now)); // RefreshTokenStore#purgeExpired: only before now
    for (int i = 0; i < 3; i++) {
      consents.save(new Consent("user-" + i, "app", Set.of("openid"), now.minusSeconds(60), now.minusSeconds(1)));
    }
    consents.save(new Consent("forever", "app", Set.of("openid"), now.minusSeconds(60), null));
    consents.save(new Consent("later", "app", Set.of("openid"), now, now.plusSeconds(60)));

    long purged = provider.purgeExpired();

    assertThat(purged).isEqualTo(expiredTokens + 3L);
    assertThat(refreshTokens.find("expired-0")).isEmpty();
    assertThat(refreshTokens.find("expired-" + (expiredTokens - 1))).isEmpty();
    assertThat(refreshTokens.find("live")).isPresent();
    assertThat(refreshTokens.find("expires-exactly-now")).isPresent();
    assertThat(consents.find("user-0", "app")).isEmpty();
    assertThat(consents.find("forever", "app")).isPresent();
    assertThat(consents.find("later", "app")).isPresent();
  }

  @Test
  void whenTimeMovesPastExpiryThenTheNextPurgeTakesThoseRows() {
    Instant now = clock.instant();
    refreshTokens.save(token("a", now.plusSeconds(30)));
    assertThat(provider.purgeExpired()).isZero();

    clock.advance(Duration.ofSeconds(31));

    assertThat(provider.purgeExpired()).isEqualTo(1);
    assertThat(refreshTokens.find("a")).isEmpty();
    assertThat(provider.purgeExpired()).isZero();
  }

  @Test
  void whenExactlyOneFullBatchExpiredThenAFollowUpBatchConfirmsNothingIsLeft() {
    Instant now = clock.instant();
    for (int i = 0; i < SsoProvider.PURGE_BATCH_SIZE; i++) {
      refreshTokens.save(token("t-" + i, now.minusSeconds(5)));
    }

    assertThat(provider.purgeExpired()).isEqualTo(SsoProvider.PURGE_BATCH_SIZE);
    assertThat(refreshTokens.purgeExpired(now, Integer.MAX_VALUE)).isZero();
  }

  private RefreshToken token(String hash, Instant expiresAt) {
    Instant issued = expiresAt.minus(Duration.ofHours(1));
    return new RefreshToken(hash, "family-" + hash, "app", "user", Set.of("openid", "offline_access"), null,
        issued, issued, issued, expiresAt, false, false);
  }
}
