package dev.ssokit.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An empty schema of its own ({@code sso_it_<random>}) on the {@link TestServices#postgres() test
 * PostgreSQL}, so parallel and later runs on one database never see each other's rows. Either per
 * test class, as a {@code static} {@code @RegisterExtension} field (created before the class,
 * dropped with everything in it after), or per test, from {@link #create()} and dropped by
 * {@link #close()}. Who migrates the schema is up to the test.
 *
 * <p>Needs the PostgreSQL JDBC driver on the test class path (through {@link DriverManager}).
 */
public final class PostgresSchema implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
  private final String name = "sso_it_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());

  /** A schema for a {@code @RegisterExtension} field: created in {@code beforeAll}, dropped in {@code afterAll}. */
  public PostgresSchema() {}

  /** A schema created now; the caller closes (drops) it. */
  public static PostgresSchema create() throws SQLException {
    PostgresSchema schema = new PostgresSchema();
    schema.createSchema();
    return schema;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    createSchema();
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    dropSchema();
  }

  /** Drops the schema with everything in it. */
  @Override
  public void close() throws SQLException {
    dropSchema();
  }

  /** The schema's name. */
  public String schema() {
    return name;
  }

  /** The server the schema lives on. */
  public TestServices.Postgres server() {
    return TestServices.postgres();
  }

  /** The JDBC URL whose connections work in this schema ({@code currentSchema}). */
  public String jdbcUrl() {
    return server().jdbcUrl(name);
  }

  /** The JDBC URL of this schema reached at {@code viaHost:viaPort}, e.g. through a {@link TcpProxy}. */
  public String jdbcUrlVia(String viaHost, int viaPort) {
    return server().jdbcUrlVia(viaHost, viaPort, name);
  }

  public String user() {
    return server().user();
  }

  public String password() {
    return server().password();
  }

  /** A new connection working in this schema; the caller closes it. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), user(), password());
  }

  /** The first column of the first row of {@code sql} run in this schema (test setup and checks). */
  public long queryLong(String sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void createSchema() throws SQLException {
    executeOnServer("CREATE SCHEMA " + name);
  }

  private void dropSchema() throws SQLException {
    executeOnServer("DROP SCHEMA " + name + " CASCADE");
  }

  private void executeOnServer(String sql) throws SQLException {
    TestServices.Postgres server = server();
    try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
         Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
