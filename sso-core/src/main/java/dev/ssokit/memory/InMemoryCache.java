package dev.ssokit.memory;

import dev.ssokit.spi.Cache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link Cache} in one JVM. Expired entries are dropped when touched and by {@link #sweep()}.
 *
 * <p>IMPORTANT: not shared between instances; use the Redis cache behind a load balancer.
 */
public final class InMemoryCache implements Cache {
  /** Entries between two automatic sweeps of expired entries. */
  static final int SWEEP_EVERY_WRITES = 10_000;

  private record Entry(String value, Instant expiresAt) {}

  private final Clock clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private final AtomicLong writes = new AtomicLong();

  /**
   * An empty cache.
   *
   * @param clock decides expiry
   */
  public InMemoryCache(Clock clock) {
    this.clock = clock;
  }

  private boolean live(Entry e) {
    return e != null && clock.instant().isBefore(e.expiresAt());
  }

  @Override
  public void put(String key, String value, Instant expiresAt) {
    entries.put(key, new Entry(value, expiresAt));
    afterWrite();
  }

  @Override
  public Optional<String> get(String key) {
    Entry e = entries.get(key);
    return live(e) ? Optional.of(e.value()) : Optional.empty();
  }

  @Override
  public Optional<String> take(String key) {
    Entry e = entries.remove(key);
    return live(e) ? Optional.of(e.value()) : Optional.empty();
  }

  @Override
  public boolean putIfAbsent(String key, String value, Instant expiresAt) {
    Entry fresh = new Entry(value, expiresAt);
    boolean[] stored = {false};
    entries.compute(key, (k, old) -> {
      if (live(old)) {
        return old;
      }
      stored[0] = true;
      return fresh;
    });
    afterWrite();
    return stored[0];
  }

  @Override
  public long increment(String key, Duration window) {
    // Cache contract: a fixed window is at least one millisecond (a zero window divided by zero)
    if (window.toMillis() < 1) {
      throw new IllegalArgumentException("window must be at least 1 ms");
    }
    long slot = clock.millis() / window.toMillis();
    afterWrite();
    return counters.computeIfAbsent(key + '#' + window.toMillis() + '#' + slot, k -> new AtomicLong())
        .incrementAndGet();
  }

  @Override
  public boolean delete(String key) {
    return live(entries.remove(key));
  }

  /** Drops every expired entry and counter of a past window. */
  public void sweep() {
    Instant now = clock.instant();
    entries.values().removeIf(e -> !now.isBefore(e.expiresAt()));
    long nowMillis = now.toEpochMilli();
    counters.keySet().removeIf(k -> {
      String[] parts = k.substring(k.lastIndexOf('#', k.lastIndexOf('#') - 1) + 1).split("#");
      long windowMillis = Long.parseLong(parts[0]);
      return Long.parseLong(parts[1]) < nowMillis / windowMillis;
    });
  }

  private void afterWrite() {
    if (writes.incrementAndGet() % SWEEP_EVERY_WRITES == 0) {
      sweep();
    }
  }
}
