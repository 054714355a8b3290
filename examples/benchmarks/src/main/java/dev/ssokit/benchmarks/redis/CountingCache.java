package dev.ssokit.benchmarks.redis;

import dev.ssokit.spi.Cache;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link Cache} decorator that counts the calls the provider makes, by method. With {@code
 * RedisCache} each call is one network round trip (see RESULTS-redis.md for the exceptions).
 */
final class CountingCache implements Cache {
  private final Cache delegate;
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

  CountingCache(Cache delegate) {
    this.delegate = delegate;
  }

  /** Calls so far, by method name, sorted. */
  Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    calls.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  private void count(String method) {
    calls.computeIfAbsent(method, k -> new LongAdder()).increment();
  }

  @Override
  public void put(String key, String value, Instant expiresAt) {
    count("put");
    delegate.put(key, value, expiresAt);
  }

  @Override
  public Optional<String> get(String key) {
    count("get");
    return delegate.get(key);
  }

  @Override
  public List<Optional<String>> getAll(List<String> keys) {
    count("getAll");
    return delegate.getAll(keys);
  }

  @Override
  public Optional<String> take(String key) {
    count("take");
    return delegate.take(key);
  }

  @Override
  public boolean putIfAbsent(String key, String value, Instant expiresAt) {
    count("putIfAbsent");
    return delegate.putIfAbsent(key, value, expiresAt);
  }

  @Override
  public long increment(String key, Duration window) {
    count("increment");
    return delegate.increment(key, window);
  }

  @Override
  public CountsAndValues incrementAndGetAll(List<Counter> counters, List<String> keys) {
    count("incrementAndGetAll");
    return delegate.incrementAndGetAll(counters, keys);
  }

  @Override
  public boolean delete(String key) {
    count("delete");
    return delegate.delete(key);
  }
}
