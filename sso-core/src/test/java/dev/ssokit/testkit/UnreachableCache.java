package dev.ssokit.testkit;

import dev.ssokit.spi.Cache;
import dev.ssokit.spi.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A cache whose server is gone: every call throws {@link StoreException}, and the calls are counted. */
public final class UnreachableCache implements Cache {
  private final AtomicInteger calls = new AtomicInteger();

  /** How many calls reached this cache. */
  public int calls() {
    return calls.get();
  }

  private StoreException down() {
    calls.incrementAndGet();
    return new StoreException("cache unreachable (test)");
  }

  @Override public void put(String key, String value, Instant expiresAt) { throw down(); }
  @Override public Optional<String> get(String key) { throw down(); }
  @Override public Optional<String> take(String key) { throw down(); }
  @Override public boolean putIfAbsent(String key, String value, Instant expiresAt) { throw down(); }
  @Override public long increment(String key, Duration window) { throw down(); }
  @Override public boolean delete(String key) { throw down(); }
}
