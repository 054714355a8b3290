package dev.ssokit.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The PostgreSQL and Redis servers of the integration tests, each chosen at
 * most once per JVM in this order: its {@code SSO_TEST_*_URL} variable when set, else the local
 * default when it accepts a TCP connection, else a Testcontainers container when Docker is
 * available, else an {@link IllegalStateException} that says how to provide one.
 *
 * <p>IMPORTANT: never skips silently; a missing server is a test failure. Testcontainers is only
 * loaded when the container step is reached, so a consumer needs it on its test class path only
 * for that step (the modules that run integration tests declare it test-scoped).
 */
public final class TestServices {
  public static final String POSTGRES_URL_ENV = "SSO_TEST_POSTGRES_URL";
  public static final String POSTGRES_USER_ENV = "SSO_TEST_POSTGRES_USER";
  public static final String POSTGRES_PASSWORD_ENV = "SSO_TEST_POSTGRES_PASSWORD";
  public static final String LOCAL_POSTGRES_HOST = "127.0.0.1";
  public static final int LOCAL_POSTGRES_PORT = 5432;
  public static final String LOCAL_POSTGRES_URL =
      "jdbc:postgresql://" + LOCAL_POSTGRES_HOST + ":" + LOCAL_POSTGRES_PORT + "/test";
  public static final String LOCAL_POSTGRES_USER = "postgres";
  public static final String POSTGRES_IMAGE = "postgres:16-alpine";

  public static final String REDIS_URL_ENV = "SSO_TEST_REDIS_URL";
  public static final String LOCAL_REDIS_HOST = "127.0.0.1";
  public static final int LOCAL_REDIS_PORT = 6379;
  public static final String LOCAL_REDIS_URL = "redis://" + LOCAL_REDIS_HOST + ":" + LOCAL_REDIS_PORT;
  public static final String REDIS_IMAGE = "redis:7-alpine";

  private static final int LOCAL_PROBE_TIMEOUT_MILLIS = 1_000;

  /** Connection settings of the test PostgreSQL; {@code host} and {@code port} are those of {@code jdbcUrl}. */
  public record Postgres(String jdbcUrl, String user, String password, String host, int port) {
    static Postgres of(String jdbcUrl, String user, String password) {
      URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
      int port = uri.getPort() == -1 ? LOCAL_POSTGRES_PORT : uri.getPort();
      return new Postgres(jdbcUrl, user, password, uri.getHost(), port);
    }

    /** The same database reached at {@code viaHost:viaPort} (e.g. a {@link TcpProxy}), with {@code currentSchema} set. */
    public String jdbcUrlVia(String viaHost, int viaPort, String schema) {
      URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
      String query = uri.getRawQuery() == null ? "" : uri.getRawQuery() + "&";
      return "jdbc:postgresql://" + viaHost + ":" + viaPort + uri.getRawPath() + "?" + query
          + "currentSchema=" + schema;
    }

    /** This database with {@code currentSchema} set. */
    public String jdbcUrl(String schema) {
      return jdbcUrlVia(host, port, schema);
    }
  }

  /** The test Redis; {@code host} and {@code port} are those of {@code url}. */
  public record Redis(String url, String host, int port) {
    static Redis of(String url) {
      URI uri = URI.create(url);
      int port = uri.getPort() == -1 ? LOCAL_REDIS_PORT : uri.getPort();
      return new Redis(url, uri.getHost(), port);
    }

    public URI uri() {
      return URI.create(url);
    }

    /** This server's URL with host and port replaced (e.g. by a {@link TcpProxy}'s); user, password and db kept. */
    public String urlVia(String viaHost, int viaPort) {
      URI redis = uri();
      try {
        return new URI(redis.getScheme(), redis.getUserInfo(), viaHost, viaPort, redis.getPath(), redis.getQuery(),
            null).toString();
      } catch (URISyntaxException e) {
        throw new IllegalStateException("cannot rewrite the test Redis URL", e);
      }
    }
  }

  private static Postgres postgres;
  private static Redis redis;

  private TestServices() {}

  /** The PostgreSQL to test against, starting a container at most once per JVM. */
  public static synchronized Postgres postgres() {
    if (postgres == null) {
      postgres = choosePostgres();
    }
    return postgres;
  }

  /** The Redis to test against, starting a container at most once per JVM. */
  public static synchronized Redis redis() {
    if (redis == null) {
      redis = Redis.of(chooseRedis());
    }
    return redis;
  }

  private static Postgres choosePostgres() {
    String url = System.getenv(POSTGRES_URL_ENV);
    if (url != null && !url.isBlank()) {
      return Postgres.of(url, envOr(POSTGRES_USER_ENV, LOCAL_POSTGRES_USER), envOr(POSTGRES_PASSWORD_ENV, ""));
    }
    if (answers(LOCAL_POSTGRES_HOST, LOCAL_POSTGRES_PORT)) {
      return Postgres.of(LOCAL_POSTGRES_URL, LOCAL_POSTGRES_USER, "");
    }
    if (dockerAvailable()) {
      return Containers.postgres(POSTGRES_IMAGE);
    }
    throw new IllegalStateException("No PostgreSQL for the integration tests. Provide one of: "
        + POSTGRES_URL_ENV + "=jdbc:postgresql://host:port/db (with " + POSTGRES_USER_ENV + " / "
        + POSTGRES_PASSWORD_ENV + ", default postgres / empty); a server on " + LOCAL_POSTGRES_HOST + ":"
        + LOCAL_POSTGRES_PORT + " with database 'test' and user 'postgres' (trust auth); or a Docker daemon"
        + " for Testcontainers (" + POSTGRES_IMAGE + ").");
  }

  private static String chooseRedis() {
    String url = System.getenv(REDIS_URL_ENV);
    if (url != null && !url.isBlank()) {
      return url;
    }
    if (answers(LOCAL_REDIS_HOST, LOCAL_REDIS_PORT)) {
      return LOCAL_REDIS_URL;
    }
    if (dockerAvailable()) {
      return Containers.redis(REDIS_IMAGE, LOCAL_REDIS_PORT);
    }
    throw new IllegalStateException("No Redis for the integration tests. Set " + REDIS_URL_ENV
        + "=redis://host:port, or start one on " + LOCAL_REDIS_HOST + ":" + LOCAL_REDIS_PORT
        + " (redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save \"\" --appendonly no), or make"
        + " Docker available so Testcontainers can run " + REDIS_IMAGE + ".");
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

  /** Whether the Testcontainers step can run: Testcontainers on the class path and a Docker daemon. */
  private static boolean dockerAvailable() {
    try {
      return Containers.dockerAvailable();
    } catch (NoClassDefFoundError e) {
      System.err.println("TestServices: Testcontainers is not on the test class path, so no container: " + e);
      return false;
    }
  }

  /** The Testcontainers step, in a class of its own so that Testcontainers is loaded only when it is reached. */
  private static final class Containers {
    /** Started containers, kept reachable for the JVM's life; Testcontainers' reaper stops them at exit. */
    private static final List<GenericContainer<?>> STARTED = new ArrayList<>();

    static boolean dockerAvailable() {
      return DockerClientFactory.instance().isDockerAvailable();
    }

    static Postgres postgres(String image) {
      PostgreSQLContainer<?> container = new PostgreSQLContainer<>(DockerImageName.parse(image));
      container.start();
      STARTED.add(container);
      return Postgres.of(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    static String redis(String image, int port) {
      GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image)).withExposedPorts(port);
      container.start();
      STARTED.add(container);
      return "redis://" + container.getHost() + ":" + container.getMappedPort(port);
    }
  }
}
