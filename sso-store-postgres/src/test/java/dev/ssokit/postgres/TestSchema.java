package dev.ssokit.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ssokit.testkit.PostgresSchema;
import dev.ssokit.testkit.TestServices;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A migrated schema of its own for one test class ({@code sso_it_<random>}, a testkit {@link
 * PostgresSchema}), dropped after it, so parallel and later runs on one database never see each
 * other's rows.
 *
 * <p>IMPORTANT: register it as a {@code static} {@code @RegisterExtension} field.
 */
final class TestSchema implements BeforeAllCallback, AfterAllCallback {
  /** Connections per pool: enough for the 20-thread contract tests to queue briefly, not to exhaust the server. */
  static final int POOL_SIZE = 8;
  private static final String TABLES =
      "sso_client, sso_user, sso_consent, sso_refresh_token, sso_signing_key, sso_audit_event, sso_logout_delivery,"
      + " sso_user_role, sso_client_usage, sso_client_user, sso_initial_access_token, sso_registration_access_token";

  private final PostgresSchema shared = new PostgresSchema();
  private final String schema = shared.schema();
  private final List<HikariDataSource> pools = new ArrayList<>();
  private TestServices.Postgres target;
  private HikariDataSource dataSource;

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    target = TestServices.postgres();
    shared.beforeAll(context);
    dataSource = newPool();
    PostgresStore.migrate(dataSource);
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    pools.forEach(HikariDataSource::close);
    shared.afterAll(context);
  }

  TestServices.Postgres target() {
    return target;
  }

  String schema() {
    return schema;
  }

  /** The class's shared pool on its schema. */
  DataSource dataSource() {
    return dataSource;
  }

  /** Another pool on the same schema, as a second provider instance would have; closed after the class. */
  HikariDataSource newPool() {
    return newPoolOn(schema);
  }

  /** A pool whose connections use schema {@code onSchema}; closed after the class. */
  synchronized HikariDataSource newPoolOn(String onSchema) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(target.jdbcUrl());
    config.setUsername(target.user());
    config.setPassword(target.password());
    config.setSchema(onSchema);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setPoolName(onSchema + "-" + pools.size());
    HikariDataSource pool = new HikariDataSource(config);
    pools.add(pool);
    return pool;
  }

  /** Empties every table and returns stores on the class's pool. */
  PostgresStore freshStore() {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("TRUNCATE " + TABLES + " RESTART IDENTITY");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot empty test schema " + schema, e);
    }
    return PostgresStore.create(dataSource);
  }
}
