package dev.ssokit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssokit.spi.Cache;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link Cache} implementation shares; a backend's test extends this class
 * and only supplies {@link #newCache}.
 *
 * <p>IMPORTANT: time is moved with a {@link MutableClock} (expiry follows the
 * injected clock, native TTLs are garbage collection only), so nothing here sleeps; each call of
 * {@link #newCache} must return a cache that shares no keys with earlier ones.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class CacheContract {
  /** Threads racing in the concurrency tests (of N concurrent takes exactly one wins). */
  protected static final int RACERS = 50;

  private static final Duration TTL = Duration.ofMinutes(5);
  private static final Duration WINDOW = Duration.ofMinutes(1);

  protected MutableClock clock;
  protected Cache cache;

  /** A cache reading time from {@code clock}, sharing no keys with caches made before. */
  protected abstract Cache newCache(MutableClock clock);

  @BeforeEach
  void setUpCache() {
    clock = MutableClock.atNow();
    cache = newCache(clock);
  }

  @AfterEach
  void closeCache() throws Exception {
    if (cache instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  private Instant inTtl() {
    return clock.instant().plus(TTL);
  }

  // --- put / get ---------------------------------------------------------------------------

  @Test
  void whenGetAllThenLiveValuesInKeyOrderAndEmptyForMissingOrExpired() {
    cache.put("revoked:a", "1", inTtl());
    cache.put("revoked:short", "2", clock.instant().plusSeconds(1));
    cache.put("revoked:c", "3|with|bars", inTtl());
    clock.advance(Duration.ofSeconds(2));

    assertThat(cache.getAll(List.of("revoked:c", "revoked:none", "revoked:short", "revoked:a")))
        .containsExactly(Optional.of("3|with|bars"), Optional.empty(), Optional.empty(),
            Optional.of("1"));
    assertThat(cache.getAll(List.of())).isEmpty();
  }

  @Test
  void whenPutThenGetReturnsValue() {
    cache.put("code:abc", "v1", inTtl());

    assertThat(cache.get("code:abc")).contains("v1");
  }

  @Test
  void whenPutEvictableWithRoomThenReadLikeAnyValueUntilItExpires() {
    cache.putEvictable("code-used:abc", "grant-1", clock.instant().plusSeconds(1));
    assertThat(cache.get("code-used:abc")).contains("grant-1");
    assertThat(cache.getAll(List.of("code-used:abc"))).containsExactly(Optional.of("grant-1"));

    clock.advance(Duration.ofSeconds(2));
    assertThat(cache.get("code-used:abc")).isEmpty();
  }

  @Test
  void whenKeyWasNeverPutThenGetIsEmpty() {
    assertThat(cache.get("code:missing")).isEmpty();
  }

  @Test
  void whenPutTwiceThenGetReturnsLatestValue() {
    cache.put("session:1", "first", inTtl());
    cache.put("session:1", "second", inTtl());

    assertThat(cache.get("session:1")).contains("second");
  }

  @Test
  void whenOverwrittenWithShorterExpiryThenShorterExpiryApplies() {
    cache.put("session:1", "long", clock.instant().plus(Duration.ofHours(1)));
    cache.put("session:1", "short", clock.instant().plus(Duration.ofSeconds(10)));

    clock.advance(Duration.ofSeconds(11));

    assertThat(cache.get("session:1")).isEmpty();
  }

  @Test
  void whenClockPassesExpiryThenGetIsEmpty() {
    cache.put("code:abc", "v1", inTtl());

    clock.advance(TTL.plusSeconds(1));

    assertThat(cache.get("code:abc")).isEmpty();
  }

  @Test
  void whenClockReachesExpiryExactlyThenGetIsEmpty() {
    cache.put("code:abc", "v1", inTtl());

    clock.advance(TTL);

    assertThat(cache.get("code:abc")).isEmpty();
  }

  @Test
  void whenClockIsJustBeforeExpiryThenGetReturnsValue() {
    cache.put("code:abc", "v1", inTtl());

    clock.advance(TTL.minusMillis(1));

    assertThat(cache.get("code:abc")).contains("v1");
  }

  @Test
  void whenPutWithPastExpiryThenGetIsEmptyAndOldValueIsGone() {
    cache.put("code:abc", "old", inTtl());
    cache.put("code:abc", "dead", clock.instant().minusSeconds(1));

    assertThat(cache.get("code:abc")).isEmpty();
  }

  @Test
  void whenExpiryIsFarInTheFutureThenValueIsKept() {
    cache.put("code:far", "v1", Instant.MAX);
    clock.advance(Duration.ofDays(3650));

    assertThat(cache.get("code:far")).contains("v1");
  }

  // --- take ---------------------------------------------------------------------------------

  @Test
  void whenTakenThenValueIsReturnedOnceThenEmpty() {
    cache.put("code:abc", "v1", inTtl());

    assertThat(cache.take("code:abc")).contains("v1");
    assertThat(cache.take("code:abc")).isEmpty();
    assertThat(cache.get("code:abc")).isEmpty();
  }

  @Test
  void whenTakingExpiredValueThenEmpty() {
    cache.put("code:abc", "v1", inTtl());
    clock.advance(TTL.plusSeconds(1));

    assertThat(cache.take("code:abc")).isEmpty();
  }

  @Test
  void whenTakingMissingKeyThenEmpty() {
    assertThat(cache.take("code:missing")).isEmpty();
  }

  // --- putIfAbsent --------------------------------------------------------------------------

  @Test
  void whenPutIfAbsentOnFreeKeyThenTrueThenFalseAndFirstValueKept() {
    assertThat(cache.putIfAbsent("jti:1", "first", inTtl())).isTrue();
    assertThat(cache.putIfAbsent("jti:1", "second", inTtl())).isFalse();

    assertThat(cache.get("jti:1")).contains("first");
  }

  @Test
  void whenPutIfAbsentOnPutValueThenFalse() {
    cache.put("jti:1", "v1", inTtl());

    assertThat(cache.putIfAbsent("jti:1", "v2", inTtl())).isFalse();
    assertThat(cache.get("jti:1")).contains("v1");
  }

  @Test
  void whenPutIfAbsentAfterExpiryThenTrueAgainWithNewValueAndExpiry() {
    assertThat(cache.putIfAbsent("jti:1", "first", inTtl())).isTrue();
    clock.advance(TTL.plusSeconds(1));

    assertThat(cache.putIfAbsent("jti:1", "second", inTtl())).isTrue();
    assertThat(cache.get("jti:1")).contains("second");
    assertThat(cache.putIfAbsent("jti:1", "third", inTtl())).isFalse();

    clock.advance(TTL.plusSeconds(1));
    assertThat(cache.get("jti:1")).isEmpty();
  }

  @Test
  void whenPutIfAbsentAfterTakeThenTrue() {
    cache.put("jti:1", "v1", inTtl());
    cache.take("jti:1");

    assertThat(cache.putIfAbsent("jti:1", "v2", inTtl())).isTrue();
  }

  // --- increment ----------------------------------------------------------------------------

  @Test
  void whenIncrementedThenCountsOneTwoThree() {
    assertThat(cache.increment("rate:ip", WINDOW)).isEqualTo(1);
    assertThat(cache.increment("rate:ip", WINDOW)).isEqualTo(2);
    assertThat(cache.increment("rate:ip", WINDOW)).isEqualTo(3);
  }

  @Test
  void whenClockPassesWindowThenIncrementRestartsAtOne() {
    cache.increment("rate:ip", WINDOW);
    cache.increment("rate:ip", WINDOW);

    clock.advance(WINDOW.plusSeconds(1));

    assertThat(cache.increment("rate:ip", WINDOW)).isEqualTo(1);
    assertThat(cache.increment("rate:ip", WINDOW)).isEqualTo(2);
  }

  @Test
  void whenIncrementingDifferentKeysThenCountsAreSeparate() {
    cache.increment("rate:a", WINDOW);
    cache.increment("rate:a", WINDOW);

    assertThat(cache.increment("rate:b", WINDOW)).isEqualTo(1);
  }

  @Test
  void whenIncrementingOneKeyWithDifferentWindowsThenCountsAreSeparate() {
    cache.increment("lockout:alice", Duration.ofMinutes(1));
    cache.increment("lockout:alice", Duration.ofMinutes(1));

    assertThat(cache.increment("lockout:alice", Duration.ofHours(1))).isEqualTo(1);
  }

  @Test
  void whenCounterAndValueShareKeyThenNeitherDisturbsTheOther() {
    cache.put("k", "value", inTtl());

    assertThat(cache.increment("k", WINDOW)).isEqualTo(1);
    assertThat(cache.get("k")).contains("value");
    assertThat(cache.delete("k")).isTrue();
    assertThat(cache.increment("k", WINDOW)).isEqualTo(2);
  }

  @Test
  void whenWindowIsShorterThanOneMillisecondThenIllegalArgument() {
    assertThatThrownBy(() -> cache.increment("rate:ip", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.increment("rate:ip", Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.increment("rate:ip", Duration.ofNanos(999_999)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- incrementAndGetAll ---------------------------------------------------------------------

  @Test
  void whenIncrementAndGetAllThenEachCounterCountsAndValuesComeInKeyOrder() {
    cache.put("limit:block:a", "1900000000000", inTtl());
    List<Cache.Counter> counters = List.of(new Cache.Counter("rate:ip", WINDOW), new Cache.Counter("rate:client", WINDOW));

    Cache.CountsAndValues first = cache.incrementAndGetAll(counters, List.of("limit:block:none", "limit:block:a"));
    Cache.CountsAndValues second = cache.incrementAndGetAll(counters, List.of("limit:block:a"));

    assertThat(first.counts()).containsExactly(1L, 1L);
    assertThat(first.values()).containsExactly(Optional.empty(), Optional.of("1900000000000"));
    assertThat(second.counts()).containsExactly(2L, 2L);
    assertThat(second.values()).containsExactly(Optional.of("1900000000000"));
  }

  @Test
  void whenIncrementAndGetAllReadsAbsentOrExpiredKeysThenEmptyForEach() {
    cache.put("limit:block:short", "v", clock.instant().plusSeconds(1));
    clock.advance(Duration.ofSeconds(1));

    Cache.CountsAndValues answer = cache.incrementAndGetAll(List.of(new Cache.Counter("rate:ip", WINDOW)),
        List.of("limit:block:never", "limit:block:short"));

    assertThat(answer.counts()).containsExactly(1L);
    assertThat(answer.values()).containsExactly(Optional.empty(), Optional.empty());
  }

  @Test
  void whenIncrementAndGetAllAndIncrementCountOneKeyThenTheyShareOneCounter() {
    cache.increment("rate:ip", WINDOW);
    cache.increment("rate:ip", WINDOW);

    assertThat(cache.incrementAndGetAll(List.of(new Cache.Counter("rate:ip", WINDOW)), List.of()).counts())
        .containsExactly(3L);
    assertThat(cache.increment("rate:ip", WINDOW)).isEqualTo(4);
  }

  @Test
  void whenClockPassesWindowThenIncrementAndGetAllRestartsAtOne() {
    List<Cache.Counter> counters = List.of(new Cache.Counter("rate:ip", WINDOW));
    cache.incrementAndGetAll(counters, List.of());
    cache.incrementAndGetAll(counters, List.of());

    clock.advance(WINDOW.plusSeconds(1));

    assertThat(cache.incrementAndGetAll(counters, List.of()).counts()).containsExactly(1L);
    assertThat(cache.incrementAndGetAll(counters, List.of()).counts()).containsExactly(2L);
  }

  @Test
  void whenCountersHaveDifferentWindowsThenEachRollsOverWithItsOwn() {
    Duration hour = Duration.ofHours(1);
    // five seconds into an hour, so below only the minute's window ends
    clock.advance(Duration.ofMillis(hour.toMillis() - Math.floorMod(clock.millis(), hour.toMillis())).plusSeconds(5));
    List<Cache.Counter> counters = List.of(new Cache.Counter("login:alice", WINDOW), new Cache.Counter("login:alice", hour));

    assertThat(cache.incrementAndGetAll(counters, List.of()).counts()).containsExactly(1L, 1L);
    assertThat(cache.incrementAndGetAll(counters, List.of()).counts()).containsExactly(2L, 2L);
    clock.advance(WINDOW.plusSeconds(1));

    assertThat(cache.incrementAndGetAll(counters, List.of()).counts()).containsExactly(1L, 3L);
  }

  @Test
  void whenIncrementAndGetAllHasOnlyKeysOrNothingThenItOnlyReads() {
    cache.put("limit:block:a", "v", inTtl());

    Cache.CountsAndValues readOnly = cache.incrementAndGetAll(List.of(), List.of("limit:block:a"));
    Cache.CountsAndValues nothing = cache.incrementAndGetAll(List.of(), List.of());

    assertThat(readOnly.counts()).isEmpty();
    assertThat(readOnly.values()).containsExactly(Optional.of("v"));
    assertThat(nothing.counts()).isEmpty();
    assertThat(nothing.values()).isEmpty();
  }

  @Test
  void whenCounterWindowIsShorterThanOneMillisecondThenIllegalArgument() {
    assertThatThrownBy(() -> new Cache.Counter("rate:ip", Duration.ofNanos(999_999)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- delete -------------------------------------------------------------------------------

  @Test
  void whenDeletingLiveValueThenTrueAndValueGone() {
    cache.put("session:1", "v1", inTtl());

    assertThat(cache.delete("session:1")).isTrue();
    assertThat(cache.get("session:1")).isEmpty();
  }

  @Test
  void whenDeletingMissingKeyThenFalse() {
    assertThat(cache.delete("session:missing")).isFalse();
  }

  @Test
  void whenDeletingExpiredValueThenFalse() {
    cache.put("session:1", "v1", inTtl());
    clock.advance(TTL.plusSeconds(1));

    assertThat(cache.delete("session:1")).isFalse();
  }

  // --- unusual keys and values --------------------------------------------------------------

  @Test
  void whenKeysDifferOnlyAfterColonsThenTheyAreSeparate() {
    cache.put("code:a", "short", inTtl());
    cache.put("code:a:b", "long", inTtl());
    cache.put(":code::a:", "colons", inTtl());

    assertThat(cache.get("code:a")).contains("short");
    assertThat(cache.get("code:a:b")).contains("long");
    assertThat(cache.get(":code::a:")).contains("colons");
  }

  @Test
  void whenKeyAndValueAreUnicodeThenTheyRoundTrip() {
    String key = "session:ключ:日本語:\uD83D\uDE00";
    String value = "значение|日本語|\uD83D\uDD11";

    cache.put(key, value, inTtl());

    assertThat(cache.get(key)).contains(value);
    assertThat(cache.take(key)).contains(value);
  }

  @Test
  void whenValueHasSeparatorsAndLineBreaksThenItRoundTrips() {
    String value = "1|123|x|\r\n|\0|";

    cache.put("interaction:1", value, inTtl());

    assertThat(cache.get("interaction:1")).contains(value);
  }

  @Test
  void whenValueIsEmptyThenItRoundTripsAsPresent() {
    cache.put("marker:1", "", inTtl());

    assertThat(cache.get("marker:1")).contains("");
  }

  @Test
  void whenKeyAndValueAre8KiBThenTheyRoundTrip() {
    String key = "par:" + "k".repeat(8 * 1024);
    String value = "v".repeat(8 * 1024);

    cache.put(key, value, inTtl());

    assertThat(cache.get(key)).contains(value);
    assertThat(cache.putIfAbsent(key, "other", inTtl())).isFalse();
    assertThat(cache.take(key)).contains(value);
  }

  // --- concurrency: one atomic winner ----------------------------------------------------

  @Test
  void whenManyThreadsTakeOneKeyAtOnceThenExactlyOneGetsTheValue() throws Exception {
    cache.put("code:race", "the-code", inTtl());

    List<Optional<String>> results = race(() -> cache.take("code:race"));

    assertThat(results).filteredOn(Optional::isPresent).containsExactly(Optional.of("the-code"));
  }

  @Test
  void whenManyThreadsPutIfAbsentAtOnceThenExactlyOneIsTrue() throws Exception {
    AtomicInteger next = new AtomicInteger();

    List<String> winners = race(() -> {
      String mine = "racer-" + next.getAndIncrement();
      return cache.putIfAbsent("jti:race", mine, inTtl()) ? mine : null;
    });

    List<String> trueOnes = winners.stream().filter(Objects::nonNull).toList();
    assertThat(trueOnes).hasSize(1);
    assertThat(cache.get("jti:race")).contains(trueOnes.get(0));
  }

  @Test
  void whenManyThreadsPutIfAbsentOverExpiredValueThenExactlyOneIsTrue() throws Exception {
    cache.put("jti:race", "stale", inTtl());
    clock.advance(TTL.plusSeconds(1));

    List<Boolean> results = race(() -> cache.putIfAbsent("jti:race", "fresh", inTtl()));

    assertThat(results).filteredOn(stored -> stored).hasSize(1);
    assertThat(cache.get("jti:race")).contains("fresh");
  }

  @Test
  void whenManyThreadsIncrementAtOnceThenEveryCountIsSeenOnce() throws Exception {
    List<Long> counts = race(() -> cache.increment("rate:race", WINDOW));

    assertThat(counts).hasSize(RACERS).doesNotHaveDuplicates().allMatch(n -> n >= 1 && n <= RACERS);
  }

  @Test
  void whenManyThreadsIncrementAndGetAllAtOnceThenEveryCountOfEachCounterIsSeenOnce() throws Exception {
    List<Cache.Counter> counters = List.of(new Cache.Counter("rate:race-a", WINDOW), new Cache.Counter("rate:race-b", WINDOW));

    List<List<Long>> counts = race(() -> cache.incrementAndGetAll(counters, List.of("limit:block:race")).counts());

    assertThat(counts.stream().map(c -> c.get(0)).toList()).doesNotHaveDuplicates().allMatch(n -> n >= 1 && n <= RACERS);
    assertThat(counts.stream().map(c -> c.get(1)).toList()).doesNotHaveDuplicates().allMatch(n -> n >= 1 && n <= RACERS);
  }

  /** Runs {@code action} on {@link #RACERS} threads released together by one start gate. */
  private static <T> List<T> race(Callable<T> action) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(RACERS);
    try {
      CountDownLatch ready = new CountDownLatch(RACERS);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < RACERS; i++) {
        futures.add(pool.submit(() -> {
          ready.countDown();
          start.await();
          return action.call();
        }));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).as("all racers ready").isTrue();
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(30, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
