package dev.ssokit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.ssokit.spi.ClientRegistrationStore;
import dev.ssokit.spi.DynamicRegistration;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * V15 (the policy kept with each dynamic registration) on a schema holding registrations written at
 * V14: their tokens keep working, and their policy is what updates allowed them before: the default
 * grant types plus their own, and their exact scopes when they hold an admin API scope.
 */
class PostgresV15MigrationIT {
  @RegisterExtension
  static final TestSchema DB = new TestSchema();

  private static final String DEFAULT_GRANTS = "'{authorization_code,refresh_token}'";

  @Test
  void whenV14RegistrationsAreMigratedThenTheyKeepTheirTokenAndGetTheirCurrentPolicy() throws SQLException {
    String schema = DB.schema() + "_v14";
    execute(DB.dataSource(), "CREATE SCHEMA " + schema);
    try {
      HikariDataSource pool = DB.newPoolOn(schema);
      Flyway.configure(PostgresStore.class.getClassLoader()).dataSource(pool)
          .locations(PostgresStore.MIGRATIONS_LOCATION).table(PostgresStore.SCHEMA_HISTORY_TABLE).target("14").load()
          .migrate();
      execute(pool, client("plain", DEFAULT_GRANTS, "'{openid,profile}'"),
          client("apps", "'{authorization_code,urn:ietf:params:oauth:grant-type:token-exchange}'",
              "'{openid,sso:apps}'"),
          "INSERT INTO sso_registration_access_token (client_id, token_hash) VALUES ('plain', 'h-plain'),"
              + " ('apps', 'h-apps')");

      PostgresStore.migrate(pool);

      ClientRegistrationStore store = PostgresStore.create(pool).clientRegistrations();
      DynamicRegistration plain = store.findRegistration("plain").orElseThrow();
      assertThat(plain.registrationAccessTokenHash()).isEqualTo("h-plain");
      assertThat(plain.initialAccessTokenId()).isNull();
      assertThat(plain.allowedGrantTypes()).containsExactlyInAnyOrder("authorization_code", "refresh_token",
          "client_credentials", "urn:ietf:params:oauth:grant-type:device_code");
      assertThat(plain.allowedScopes()).as("any scope but the admin API's").isEmpty();
      assertThat(plain.allowedRedirectUriSchemes()).isEmpty();

      DynamicRegistration apps = store.findRegistration("apps").orElseThrow();
      assertThat(apps.allowedGrantTypes()).contains("urn:ietf:params:oauth:grant-type:token-exchange",
          "client_credentials");
      assertThat(apps.allowedScopes()).containsExactlyInAnyOrder("openid", "sso:apps");
      assertThat(store.rotateRegistrationAccessToken("apps", "h-apps", "h-next")).isTrue();
    } finally {
      execute(DB.dataSource(), "DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private static String client(String id, String grants, String scopes) {
    return "INSERT INTO sso_client (client_id, secret_hash, client_name, redirect_uris, post_logout_redirect_uris,"
        + " grant_types, scopes, token_endpoint_auth_method, application_type, access_token_format, created_at)"
        + " VALUES ('" + id + "', null, '" + id + "', '{https://app.example/cb}', '{}', " + grants + ", " + scopes
        + ", 'none', 'web', 'jwt', '2030-01-01T00:00:00Z')";
  }

  private static void execute(javax.sql.DataSource ds, String... sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }
}
