package dev.ssokit.example.standalone;

import dev.ssokit.SsoProvider;
import dev.ssokit.postgres.PostgresStore;
import dev.ssokit.redis.RedisCache;
import java.time.Clock;
import java.util.List;

/**
 * Chooses the storage and cache backends: PostgreSQL when {@code SSO_DATABASE_URL} is set (schema
 * migrated at start), Redis/Dragonfly when {@code SSO_REDIS_URL} is set (keys under {@code
 * SSO_REDIS_KEY_PREFIX}, default {@code ssokit:}), in memory otherwise.
 */
final class Backends {
  private Backends() {}

  static void configure(ServerConfig config, SsoProvider.Builder builder, Clock clock, List<AutoCloseable> resources) {
    if (config.databaseUrl() != null) {
      if (!config.databaseUrl().startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("SSO_DATABASE_URL: must be a jdbc:postgresql: URL");
      }
      PostgresStore store = PostgresStore.connect(config.databaseUrl(), config.databaseUser(),
          config.databasePassword());
      resources.add(store);
      builder.clientStore(store.clients()).userStore(store.users()).consentStore(store.consents())
          .refreshTokenStore(store.refreshTokens()).signingKeyStore(store.signingKeys()).auditLog(store.auditLog())
          .logoutDeliveryStore(store.logoutDeliveries());
    }
    if (config.redisUrl() != null) {
      RedisCache cache = RedisCache.connect(config.redisUrl(), config.redisKeyPrefix(), clock);
      resources.add(cache);
      builder.cache(cache);
    }
  }
}
