package dev.ssokit.example.standalone;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The PostgreSQL server of these integration tests (DESIGN.md §8), chosen like sso-store-postgres'
 * own: {@value #URL_VARIABLE} (with {@value #USER_VARIABLE} / {@value #PASSWORD_VARIABLE}) when
 * set, else the local default when it answers, else Testcontainers when Docker is available, else
 * an error that says how to provide one. Each test works in a fresh schema of its own.
 */
final class TestPostgres {
  static final String URL_VARIABLE = "SSO_TEST_POSTGRES_URL";
  static final String USER_VARIABLE = "SSO_TEST_POSTGRES_USER";
  static final String PASSWORD_VARIABLE = "SSO_TEST_POSTGRES_PASSWORD";
  static final String LOCAL_HOST = "127.0.0.1";
  static final int LOCAL_PORT = 5432;
  static final String LOCAL_URL = "jdbc:postgresql://" + LOCAL_HOST + ":" + LOCAL_PORT + "/test";
  static final String LOCAL_USER = "postgres";
  static final String IMAGE = "postgres:16-alpine";
  private static final int LOCAL_PROBE_TIMEOUT_MILLIS = 1_000;

  /** Connection settings of the chosen server. */
  record Server(String jdbcUrl, String user, String password) {}

  /**
   * A schema of its own ({@code sso_it_<random>}) on the test server, created on construction and
   * dropped with everything in it by {@link #close()}.
   */
  static final class Schema implements AutoCloseable {
    private final Server server;
    private final String name = "sso_it_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());

    private Schema(Server server) throws SQLException {
      this.server = server;
      execute("CREATE SCHEMA " + name);
    }

    /** The JDBC URL whose connections work in this schema ({@code currentSchema}). */
    String jdbcUrl() {
      String base = server.jdbcUrl();
      return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + name;
    }

    String user() {
      return server.user();
    }

    String password() {
      return server.password();
    }

    @Override
    public void close() throws SQLException {
      execute("DROP SCHEMA " + name + " CASCADE");
    }

    private void execute(String sql) throws SQLException {
      try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
           Statement s = c.createStatement()) {
        s.execute(sql);
      }
    }
  }

  private static Server server;

  private TestPostgres() {}

  /** A fresh schema on the test server; the caller closes (drops) it. */
  static Schema freshSchema() throws SQLException {
    return new Schema(server());
  }

  static synchronized Server server() {
    if (server == null) {
      server = pick();
    }
    return server;
  }

  private static Server pick() {
    String url = System.getenv(URL_VARIABLE);
    if (url != null && !url.isBlank()) {
      return new Server(url, envOr(USER_VARIABLE, LOCAL_USER), envOr(PASSWORD_VARIABLE, ""));
    }
    if (answers(LOCAL_HOST, LOCAL_PORT)) {
      return new Server(LOCAL_URL, LOCAL_USER, "");
    }
    if (DockerClientFactory.instance().isDockerAvailable()) {
      // stopped by Testcontainers' reaper when the JVM exits
      PostgreSQLContainer<?> container = new PostgreSQLContainer<>(DockerImageName.parse(IMAGE));
      container.start();
      return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }
    throw new IllegalStateException("No PostgreSQL for the integration tests. Provide one of: " + URL_VARIABLE
        + "=jdbc:postgresql://host:port/db (with " + USER_VARIABLE + " / " + PASSWORD_VARIABLE
        + ", default postgres / empty); a server on " + LOCAL_HOST + ":" + LOCAL_PORT
        + " with database 'test' and user 'postgres' (trust auth); or a Docker daemon for Testcontainers.");
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null ? fallback : value;
  }

  private static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), LOCAL_PROBE_TIMEOUT_MILLIS);
      return true;
    } catch (IOException e) {
      // nothing listens on the local default: fall through to Docker
      return false;
    }
  }
}
