package dev.ssokit.redis;

import dev.ssokit.testkit.TestServices;
import java.net.URI;
import java.util.UUID;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Jedis helpers for the integration tests, on the Redis server chosen by the testkit's {@link
 * TestServices#redis()} ({@code SSO_TEST_REDIS_URL}, else the local default, else
 * Testcontainers, else an error that says how to provide one; never a silent skip).
 */
final class TestRedis {
  /** Room for every racer of the contract's concurrency tests plus the WATCH path's second connection. */
  static final int TEST_POOL_MAX_TOTAL = 64;

  private TestRedis() {}

  static URI uri() {
    return TestServices.redis().uri();
  }

  /** A pool to the test server, large enough for the contract's racers. */
  static JedisPooled newPool() {
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(TEST_POOL_MAX_TOTAL);
    return new JedisPooled(pool, uri());
  }

  /** A key prefix no other test run uses, so runs against one shared server never collide. */
  static String freshPrefix() {
    return "ssokit-test:" + UUID.randomUUID() + ":";
  }

  /** Deletes every key under {@code prefix} (test clean-up only; the cache itself never scans). */
  static void deleteKeys(UnifiedJedis jedis, String prefix) {
    ScanParams match = new ScanParams().match(prefix + "*").count(1_000);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = jedis.scan(cursor, match);
      page.getResult().forEach(jedis::del);
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
  }
}
