package dev.ssokit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Encoding and TTL arithmetic of {@link RedisCache}, without a server. */
class RedisCacheTest {
  private static final long NOW = 1_800_000_000_000L;
  private static final long SLACK = RedisCache.NATIVE_TTL_SLACK_MILLIS;

  @Test
  void whenValueExpiresLaterThenNativeTtlIsRemainingTimePlusSlack() {
    assertThat(RedisCache.nativeTtlMillis(NOW + 5_000, NOW)).isEqualTo(5_000 + SLACK);
  }

  @Test
  void whenValueHasExpiredThenNativeTtlIsStillPositive() {
    assertThat(RedisCache.nativeTtlMillis(NOW - 10 * SLACK, NOW)).isEqualTo(RedisCache.MIN_NATIVE_TTL_MILLIS);
    assertThat(RedisCache.nativeTtlMillis(Long.MIN_VALUE, NOW)).isEqualTo(RedisCache.MIN_NATIVE_TTL_MILLIS);
    assertThat(RedisCache.nativeTtlMillis(Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(RedisCache.MIN_NATIVE_TTL_MILLIS);
  }

  @Test
  void whenExpiryIsFarAwayThenNativeTtlIsCapped() {
    long capped = RedisCache.MAX_NATIVE_TTL_MILLIS + SLACK;
    assertThat(RedisCache.nativeTtlMillis(Long.MAX_VALUE, NOW)).isEqualTo(capped);
    assertThat(RedisCache.nativeTtlMillis(Long.MAX_VALUE, -NOW)).isEqualTo(capped);
  }

  @Test
  void whenInstantIsBeyondEpochMillisThenItSaturates() {
    assertThat(RedisCache.epochMillis(Instant.MAX)).isEqualTo(Long.MAX_VALUE);
    assertThat(RedisCache.epochMillis(Instant.MIN)).isEqualTo(Long.MIN_VALUE);
    assertThat(RedisCache.epochMillis(Instant.ofEpochMilli(NOW))).isEqualTo(NOW);
  }

  @Test
  void whenEncodedThenVersionExpiryAndValueAreSeparatedByBars() {
    assertThat(RedisCache.encode("a|b", NOW)).isEqualTo("1|" + NOW + "|a|b");
  }

  @Test
  void whenUrlIsNotRedisThenIllegalArgumentWithoutTheUrl() {
    assertThatThrownBy(() -> RedisCache.connect("http://user:s3cret@host:6379", "p:", Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redisUrl")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> RedisCache.connect("redis://user:s3cret@ho st", "p:", Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("s3cret");
  }
}
