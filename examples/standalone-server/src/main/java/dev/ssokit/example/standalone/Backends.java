package dev.ssokit.example.standalone;

import dev.ssokit.SsoProvider;
import dev.ssokit.memory.InMemoryAuditLog;
import dev.ssokit.postgres.PostgresStore;
import dev.ssokit.redis.RedisCache;
import dev.ssokit.spi.StoreException;
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
      PostgresStore store;
      try {
        store = PostgresStore.connect(config.databaseUrl(), config.databaseUser(), config.databasePassword(),
            config.databasePoolSize());
      } catch (StoreException e) {
        throw StartFailure.unreachable("SSO_DATABASE_URL", config.databaseUrl(), e);
      }
      resources.add(store);
      builder.clientStore(store.clients()).userStore(store.users()).consentStore(store.consents())
          .refreshTokenStore(store.refreshTokens()).signingKeyStore(store.signingKeys())
          .auditLog(new LoggingAuditLog(store.auditLog()))
          .logoutDeliveryStore(store.logoutDeliveries()).applicationStatsStore(store.applicationStats())
          .accountTokenStore(store.accountTokens()).mfaStore(store.mfa())
          .clientRegistrationStore(store.clientRegistrations());
    } else {
      builder.auditLog(new LoggingAuditLog(new InMemoryAuditLog()));
    }
    if (config.redisUrl() != null) {
      RedisCache cache;
      try {
        cache = RedisCache.connect(config.redisUrl(), config.redisKeyPrefix(), clock);
      } catch (IllegalArgumentException e) {
        // RedisCache names its parameter (redisUrl); the operator knows the variable
        throw new IllegalArgumentException("SSO_REDIS_URL: must look like redis://host:port or rediss://host:port", e);
      } catch (StoreException e) {
        throw StartFailure.unreachable("SSO_REDIS_URL", config.redisUrl(), e);
      }
      resources.add(cache);
      builder.cache(cache);
    }
  }
}
