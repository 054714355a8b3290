package dev.ssokit.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Short-lived shared state: authorization codes, interactions, browser sessions, revoked token
 * ids, replay guards and counters. Keys are namespaced by the caller ({@code code:...}).
 *
 * <p>IMPORTANT: expiry is decided by the injected {@link java.time.Clock} of the implementation
 * (a native TTL is garbage collection only), and {@link #take} is linearizable: of N concurrent
 * takes of one key, on any nodes, exactly one returns the value.
 */
public interface Cache {

  /**
   * Stores {@code value} under {@code key} until {@code expiresAt}, replacing any previous value.
   *
   * @param key       the namespaced key
   * @param value     the value
   * @param expiresAt when the value stops being live; one not in the future removes the key
   * @throws StoreException when the cache cannot be reached
   */
  void put(String key, String value, Instant expiresAt);

  /**
   * Stores {@code value} as {@link #put} does, for state that may be lost before {@code expiresAt} without
   * harm beyond a weaker best-effort reaction (the marker of a redeemed authorization code, whose replay
   * RFC 6749 §4.1.2 says the server "SHOULD revoke (when possible)" the tokens of). A cache with a bound that
   * is short of room drops such entries, oldest first, before it refuses any other write, and drops this one
   * rather than refusing it. The default stores it with {@link #put}.
   *
   * @param key       the namespaced key
   * @param value     the value
   * @param expiresAt when the value stops being live
   * @throws StoreException when the cache cannot be reached
   */
  default void putEvictable(String key, String value, Instant expiresAt) {
    put(key, value, expiresAt);
  }

  /**
   * The live value under {@code key}.
   *
   * @param key the namespaced key
   * @return the value, or empty when there is none or it has expired
   * @throws StoreException when the cache cannot be reached
   */
  Optional<String> get(String key);

  /**
   * The live values under {@code keys}, in the same order (empty where none). Implementations
   * should answer in one round trip ({@code MGET}); the default asks {@link #get} for each key.
   *
   * @param keys the namespaced keys
   * @return one entry per key, in the order of {@code keys}
   * @throws StoreException when the cache cannot be reached
   */
  default List<Optional<String>> getAll(List<String> keys) {
    List<Optional<String>> values = new ArrayList<>(keys.size());
    for (String key : keys) {
      values.add(get(key));
    }
    return values;
  }

  /**
   * Atomically reads and deletes the live value under {@code key} (single use): of concurrent takes
   * exactly one gets the value.
   *
   * @param key the namespaced key
   * @return the value, or empty when there is none, it has expired or another take got it
   * @throws StoreException when the cache cannot be reached
   */
  Optional<String> take(String key);

  /**
   * Stores {@code value} only when no live value exists (replay guard).
   *
   * @param key       the namespaced key
   * @param value     the value
   * @param expiresAt when the value stops being live
   * @return true if stored, false when a live value was already there
   * @throws StoreException when the cache cannot be reached
   */
  boolean putIfAbsent(String key, String value, Instant expiresAt);

  /**
   * Adds one to the counter of {@code key} in the current fixed window.
   *
   * @param key    the namespaced key of the counter
   * @param window the length of the fixed windows; a new window starts counting at one
   * @return the count in the current window, this call included
   * @throws StoreException when the cache cannot be reached
   */
  long increment(String key, Duration window);

  /**
   * A fixed-window counter for {@link #incrementAndGetAll}: {@code key} counted in windows of
   * {@code window}, the same counter that {@link #increment increment(key, window)} counts.
   *
   * @param key    the namespaced key of the counter
   * @param window the length of the fixed windows, at least one millisecond
   */
  record Counter(String key, Duration window) {
    /**
     * A counter.
     *
     * @param key    the namespaced key of the counter
     * @param window the length of the fixed windows, at least one millisecond
     * @throws NullPointerException     when {@code key} or {@code window} is null
     * @throws IllegalArgumentException when {@code window} is shorter than one millisecond
     */
    public Counter {
      Objects.requireNonNull(key, "key");
      // Cache contract: a fixed window is at least one millisecond, as for increment
      if (window.toMillis() < 1) {
        throw new IllegalArgumentException("window must be at least 1 ms");
      }
    }
  }

  /**
   * The answer of {@link #incrementAndGetAll}.
   *
   * @param counts one count per counter, in the order of the counters
   * @param values one entry per key, in the order of the keys (empty where no live value)
   */
  record CountsAndValues(List<Long> counts, List<Optional<String>> values) {
    /**
     * An answer; both lists are copied.
     *
     * @param counts one count per counter, in the order of the counters
     * @param values one entry per key, in the order of the keys (empty where no live value)
     * @throws NullPointerException when either list is or contains null
     */
    public CountsAndValues {
      counts = List.copyOf(counts);
      values = List.copyOf(values);
    }
  }

  /**
   * Adds one to each of {@code counters} in its current fixed window and reads the live values
   * under {@code keys} as {@link #getAll} does: what a rate-limited request needs, in one call.
   * Implementations should answer in one round trip; the default calls {@link #increment} for each
   * counter, then {@link #getAll}.
   *
   * <p>IMPORTANT: each counter is incremented atomically and exactly as {@link #increment} would
   * (same windows by the implementation's clock, same counts: both can be mixed on one counter);
   * the call as a whole is not atomic, so a concurrent caller may see some of the counters
   * incremented and not yet the others.
   *
   * @param counters the counters to increment, possibly none
   * @param keys     the namespaced keys to read, possibly none
   * @return the count of each counter in its current window, this call included, and the values
   * @throws StoreException when the cache cannot be reached
   */
  default CountsAndValues incrementAndGetAll(List<Counter> counters, List<String> keys) {
    List<Long> counts = new ArrayList<>(counters.size());
    for (Counter counter : counters) {
      counts.add(increment(counter.key(), counter.window()));
    }
    return new CountsAndValues(counts, getAll(keys));
  }

  /**
   * Deletes {@code key}.
   *
   * @param key the namespaced key
   * @return true when a live value was removed
   * @throws StoreException when the cache cannot be reached
   */
  boolean delete(String key);
}
