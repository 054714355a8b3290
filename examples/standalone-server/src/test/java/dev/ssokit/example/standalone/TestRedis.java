package dev.ssokit.example.standalone;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * The Redis server of these integration tests (DESIGN.md §8), chosen like sso-cache-redis' own:
 * {@value #URL_VARIABLE} when set, else {@value #LOCAL_URL} when it accepts a connection, else a
 * Testcontainers {@value #IMAGE} when Docker is available, else an error that says how to provide
 * one. Never a silent skip.
 */
final class TestRedis {
  static final String URL_VARIABLE = "SSO_TEST_REDIS_URL";
  static final String LOCAL_URL = "redis://127.0.0.1:6379";
  static final String IMAGE = "redis:7-alpine";
  static final int REDIS_PORT = 6379;
  private static final int LOCAL_PROBE_TIMEOUT_MILLIS = 500;

  private static String url;

  private TestRedis() {}

  /** The URL of the server to test against, starting a container at most once per JVM. */
  static synchronized String url() {
    if (url == null) {
      url = pick();
    }
    return url;
  }

  static URI uri() {
    return URI.create(url());
  }

  /** The test server's URL with host and port replaced (e.g. by a proxy's), user, password and db kept. */
  static String urlVia(String host, int port) {
    URI redis = uri();
    try {
      return new URI(redis.getScheme(), redis.getUserInfo(), host, port, redis.getPath(), redis.getQuery(), null)
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot rewrite the test Redis URL", e);
    }
  }

  /** A client for assertions and clean-up, apart from the providers' own pools. */
  static JedisPooled newClient() {
    return new JedisPooled(uri());
  }

  /** A key prefix no other test or run uses, so runs against one shared server never collide. */
  static String freshPrefix() {
    return "ssokit-it:" + UUID.randomUUID() + ":";
  }

  /** Every key under {@code prefix}; test assertions and clean-up only (the cache itself never scans). */
  static List<String> keys(UnifiedJedis jedis, String prefix) {
    List<String> keys = new ArrayList<>();
    ScanParams match = new ScanParams().match(prefix + "*").count(1_000);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = jedis.scan(cursor, match);
      keys.addAll(page.getResult());
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return keys;
  }

  /** Deletes every key under {@code prefix}. */
  static void deleteKeys(String prefix) {
    try (JedisPooled jedis = newClient()) {
      keys(jedis, prefix).forEach(jedis::del);
    }
  }

  private static String pick() {
    String fromEnv = System.getenv(URL_VARIABLE);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    if (localRedisAnswers()) {
      return LOCAL_URL;
    }
    if (DockerClientFactory.instance().isDockerAvailable()) {
      // stopped by Testcontainers' reaper when the JVM exits
      GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE)).withExposedPorts(REDIS_PORT);
      container.start();
      return "redis://" + container.getHost() + ":" + container.getMappedPort(REDIS_PORT);
    }
    throw new IllegalStateException("No Redis for the integration tests. Set " + URL_VARIABLE
        + "=redis://host:port, or start one on 127.0.0.1:6379 (redis-server --daemonize yes"
        + " --bind 127.0.0.1 --port 6379 --save \"\" --appendonly no), or make Docker available"
        + " so Testcontainers can run " + IMAGE + ".");
  }

  private static boolean localRedisAnswers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", REDIS_PORT), LOCAL_PROBE_TIMEOUT_MILLIS);
      return true;
    } catch (IOException e) {
      // nothing listens on the local default: fall through to Docker
      return false;
    }
  }
}
