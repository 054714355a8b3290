package dev.ssokit.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.ssokit.spi.RefreshToken;
import dev.ssokit.spi.RefreshTokenStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * V4 (refresh-token grant time, disabled accounts) on a schema holding rows written at V3: they
 * keep working, a family's absolute lifetime counts from its oldest stored token, every existing
 * account stays enabled, and rows inserted by V3 code (rolling upgrade) get their family's grant time.
 */
class PostgresV4MigrationIT {
  @RegisterExtension
  static final TestSchema DB = new TestSchema();

  private static final Instant GRANTED = Instant.parse("2030-01-01T00:00:00Z");
  private static final Instant ROTATED = Instant.parse("2030-01-10T00:00:00Z");

  @Test
  void whenV3RowsAreMigratedThenTokensRotateWithTheFamilysFirstIssueAsGrantTimeAndUsersStayEnabled()
      throws SQLException {
    String schema = DB.schema() + "_v3";
    execute(DB.dataSource(), "CREATE SCHEMA " + schema);
    try {
      HikariDataSource pool = DB.newPoolOn(schema);
      Flyway.configure(PostgresStore.class.getClassLoader()).dataSource(pool).locations(PostgresStore.MIGRATIONS_LOCATION)
          .table(PostgresStore.SCHEMA_HISTORY_TABLE).target("3").load().migrate();
      execute(pool,
          "INSERT INTO sso_refresh_token (token_hash, family_id, client_id, subject, scopes, session_id, auth_time,"
              + " issued_at, expires_at, used, revoked) VALUES"
              + " ('h1', 'f1', 'app', 'alice', '{openid}', 'sid-1', '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z',"
              + " '2030-01-31T00:00:00Z', true, false),"
              + " ('h2', 'f1', 'app', 'alice', '{openid}', 'sid-1', '2030-01-01T00:00:00Z', '2030-01-10T00:00:00Z',"
              + " '2030-02-09T00:00:00Z', false, false)",
          "INSERT INTO sso_user (id, username, email, email_verified, password_hash, claims, locked_until, created_at)"
              + " VALUES ('u-1', 'alice', null, false, null, '{}', null, '2030-01-01T00:00:00Z')");

      PostgresStore.migrate(pool);

      PostgresStore store = PostgresStore.create(pool);
      RefreshTokenStore tokens = store.refreshTokens();
      RefreshToken current = tokens.find("h2").orElseThrow();
      assertThat(current.grantedAt()).isEqualTo(GRANTED);
      assertThat(current.issuedAt()).isEqualTo(ROTATED);
      Instant now = ROTATED.plusSeconds(60);
      assertThat(tokens.rotate("h2", current.successor("h3", now, now.plusSeconds(3600)), now))
          .isEqualTo(RefreshTokenStore.Rotation.ROTATED);
      assertThat(tokens.find("h3").orElseThrow().grantedAt()).isEqualTo(GRANTED);
      assertThat(store.users().findById("u-1").orElseThrow().disabled()).isFalse();

      // an instance still on V3 code rotates during a rolling upgrade: its row joins the family's grant time
      execute(pool, "INSERT INTO sso_refresh_token (token_hash, family_id, client_id, subject, scopes, issued_at,"
          + " expires_at) VALUES ('h4', 'f1', 'app', 'alice', '{openid}', '2030-01-11T00:00:00Z',"
          + " '2030-02-10T00:00:00Z'), ('n1', 'new-family', 'app', 'alice', '{openid}', '2030-01-12T00:00:00Z',"
          + " '2030-02-11T00:00:00Z')");
      assertThat(tokens.find("h4").orElseThrow().grantedAt()).isEqualTo(GRANTED);
      assertThat(tokens.find("n1").orElseThrow().grantedAt()).isEqualTo(Instant.parse("2030-01-12T00:00:00Z"));
    } finally {
      execute(DB.dataSource(), "DROP SCHEMA " + schema + " CASCADE");
    }
  }

  private static void execute(javax.sql.DataSource ds, String... sql) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }
}
