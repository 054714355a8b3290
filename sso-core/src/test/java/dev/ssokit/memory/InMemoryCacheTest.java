package dev.ssokit.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssokit.contract.CacheContract;
import dev.ssokit.contract.MutableClock;
import dev.ssokit.spi.Cache;
import dev.ssokit.spi.StoreException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryCacheTest extends CacheContract {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  /** Room for exactly three entries of a 2-character key and a 10-character value. */
  private static final long ROOM_FOR_THREE = 3 * (InMemoryCache.ENTRY_OVERHEAD_BYTES + 2 + 10);

  @Override
  protected Cache newCache(MutableClock clock) {
    return new InMemoryCache(clock);
  }

  @Test
  void whenTheBoundIsReachedThenAWriteIsRefusedAndWhatIsStoredStays() {
    MutableClock clock = new MutableClock(T0);
    InMemoryCache cache = new InMemoryCache(clock, ROOM_FOR_THREE);
    Instant later = T0.plusSeconds(60);
    cache.put("k1", "0123456789", later);
    cache.put("k2", "0123456789", later);
    assertThat(cache.putIfAbsent("k3", "0123456789", later)).isTrue();

    assertThatThrownBy(() -> cache.put("k4", "0123456789", later)).isInstanceOf(StoreException.class)
        .hasMessageContaining("in-memory cache is full");
    assertThatThrownBy(() -> cache.putIfAbsent("k4", "0123456789", later)).isInstanceOf(StoreException.class);

    assertThat(cache.get("k4")).isEmpty();
    assertThat(cache.get("k1")).contains("0123456789");
    assertThat(cache.bytes()).isEqualTo(ROOM_FOR_THREE);
    // present keys: putIfAbsent answers false without needing room; a same-size replacement fits
    assertThat(cache.putIfAbsent("k1", "xxxxxxxxxx", later)).isFalse();
    cache.put("k2", "abcdefghij", later);
    assertThat(cache.get("k2")).contains("abcdefghij");
    // rate limits keep counting when the entries are full
    assertThat(cache.increment("limit", Duration.ofMinutes(1))).isEqualTo(1);
    assertThat(cache.increment("limit", Duration.ofMinutes(1))).isEqualTo(2);
  }

  @Test
  void whenEntriesAreTakenDeletedOrExpiredThenTheirRoomIsFreed() {
    MutableClock clock = new MutableClock(T0);
    InMemoryCache cache = new InMemoryCache(clock, ROOM_FOR_THREE);
    cache.put("k1", "0123456789", T0.plusSeconds(60));
    cache.put("k2", "0123456789", T0.plusSeconds(60));
    cache.put("k3", "0123456789", T0.plusSeconds(5));

    assertThat(cache.take("k1")).contains("0123456789");
    cache.put("k4", "0123456789", T0.plusSeconds(60));
    assertThat(cache.delete("k2")).isTrue();
    cache.put("k5", "0123456789", T0.plusSeconds(60));
    assertThatThrownBy(() -> cache.put("k6", "0123456789", T0.plusSeconds(60))).isInstanceOf(StoreException.class);

    // k3 expires: the next write that does not fit sweeps it away and takes its room
    clock.advance(Duration.ofSeconds(10));
    cache.put("k6", "0123456789", T0.plusSeconds(60));
    assertThat(cache.get("k6")).contains("0123456789");
    assertThat(cache.bytes()).isEqualTo(ROOM_FOR_THREE);
  }

  @Test
  void whenTheBoundIsReachedThenEvictableEntriesMakeRoomOldestFirstAndAreNeverRefused() {
    MutableClock clock = new MutableClock(T0);
    InMemoryCache cache = new InMemoryCache(clock, ROOM_FOR_THREE);
    Instant later = T0.plusSeconds(60);
    cache.putEvictable("e1", "0123456789", later);
    cache.put("k1", "0123456789", later);
    cache.putEvictable("e2", "0123456789", later);

    // a write that does not fit takes the oldest evictable entry's room; the other entries stay
    cache.put("k2", "0123456789", later);
    assertThat(cache.get("e1")).isEmpty();
    assertThat(cache.get("e2")).contains("0123456789");
    assertThat(cache.get("k1")).contains("0123456789");
    // an evictable write evicts an older evictable entry too
    cache.putEvictable("e3", "0123456789", later);
    assertThat(cache.get("e2")).isEmpty();
    assertThat(cache.get("e3")).contains("0123456789");
    assertThat(cache.putIfAbsent("k3", "0123456789", later)).isTrue();
    assertThat(cache.get("e3")).isEmpty();
    assertThat(cache.bytes()).isEqualTo(ROOM_FOR_THREE);

    // nothing evictable left: other writes are refused, an evictable one is dropped without an error
    assertThatThrownBy(() -> cache.put("k4", "0123456789", later)).isInstanceOf(StoreException.class);
    cache.putEvictable("e4", "0123456789", later);
    assertThat(cache.get("e4")).isEmpty();
    assertThat(cache.get("k1")).contains("0123456789");
    assertThat(cache.bytes()).isEqualTo(ROOM_FOR_THREE);
  }

  @Test
  void whenAnEvictableEntryIsReplacedOrRemovedThenEvictionSkipsItsKey() {
    MutableClock clock = new MutableClock(T0);
    InMemoryCache cache = new InMemoryCache(clock, ROOM_FOR_THREE);
    Instant later = T0.plusSeconds(60);
    cache.putEvictable("e1", "0123456789", later);
    cache.put("e1", "abcdefghij", later); // now ordinary: never evicted
    cache.putEvictable("e2", "0123456789", later);
    assertThat(cache.take("e2")).contains("0123456789");
    cache.put("k1", "0123456789", later);
    cache.put("k2", "0123456789", later);

    assertThatThrownBy(() -> cache.put("k3", "0123456789", later)).isInstanceOf(StoreException.class);
    assertThat(cache.get("e1")).contains("abcdefghij");

    // a sweep keeps only live evictable keys in line: an evictable write after it still makes room
    cache.sweep();
    assertThat(cache.delete("k2")).isTrue();
    cache.putEvictable("e3", "0123456789", later);
    cache.put("k3", "0123456789", later);
    assertThat(cache.get("e3")).isEmpty();
    assertThat(cache.get("k3")).contains("0123456789");
  }

  @Test
  void whenNoBoundIsGivenThenAQuarterOfTheHeapIsTheBound() {
    assertThat(InMemoryCache.defaultMaxBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 4);
  }
}
