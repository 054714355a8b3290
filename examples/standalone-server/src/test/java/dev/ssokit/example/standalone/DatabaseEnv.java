package dev.ssokit.example.standalone;

import dev.ssokit.testkit.PostgresSchema;
import java.util.HashMap;
import java.util.Map;

/** The {@code SSO_DATABASE_*} variables that put a standalone server on a testkit {@link PostgresSchema}. */
final class DatabaseEnv {
  private DatabaseEnv() {}

  /** The variables of {@code schema}, reached directly. */
  static Map<String, String> of(PostgresSchema schema) {
    return of(schema, schema.jdbcUrl());
  }

  /** The variables of {@code schema}, reached through {@code jdbcUrl} (e.g. a proxy's). */
  static Map<String, String> of(PostgresSchema schema, String jdbcUrl) {
    Map<String, String> env = new HashMap<>();
    env.put("SSO_DATABASE_URL", jdbcUrl);
    env.put("SSO_DATABASE_USER", schema.user());
    env.put("SSO_DATABASE_PASSWORD", schema.password());
    return env;
  }
}
