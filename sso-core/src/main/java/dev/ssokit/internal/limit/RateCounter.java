package dev.ssokit.internal.limit;

import dev.ssokit.SsoSettings.RateLimit;
import dev.ssokit.spi.Cache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Fixed-window counters and timed blocks in the {@link Cache} (DESIGN.md §10: one mechanism for
 * every abuse limit), so instances sharing a cache share every budget.
 *
 * <p>IMPORTANT: keys are namespaced {@code limit:...}; a block stores its end (epoch milliseconds)
 * so {@code Retry-After} is exact on any instance.
 */
final class RateCounter {
  private static final String PREFIX = "limit:";

  private final Cache cache;
  private final Clock clock;

  RateCounter(Cache cache, Clock clock) {
    this.cache = cache;
    this.clock = clock;
  }

  /** Counts one event under {@code key}; {@link LimitExceeded} (429) when it is beyond {@code limit}. */
  void count(String key, RateLimit limit, String description) {
    long n = cache.increment(PREFIX + key, limit.window());
    if (n > limit.requests()) {
      throw LimitExceeded.tooManyRequests(secondsLeft(limit.window()), description);
    }
  }

  /** Counts one event under {@code key} and returns the count in the current window. */
  long increment(String key, Duration window) {
    return cache.increment(PREFIX + key, window);
  }

  /** Seconds until the current fixed window of {@code window} ends (the cache counts in the same slots). */
  long secondsLeft(Duration window) {
    long w = window.toMillis();
    long left = w - Math.floorMod(clock.millis(), w);
    return (left + 999) / 1000;
  }

  /** The end of the current fixed window of {@code window}. */
  Instant windowEnd(Duration window) {
    long w = window.toMillis();
    return Instant.ofEpochMilli(clock.millis() - Math.floorMod(clock.millis(), w) + w);
  }

  /** Blocks {@code key} until {@code until}. */
  void block(String key, Instant until) {
    cache.put(PREFIX + "block:" + key, Long.toString(until.toEpochMilli()), until);
  }

  /** Seconds left of a block on {@code key}, when there is one. */
  Optional<Long> blocked(String key) {
    return cache.get(PREFIX + "block:" + key).map(v -> {
      long left;
      try {
        left = Long.parseLong(v) - clock.millis();
      } catch (NumberFormatException e) {
        left = 1_000;
      }
      return Math.max(1, (left + 999) / 1000);
    });
  }
}
