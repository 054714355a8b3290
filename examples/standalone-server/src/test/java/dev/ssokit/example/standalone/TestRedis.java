package dev.ssokit.example.standalone;

import dev.ssokit.testkit.TestServices;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Jedis helpers for these integration tests, on the Redis server chosen by the testkit's {@link
 * TestServices#redis()} ({@code SSO_TEST_REDIS_URL}, else the local default, else
 * Testcontainers, else an error that says how to provide one; never a silent skip).
 */
final class TestRedis {
  private TestRedis() {}

  /** The URL of the server to test against. */
  static String url() {
    return TestServices.redis().url();
  }

  /** A client for assertions and clean-up, apart from the providers' own pools. */
  static JedisPooled newClient() {
    return new JedisPooled(TestServices.redis().uri());
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
}
