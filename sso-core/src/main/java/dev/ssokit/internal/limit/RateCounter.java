package dev.ssokit.internal.limit;

import dev.ssokit.SsoSettings.RateLimit;
import dev.ssokit.internal.http.CacheReads;
import dev.ssokit.spi.Cache;
import dev.ssokit.spi.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fixed-window counters and timed blocks in the {@link Cache} (one mechanism for
 * every abuse limit), so instances sharing a cache share every budget.
 *
 * <p>IMPORTANT: keys are namespaced {@code limit:...}; a block stores its end (epoch milliseconds)
 * so {@code Retry-After} is exact on any instance. When the cache is unreachable the limits fail
 * open for {@link #PAUSE_WHEN_UNREACHABLE} (one warning, then no cache call): what works without
 * the cache (JWT client_credentials, refresh) keeps working and is not slowed by a timeout per
 * request; what needs the cache (logins, codes) answers 503 anyway, and the slow-hash limit is local.
 *
 * <p>The first count of a call (the client address's, at the endpoints) that went over its limit is
 * remembered here until its window ends: the rest of that window is refused without a cache call, so
 * an address over its limit neither loads the cache nor uses up the budgets counted after it (the
 * client id's), as when each count was its own call. At most {@link #MAX_REMEMBERED} are remembered.
 */
final class RateCounter {
  private static final Logger LOG = LoggerFactory.getLogger(RateCounter.class);
  private static final String PREFIX = "limit:";
  /** How long counting pauses after the cache failed. */
  static final Duration PAUSE_WHEN_UNREACHABLE = Duration.ofSeconds(5);

  private final Cache cache;
  private final Clock clock;
  /** Addresses (first counts) remembered over their limit at once; beyond, the expired are dropped, then all. */
  static final int MAX_REMEMBERED = 10_000;

  private volatile long pausedUntilMillis;
  /** Key of a first count over its limit, with the end of its window (epoch milliseconds). */
  private final Map<String, Long> overLimitUntil = new ConcurrentHashMap<>();

  RateCounter(Cache cache, Clock clock) {
    this.cache = cache;
    this.clock = clock;
  }

  /** One event to count under {@code key} against {@code limit}; {@code description} explains its 429. */
  record Count(String key, RateLimit limit, String description) {}

  /**
   * Counts one event for each of {@code counts} and reads the block on {@code blockKey} ({@code null}:
   * none) in one cache call; then {@link LimitExceeded} (429) for the first count beyond its limit, in
   * the order given, else for a block, with {@code blockedDescription}.
   */
  void countAndCheck(List<Count> counts, String blockKey, String blockedDescription) {
    countAndCheck(counts, blockKey, blockedDescription, List::of);
  }

  /**
   * Like {@link #countAndCheck(List, String, String)}, also reading the keys {@code reads} gives (asked
   * only when the first count is not already known to be over its limit) in the same cache call.
   *
   * @return the values of those keys; {@link CacheReads#NONE} when the cache is unreachable
   */
  CacheReads countAndCheck(List<Count> counts, String blockKey, String blockedDescription,
                           Supplier<List<String>> reads) {
    if (!counts.isEmpty()) {
      Long until = overLimitUntil.get(counts.get(0).key());
      if (until != null && clock.millis() < until) {
        throw LimitExceeded.tooManyRequests(secondsLeft(counts.get(0).limit().window()), counts.get(0).description());
      }
    }
    List<Cache.Counter> counters = new ArrayList<>(counts.size());
    for (Count count : counts) {
      counters.add(new Cache.Counter(PREFIX + count.key(), count.limit().window()));
    }
    List<String> readAhead = reads.get();
    List<String> keys = new ArrayList<>(readAhead.size() + 1);
    if (blockKey != null) {
      keys.add(PREFIX + "block:" + blockKey);
    }
    keys.addAll(readAhead);
    Cache.CountsAndValues answer = guarded(() -> cache.incrementAndGetAll(counters, keys), null);
    if (answer == null) {
      return CacheReads.NONE; // the cache is unreachable: fail open
    }
    for (int i = 0; i < counts.size(); i++) {
      RateLimit limit = counts.get(i).limit();
      if (answer.counts().get(i) > limit.requests()) {
        if (i == 0) {
          remember(counts.get(0).key(), windowEnd(limit.window()).toEpochMilli());
        }
        throw LimitExceeded.tooManyRequests(secondsLeft(limit.window()), counts.get(i).description());
      }
    }
    int blocks = blockKey == null ? 0 : 1;
    if (blockKey != null) {
      answer.values().get(0).ifPresent(end -> {
        throw LimitExceeded.tooManyRequests(secondsUntil(end), blockedDescription);
      });
    }
    return CacheReads.of(readAhead, answer.values().subList(blocks, answer.values().size()));
  }

  private void remember(String key, long until) {
    if (overLimitUntil.size() >= MAX_REMEMBERED) {
      long now = clock.millis();
      overLimitUntil.values().removeIf(end -> end <= now);
      if (overLimitUntil.size() >= MAX_REMEMBERED) {
        overLimitUntil.clear();
      }
    }
    overLimitUntil.put(key, until);
  }

  /** Counts one event under {@code key} and returns the count in the current window. */
  long increment(String key, Duration window) {
    return guarded(() -> cache.increment(PREFIX + key, window), 0L);
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
    guarded(() -> {
      cache.put(PREFIX + "block:" + key, Long.toString(until.toEpochMilli()), until);
      return null;
    }, null);
  }

  /** Seconds until a block's stored end (epoch milliseconds), at least one. */
  private long secondsUntil(String end) {
    long left;
    try {
      left = Long.parseLong(end) - clock.millis();
    } catch (NumberFormatException e) {
      left = 1_000;
    }
    return Math.max(1, (left + 999) / 1000);
  }

  /** {@code call}, or {@code unreachable} while the cache is known to be down (fail open, see class comment). */
  private <T> T guarded(Supplier<T> call, T unreachable) {
    if (clock.millis() < pausedUntilMillis) {
      return unreachable;
    }
    try {
      return call.get();
    } catch (StoreException e) {
      pausedUntilMillis = clock.millis() + PAUSE_WHEN_UNREACHABLE.toMillis();
      LOG.warn("abuse limits paused for {}: the cache is unreachable: {}", PAUSE_WHEN_UNREACHABLE, e.getMessage());
      return unreachable;
    }
  }
}
