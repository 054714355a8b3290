package dev.ssokit.internal.http;

import dev.ssokit.spi.Cache;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cache values a request will need, read ahead with the request's abuse-limit counters in the same
 * cache round trip ({@link ReadAheadEndpoint}). A key that was not read ahead is read from the cache
 * when asked for, so reading ahead saves round trips and never changes an answer.
 */
public final class CacheReads {
  /** Nothing read ahead: every read goes to the cache. */
  public static final CacheReads NONE = new CacheReads(Map.of());

  private final Map<String, Optional<String>> values;

  private CacheReads(Map<String, Optional<String>> values) {
    this.values = values;
  }

  /**
   * The values read for {@code keys}.
   *
   * @param keys   the keys read
   * @param values their values, in the same order
   * @return the reads
   */
  public static CacheReads of(List<String> keys, List<Optional<String>> values) {
    if (keys.isEmpty()) {
      return NONE;
    }
    Map<String, Optional<String>> m = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      m.put(keys.get(i), values.get(i));
    }
    return new CacheReads(m);
  }

  /** Whether {@code key} was read ahead ({@link #get} then answers without a cache call). */
  public boolean wasRead(String key) {
    return values.containsKey(key);
  }

  /** The value of {@code key}: the one read ahead, else {@link Cache#get} of {@code cache}. */
  public Optional<String> get(String key, Cache cache) {
    Optional<String> value = values.get(key);
    return value != null ? value : cache.get(key);
  }

  /** The values of {@code keys}: those read ahead when all were, else {@link Cache#getAll} of {@code cache}. */
  public List<Optional<String>> getAll(List<String> keys, Cache cache) {
    if (!values.keySet().containsAll(keys)) {
      return cache.getAll(keys);
    }
    List<Optional<String>> result = new ArrayList<>(keys.size());
    for (String key : keys) {
      result.add(values.get(key));
    }
    return result;
  }
}
