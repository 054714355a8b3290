package dev.ssokit.example.standalone;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * An empty schema of its own ({@code sso_srv_<random>}) on the test PostgreSQL for one test class,
 * created before it and dropped after it, so runs never see each other's rows. The server is
 * chosen once per JVM (DESIGN.md section 8): {@value #URL_ENV} when set, else the local default
 * when it answers, else a Testcontainers container when Docker is available, else the test fails
 * saying how to provide one.
 *
 * <p>IMPORTANT: never skips silently; register it as a {@code static} {@code @RegisterExtension}
 * field. The standalone server migrates the schema itself ({@code SSO_DATABASE_URL}).
 */
final class PostgresSchema implements BeforeAllCallback, AfterAllCallback {
  static final String URL_ENV = "SSO_TEST_POSTGRES_URL";
  static final String USER_ENV = "SSO_TEST_POSTGRES_USER";
  static final String PASSWORD_ENV = "SSO_TEST_POSTGRES_PASSWORD";
  static final String LOCAL_HOST = "127.0.0.1";
  static final int LOCAL_PORT = 5432;
  static final String LOCAL_URL = "jdbc:postgresql://" + LOCAL_HOST + ":" + LOCAL_PORT + "/test";
  static final String LOCAL_USER = "postgres";
  static final int PROBE_TIMEOUT_MILLIS = 1_000;
  static final String CONTAINER_IMAGE = "postgres:16-alpine";

  /** Connection settings of the chosen server; {@code source} says which rule picked it. */
  record Target(String jdbcUrl, String user, String password, String source) {
    private URI uri() {
      return URI.create(jdbcUrl.substring("jdbc:".length()));
    }

    String host() {
      return uri().getHost();
    }

    int port() {
      int port = uri().getPort();
      return port == -1 ? LOCAL_PORT : port;
    }

    /** The same database reached at {@code host:port}, with {@code currentSchema} set. */
    String jdbcUrlVia(String viaHost, int viaPort, String schema) {
      URI uri = uri();
      String query = uri.getRawQuery() == null ? "" : uri.getRawQuery() + "&";
      return "jdbc:postgresql://" + viaHost + ":" + viaPort + uri.getRawPath() + "?" + query + "currentSchema=" + schema;
    }
  }

  private static Target target;

  private final String schema = "sso_srv_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());

  @Override
  public void beforeAll(ExtensionContext context) throws SQLException {
    execute("CREATE SCHEMA " + schema);
  }

  @Override
  public void afterAll(ExtensionContext context) throws SQLException {
    execute("DROP SCHEMA " + schema + " CASCADE");
  }

  String schema() {
    return schema;
  }

  /** JDBC URL of this schema on the test server. */
  String jdbcUrl() {
    Target t = target();
    return t.jdbcUrlVia(t.host(), t.port(), schema);
  }

  /** The {@code SSO_DATABASE_*} variables that put a standalone server on this schema through {@code jdbcUrl}. */
  Map<String, String> serverEnv(String jdbcUrl) {
    Map<String, String> env = new HashMap<>();
    env.put("SSO_DATABASE_URL", jdbcUrl);
    env.put("SSO_DATABASE_USER", target().user());
    env.put("SSO_DATABASE_PASSWORD", target().password());
    return env;
  }

  /** The {@code SSO_DATABASE_*} variables of this schema, reached directly. */
  Map<String, String> serverEnv() {
    return serverEnv(jdbcUrl());
  }

  /** Runs one SQL statement on this schema (test setup and checks). */
  long queryLong(String sql) throws SQLException {
    Target t = target();
    try (Connection c = DriverManager.getConnection(jdbcUrl(), t.user(), t.password());
         Statement s = c.createStatement();
         var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void execute(String sql) throws SQLException {
    Target t = target();
    try (Connection c = DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
         Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static synchronized Target target() {
    if (target == null) {
      target = choose();
    }
    return target;
  }

  private static Target choose() {
    String url = System.getenv(URL_ENV);
    if (url != null && !url.isBlank()) {
      return new Target(url, envOr(USER_ENV, LOCAL_USER), envOr(PASSWORD_ENV, ""), URL_ENV);
    }
    if (answers(LOCAL_HOST, LOCAL_PORT)) {
      return new Target(LOCAL_URL, LOCAL_USER, "", "local default");
    }
    if (DockerClientFactory.instance().isDockerAvailable()) {
      // stopped by Testcontainers' reaper when the JVM exits
      PostgreSQLContainer<?> container = new PostgreSQLContainer<>(DockerImageName.parse(CONTAINER_IMAGE));
      container.start();
      return new Target(container.getJdbcUrl(), container.getUsername(), container.getPassword(), "Testcontainers");
    }
    throw new IllegalStateException("No PostgreSQL for the integration tests. Provide one of: "
        + URL_ENV + "=jdbc:postgresql://host:port/db (with " + USER_ENV + " / " + PASSWORD_ENV
        + ", default postgres / empty); a server on " + LOCAL_HOST + ":" + LOCAL_PORT
        + " with database 'test' and user 'postgres' (trust auth); or a Docker daemon for Testcontainers.");
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null ? fallback : value;
  }

  private static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), PROBE_TIMEOUT_MILLIS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
