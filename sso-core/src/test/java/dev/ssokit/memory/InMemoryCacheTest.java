package dev.ssokit.memory;

import dev.ssokit.contract.CacheContract;
import dev.ssokit.contract.MutableClock;
import dev.ssokit.spi.Cache;

class InMemoryCacheTest extends CacheContract {
  @Override
  protected Cache newCache(MutableClock clock) {
    return new InMemoryCache(clock);
  }
}
