package dev.ssokit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.contract.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.JedisPooled;

/**
 * Two provider nodes, each with its own connection pool, race to redeem one authorization code:
 * exactly one wins.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisTakeAcrossPoolsIT {
  private static final int RACERS = 50;
  private static final int ROUNDS = 10;

  private final MutableClock clock = MutableClock.atNow();
  private final String prefix = TestRedis.freshPrefix();
  private JedisPooled poolA;
  private JedisPooled poolB;
  private RedisCache nodeA;
  private RedisCache nodeB;

  @BeforeEach
  void startNodes() {
    poolA = TestRedis.newPool();
    poolB = TestRedis.newPool();
    nodeA = RedisCache.create(poolA, prefix, clock);
    nodeB = RedisCache.create(poolB, prefix, clock);
  }

  @AfterEach
  void stopNodes() {
    TestRedis.deleteKeys(poolA, prefix);
    poolA.close();
    poolB.close();
  }

  @Test
  void whenCodeIsIssuedOnOneNodeThenTheOtherRedeemsItOnce() {
    nodeA.put("code:handoff", "grant", clock.instant().plusSeconds(60));

    assertThat(nodeB.take("code:handoff")).contains("grant");
    assertThat(nodeA.take("code:handoff")).isEmpty();
  }

  @Test
  void whenFiftyThreadsOnTwoPoolsTakeOneCodeThenExactlyOneWins() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(RACERS);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        String code = "code:race-" + round;
        nodeA.put(code, "grant-" + round, clock.instant().plus(Duration.ofMinutes(1)));
        CountDownLatch ready = new CountDownLatch(RACERS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<String>>> takes = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
          RedisCache node = i % 2 == 0 ? nodeA : nodeB;
          takes.add(threads.submit(() -> {
            ready.countDown();
            start.await();
            return node.take(code);
          }));
        }
        assertThat(ready.await(30, TimeUnit.SECONDS)).as("all racers ready").isTrue();
        start.countDown();
        List<Optional<String>> results = new ArrayList<>();
        for (Future<Optional<String>> take : takes) {
          results.add(take.get(30, TimeUnit.SECONDS));
        }

        assertThat(results).as("round %d", round)
            .filteredOn(Optional::isPresent)
            .containsExactly(Optional.of("grant-" + round));
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
