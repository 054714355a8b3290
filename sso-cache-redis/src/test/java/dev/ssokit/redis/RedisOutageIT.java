package dev.ssokit.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssokit.contract.MutableClock;
import dev.ssokit.spi.Cache;
import dev.ssokit.spi.StoreException;
import dev.ssokit.testkit.TcpProxy;
import dev.ssokit.testkit.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.JedisPooled;

/**
 * A Redis outage played by cutting a local TCP proxy: every call fails loudly with a {@link
 * StoreException}, and the same cache works again once the network is back.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisOutageIT {
  private static final String KEY = "code:outage-key";
  private static final String VALUE = "outage-value";

  private final MutableClock clock = MutableClock.atNow();
  private final String prefix = TestRedis.freshPrefix();
  private TcpProxy proxy;
  private RedisCache cache;

  @BeforeEach
  void startProxy() throws Exception {
    TestServices.Redis redis = TestServices.redis();
    proxy = TcpProxy.start(redis.host(), redis.port());
  }

  @AfterEach
  void stop() throws Exception {
    if (cache != null) {
      cache.close();
    }
    proxy.close();
    try (JedisPooled direct = TestRedis.newPool()) {
      TestRedis.deleteKeys(direct, prefix);
    }
  }

  /** The test server's URL with host and port of the proxy (user, password, database kept). */
  private String proxiedUrl() {
    return TestServices.redis().urlVia("127.0.0.1", proxy.port());
  }

  private Instant later() {
    return clock.instant().plus(Duration.ofMinutes(5));
  }

  @Test
  void whenNetworkIsCutThenEveryCallThrowsStoreExceptionAndAfterRestoreSameCacheWorks() throws Exception {
    cache = RedisCache.connect(proxiedUrl(), prefix, clock);
    cache.put(KEY, VALUE, later());
    assertThat(cache.get(KEY)).contains(VALUE);

    proxy.cut();

    List<ThrowingCallable> calls = List.of(
        () -> cache.get(KEY),
        () -> cache.put(KEY, VALUE, later()),
        () -> cache.take(KEY),
        () -> cache.putIfAbsent(KEY, VALUE, later()),
        () -> cache.increment(KEY, Duration.ofMinutes(1)),
        () -> cache.incrementAndGetAll(List.of(new Cache.Counter(KEY, Duration.ofMinutes(1))), List.of(KEY)),
        () -> cache.delete(KEY),
        () -> cache.get(KEY));
    for (ThrowingCallable call : calls) {
      assertThatThrownBy(call)
          .isInstanceOf(StoreException.class)
          .hasMessageStartingWith("Redis cache ")
          .hasMessageNotContaining(KEY)
          .hasMessageNotContaining(VALUE);
    }

    proxy.restore();

    assertThat(cache.get(KEY)).contains(VALUE);
    assertThat(cache.take(KEY)).contains(VALUE);
    assertThat(cache.putIfAbsent(KEY, "again", later())).isTrue();
    assertThat(cache.increment("rate:after-outage", Duration.ofMinutes(1))).isEqualTo(1);
  }

  @Test
  void whenServerIsUnreachableAtConnectThenStoreException() throws Exception {
    proxy.cut();
    String url = proxiedUrl();

    assertThatThrownBy(() -> RedisCache.connect(url, prefix, clock))
        .isInstanceOf(StoreException.class)
        .hasMessageNotContaining(url);
  }
}
