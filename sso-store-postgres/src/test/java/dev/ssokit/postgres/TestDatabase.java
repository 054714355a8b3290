package dev.ssokit.postgres;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The PostgreSQL server the integration tests use, chosen once per JVM (DESIGN.md section 8):
 * {@value #URL_ENV} when set, else the local default when it answers, else a Testcontainers
 * container when Docker is available, else the tests fail saying how to provide one.
 *
 * <p>IMPORTANT: never skips silently; a missing database is a test failure.
 */
final class TestDatabase {
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

    /** The same database reached at {@code host:port} (a proxy), with {@code currentSchema} set. */
    String jdbcUrlVia(String host, int port, String schema) {
      URI uri = uri();
      String query = uri.getRawQuery() == null ? "" : uri.getRawQuery() + "&";
      return "jdbc:postgresql://" + host + ":" + port + uri.getRawPath() + "?" + query + "currentSchema=" + schema;
    }
  }

  private static Target target;

  private TestDatabase() {}

  static synchronized Target get() {
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
