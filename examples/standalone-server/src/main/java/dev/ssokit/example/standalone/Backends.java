package dev.ssokit.example.standalone;

import dev.ssokit.SsoProvider;
import java.util.List;

/** Chooses the storage and cache backends from the configuration: in memory unless told otherwise. */
final class Backends {
  private Backends() {}

  static void configure(ServerConfig config, SsoProvider.Builder builder, List<AutoCloseable> resources) {
    if (config.databaseUrl() != null) {
      throw new IllegalArgumentException("SSO_DATABASE_URL: PostgreSQL support is not in this build yet");
    }
    if (config.redisUrl() != null) {
      throw new IllegalArgumentException("SSO_REDIS_URL: Redis support is not in this build yet");
    }
  }
}
