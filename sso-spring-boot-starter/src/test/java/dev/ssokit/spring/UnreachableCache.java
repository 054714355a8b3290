package dev.ssokit.spring;

import dev.ssokit.spi.Cache;
import dev.ssokit.spi.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A cache whose every call fails as an unreachable server's would: the health contributor reports it DOWN. */
@Configuration(proxyBeanMethods = false)
class UnreachableCache {
  @Bean
  SsoProviderCustomizer unreachableCacheCustomizer() {
    return builder -> builder.cache(new Cache() {
      private StoreException down() {
        return new StoreException("cache unreachable (test)");
      }

      @Override public void put(String key, String value, Instant expiresAt) { throw down(); }
      @Override public Optional<String> get(String key) { throw down(); }
      @Override public Optional<String> take(String key) { throw down(); }
      @Override public boolean putIfAbsent(String key, String value, Instant expiresAt) { throw down(); }
      @Override public long increment(String key, Duration window) { throw down(); }
      @Override public boolean delete(String key) { throw down(); }
    });
  }
}
