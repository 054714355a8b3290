package dev.ssokit.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

  /** Stores {@code value} under {@code key} until {@code expiresAt}, replacing any previous value. */
  void put(String key, String value, Instant expiresAt);

  /** The live value under {@code key}. */
  Optional<String> get(String key);

  /**
   * The live values under {@code keys}, in the same order (empty where none). Implementations
   * should answer in one round trip ({@code MGET}); the default asks {@link #get} for each key.
   */
  default List<Optional<String>> getAll(List<String> keys) {
    List<Optional<String>> values = new ArrayList<>(keys.size());
    for (String key : keys) {
      values.add(get(key));
    }
    return values;
  }

  /** Atomically reads and deletes the live value under {@code key} (single use). */
  Optional<String> take(String key);

  /** Stores {@code value} only when no live value exists; true if stored (replay guard). */
  boolean putIfAbsent(String key, String value, Instant expiresAt);

  /** Adds one to the counter of {@code key} in the current fixed window and returns the new count. */
  long increment(String key, Duration window);

  /** Deletes {@code key}; true when a live value was removed. */
  boolean delete(String key);
}
