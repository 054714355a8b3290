package dev.ssokit.memory;

import dev.ssokit.spi.Cache;
import dev.ssokit.spi.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link Cache} in one JVM. Expired entries are dropped when touched and by {@link #sweep()}.
 *
 * <p>The entries' estimated size is bounded ({@code maxBytes}, by default {@link #defaultMaxBytes()}, a
 * quarter of the heap). Only entries written with {@link #putEvictable} are evicted to make room, oldest
 * first: the rest is security state (revocations, codes, DPoP proof ids) that must not vanish early. A
 * write that does not fit, after expired entries were swept (at most once a second) and the evictable
 * ones dropped, fails with a {@link StoreException}, which the provider answers with 503 and
 * {@code Retry-After}: a flood of sign-in attempts from many addresses fills the cache and is refused
 * until its entries expire, instead of exhausting the heap. An evictable write that does not fit is
 * dropped, never refused. Rate-limit counters are not bounded here (a few per address and window,
 * dropped with their window) and never refused.
 *
 * <p>IMPORTANT: not shared between instances; use the Redis cache behind a load balancer.
 */
public final class InMemoryCache implements Cache {
  /** Entries between two automatic sweeps of expired entries. */
  static final int SWEEP_EVERY_WRITES = 10_000;
  /** Estimated heap of an entry besides its key's and value's characters (map node, entry, strings, instant). */
  static final int ENTRY_OVERHEAD_BYTES = 160;
  /** Least time between two sweeps forced by a full cache. */
  private static final long FULL_SWEEP_EVERY_MILLIS = 1_000;

  private record Entry(String value, Instant expiresAt, boolean evictable) {}

  private final Clock clock;
  private final long maxBytes;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private final AtomicLong writes = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong lastFullSweep = new AtomicLong();
  /** Keys written with {@link #putEvictable}, oldest first (a key since replaced or removed is skipped). */
  private final Queue<String> evictionOrder = new ConcurrentLinkedQueue<>();

  /**
   * An empty cache bounded by {@link #defaultMaxBytes()}.
   *
   * @param clock decides expiry
   */
  public InMemoryCache(Clock clock) {
    this(clock, defaultMaxBytes());
  }

  /**
   * An empty cache whose entries take about {@code maxBytes} of heap at most.
   *
   * @param clock    decides expiry
   * @param maxBytes the bound on the entries' estimated size, positive
   */
  public InMemoryCache(Clock clock, long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
    this.clock = clock;
    this.maxBytes = maxBytes;
  }

  /**
   * The bound a cache built without one gets.
   *
   * @return a quarter of the JVM's maximum heap, in bytes
   */
  public static long defaultMaxBytes() {
    return Runtime.getRuntime().maxMemory() / 4;
  }

  private static long size(String key, Entry e) {
    return ENTRY_OVERHEAD_BYTES + key.length() + e.value().length();
  }

  /** The entries' estimated size now (expired ones included until swept). */
  long bytes() {
    return bytes.get();
  }

  /**
   * Makes sure {@code fresh} fits under {@code key}: sweeps expired entries when the bound is reached
   * (at most once a second), then evicts evictable entries, oldest first, then refuses with a
   * {@link StoreException} when it still does not fit.
   */
  private void admit(String key, Entry fresh) {
    if (!fits(key, fresh)) {
      throw new StoreException("the in-memory cache is full (" + entries.size() + " entries, about "
          + bytes.get() / 1024 + " KiB of " + maxBytes / 1024 + " KiB); entries free their room as they expire;"
          + " use Redis, or a larger heap");
    }
  }

  /** True when {@code fresh} fits under {@code key}, once expired and then evictable entries made room. */
  private boolean fits(String key, Entry fresh) {
    long needed = size(key, fresh);
    if (bytes.get() + needed <= maxBytes) {
      return true;
    }
    Entry old = entries.get(key);
    if (old != null && size(key, old) >= needed) {
      return true; // replaces an entry at least as large
    }
    long now = clock.millis();
    long last = lastFullSweep.get();
    if (now - last >= FULL_SWEEP_EVERY_MILLIS && lastFullSweep.compareAndSet(last, now)) {
      sweep();
    }
    while (bytes.get() + needed > maxBytes) {
      if (!evictOldest()) {
        return false;
      }
    }
    return true;
  }

  /** Drops the oldest evictable entry; false when there is none. */
  private boolean evictOldest() {
    for (String key; (key = evictionOrder.poll()) != null; ) {
      Entry e = entries.get(key);
      if (e != null && e.evictable() && entries.remove(key, e)) {
        account(key, e, null);
        return true;
      }
    }
    return false;
  }

  /** Accounts for {@code fresh} replacing {@code old} (either may be null). */
  private void account(String key, Entry old, Entry fresh) {
    bytes.addAndGet((fresh == null ? 0 : size(key, fresh)) - (old == null ? 0 : size(key, old)));
  }

  private boolean live(Entry e) {
    return e != null && clock.instant().isBefore(e.expiresAt());
  }

  @Override
  public void put(String key, String value, Instant expiresAt) {
    Entry fresh = new Entry(value, expiresAt, false);
    admit(key, fresh);
    account(key, entries.put(key, fresh), fresh);
    afterWrite();
  }

  /** Evicted, oldest first, to make room for any other write; dropped when it does not fit. */
  @Override
  public void putEvictable(String key, String value, Instant expiresAt) {
    Entry fresh = new Entry(value, expiresAt, true);
    if (!fits(key, fresh)) {
      return;
    }
    account(key, entries.put(key, fresh), fresh);
    evictionOrder.add(key);
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
    account(key, e, null);
    return live(e) ? Optional.of(e.value()) : Optional.empty();
  }

  @Override
  public boolean putIfAbsent(String key, String value, Instant expiresAt) {
    Entry fresh = new Entry(value, expiresAt, false);
    if (live(entries.get(key))) {
      return false; // present: nothing to admit
    }
    admit(key, fresh);
    boolean[] stored = {false};
    entries.compute(key, (k, old) -> {
      if (live(old)) {
        return old;
      }
      stored[0] = true;
      account(k, old, fresh);
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
    Entry e = entries.remove(key);
    account(key, e, null);
    return live(e);
  }

  /** Drops every expired entry and counter of a past window. */
  public void sweep() {
    Instant now = clock.instant();
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      if (!now.isBefore(e.getValue().expiresAt()) && entries.remove(e.getKey(), e.getValue())) {
        account(e.getKey(), e.getValue(), null);
      }
    }
    // keys whose evictable entry was replaced, taken, deleted or swept: the queue holds live ones only
    evictionOrder.removeIf(k -> {
      Entry e = entries.get(k);
      return e == null || !e.evictable();
    });
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
