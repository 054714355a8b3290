package dev.ssokit.redis;

import dev.ssokit.contract.CacheContract;
import dev.ssokit.contract.MutableClock;
import dev.ssokit.spi.Cache;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.JedisPooled;

/**
 * The {@link Cache} contract on Dragonfly, proving the adapter uses only commands Dragonfly
 * supports. Runs against {@value #URL_VARIABLE} when set, else a Testcontainers Dragonfly.
 *
 * <p>IMPORTANT: the one test class allowed to skip: without Docker (and without {@value
 * #URL_VARIABLE}) it is reported as skipped with a message saying Docker is required.
 */
class DragonflyCacheIT extends CacheContract {
  static final String URL_VARIABLE = "SSO_TEST_DRAGONFLY_URL";
  static final String IMAGE = "docker.dragonflydb.io/dragonflydb/dragonfly";
  private static final int PORT = 6379;

  private static final String DOCKER_REQUIRED = "Docker is required to run the Cache contract"
      + " against Dragonfly (" + IMAGE + "), or set " + URL_VARIABLE + "=redis://host:port;"
      + " Redis itself is covered by RedisCacheIT";

  private static GenericContainer<?> container;
  private static JedisPooled jedis;
  private final List<String> prefixes = new ArrayList<>();

  @BeforeAll
  static void startDragonfly() {
    String url = System.getenv(URL_VARIABLE);
    if (url == null || url.isBlank()) {
      if (!DockerClientFactory.instance().isDockerAvailable()) {
        return; // every test reports the skip through newCache (a class-level skip is not reported)
      }
      container = new GenericContainer<>(DockerImageName.parse(IMAGE))
          .withExposedPorts(PORT)
          .withCommand("--proactor_threads=2", "--maxmemory=512mb");
      container.start();
      url = "redis://" + container.getHost() + ":" + container.getMappedPort(PORT);
    }
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(TestRedis.TEST_POOL_MAX_TOTAL);
    jedis = new JedisPooled(pool, URI.create(url));
  }

  @AfterAll
  static void stopDragonfly() {
    if (jedis != null) {
      jedis.close();
    }
    if (container != null) {
      container.stop();
    }
  }

  @Override
  protected Cache newCache(MutableClock clock) {
    Assumptions.assumeTrue(jedis != null, DOCKER_REQUIRED);
    String prefix = TestRedis.freshPrefix();
    prefixes.add(prefix);
    return RedisCache.create(jedis, prefix, clock);
  }

  @AfterEach
  void deleteTestKeys() {
    prefixes.forEach(prefix -> TestRedis.deleteKeys(jedis, prefix));
  }
}
