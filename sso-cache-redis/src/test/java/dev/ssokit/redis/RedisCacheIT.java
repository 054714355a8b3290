package dev.ssokit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssokit.contract.CacheContract;
import dev.ssokit.contract.MutableClock;
import dev.ssokit.spi.Cache;
import dev.ssokit.spi.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/** The {@link Cache} contract on a real Redis, plus what only Redis can show (key layout, encoding). */
class RedisCacheIT extends CacheContract {
  private static JedisPooled jedis;
  private final List<String> prefixes = new ArrayList<>();

  @BeforeAll
  static void connect() {
    jedis = TestRedis.newPool();
  }

  @AfterAll
  static void disconnect() {
    jedis.close();
  }

  @Override
  protected Cache newCache(MutableClock clock) {
    String prefix = TestRedis.freshPrefix();
    prefixes.add(prefix);
    return RedisCache.create(jedis, prefix, clock);
  }

  @AfterEach
  void deleteTestKeys() {
    prefixes.forEach(prefix -> TestRedis.deleteKeys(jedis, prefix));
  }

  private String prefix() {
    return prefixes.get(0);
  }

  @Test
  void whenPutThenRedisHoldsVersionedValueUnderPrefixedKeyWithNativeTtl() {
    Instant expiresAt = clock.instant().plusSeconds(60);

    cache.put("code:abc", "v|1", expiresAt);

    String redisKey = prefix() + "v:code:abc";
    assertThat(jedis.get(redisKey)).isEqualTo("1|" + expiresAt.toEpochMilli() + "|v|1");
    assertThat(jedis.pttl(redisKey))
        .isPositive()
        .isLessThanOrEqualTo(Duration.ofSeconds(60).toMillis() + RedisCache.NATIVE_TTL_SLACK_MILLIS);
  }

  @Test
  void whenIncrementedThenCounterKeyCarriesWindowStartAndExpiresAfterTheWindow() {
    cache.increment("rate:ip", Duration.ofMinutes(1));

    long windowStart = clock.millis() / 60_000 * 60_000;
    String redisKey = prefix() + "c:60000:" + windowStart + ":rate:ip";
    assertThat(jedis.get(redisKey)).isEqualTo("1");
    assertThat(jedis.pttl(redisKey))
        .isPositive()
        .isLessThanOrEqualTo(60_000 + RedisCache.NATIVE_TTL_SLACK_MILLIS);
  }

  @Test
  void whenStoredValueHasUnknownEncodingThenGetThrowsStoreException() {
    jedis.set(prefix() + "v:code:abc", "9|123|future-format");

    assertThatThrownBy(() -> cache.get("code:abc"))
        .isInstanceOf(StoreException.class)
        .hasMessageNotContaining("future-format");
  }

  @Test
  void whenCreatedOnHostClientThenCloseLeavesClientOpen() {
    ((RedisCache) cache).close();

    assertThat(jedis.ping()).isEqualTo("PONG");
  }

  @Test
  void whenMoreCallsRunAtOnceThanThePoolHoldsThenItsConnectionsAreReused() throws Exception {
    int callers = RedisCache.POOL_MAX_TOTAL * 2;
    int rounds = 30;
    ExecutorService threads = Executors.newFixedThreadPool(callers);
    try (RedisCache own = RedisCache.connect(TestRedis.uri().toString(), prefix(), clock)) {
      long before = connectionsReceived();
      CyclicBarrier together = new CyclicBarrier(callers);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        done.add(threads.submit(() -> {
          for (int r = 0; r < rounds; r++) {
            together.await();
            own.get("code:abc");
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }

      // a pool that closes the connections above its idle limit on return opens new ones every round
      assertThat(connectionsReceived() - before).isLessThanOrEqualTo(RedisCache.POOL_MAX_TOTAL);
    } finally {
      threads.shutdownNow();
    }
  }

  private static long connectionsReceived() {
    return jedis.info("stats").lines().filter(l -> l.startsWith("total_connections_received:"))
        .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).findFirst().orElseThrow();
  }
}
