package dev.ssokit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.ssokit.spi.SigningKey;
import dev.ssokit.spi.SigningKey.Status;
import dev.ssokit.spi.SigningKeyStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link SigningKeyStore} shares: at most one ACTIVE and one NEXT key per
 * algorithm, even when instances race; activation retires the previous key in one step. A
 * backend's test extends it and supplies the store.
 */
public abstract class SigningKeyStoreContract {

  /** A fresh, empty store; called once per test. */
  protected abstract SigningKeyStore newStore();

  static final Instant T0 = Instant.parse("2030-01-02T03:04:05Z");
  static final int THREADS = 10;

  static SigningKey key(String kid, String algorithm, Status status, int secondsAfterT0) {
    return new SigningKey(kid, algorithm, "{\"kty\":\"RSA\",\"kid\":\"" + kid + "\"}", status,
        T0.plusSeconds(secondsAfterT0));
  }

  static SigningKey key(String kid, String algorithm, int secondsAfterT0) {
    return key(kid, algorithm, Status.ACTIVE, secondsAfterT0);
  }

  @Test
  void whenEmptyThenListIsEmpty() {
    assertThat(newStore().list()).isEmpty();
  }

  @Test
  void whenNoActiveKeyForAlgorithmThenAddedAsActiveWithEveryField() {
    SigningKeyStore store = newStore();
    SigningKey key = key("k1", "RS256", 0);
    assertThat(store.addIfAbsent(key)).isTrue();
    assertThat(store.list()).containsExactly(key);
  }

  @Test
  void whenAlgorithmHasActiveKeyThenSecondActiveIsRejectedAndNotStored() {
    SigningKeyStore store = newStore();
    SigningKey first = key("k1", "RS256", 0);
    store.addIfAbsent(first);
    assertThat(store.addIfAbsent(key("k2", "RS256", 1))).isFalse();
    assertThat(store.list()).containsExactly(first);
  }

  @Test
  void whenOtherAlgorithmThenBothActive() {
    SigningKeyStore store = newStore();
    assertThat(store.addIfAbsent(key("k1", "RS256", 0))).isTrue();
    assertThat(store.addIfAbsent(key("k2", "ES256", 1))).isTrue();
    assertThat(store.list()).extracting(SigningKey::kid).containsExactly("k1", "k2");
  }

  @Test
  void whenKidTakenThenRejectedEvenForAnotherAlgorithmOrStatus() {
    SigningKeyStore store = newStore();
    store.addIfAbsent(key("k1", "RS256", 0));
    assertThat(store.addIfAbsent(key("k1", "ES256", 1))).isFalse();
    assertThat(store.addIfAbsent(key("k1", "RS256", Status.NEXT, 1))).isFalse();
    assertThat(store.list()).hasSize(1);
  }

  @Test
  void whenNextKeyAddedThenItSitsBesideTheActiveOneAndASecondNextIsRejected() {
    SigningKeyStore store = newStore();
    store.addIfAbsent(key("k1", "RS256", 0));
    assertThat(store.addIfAbsent(key("k2", "RS256", Status.NEXT, 1))).isTrue();
    assertThat(store.addIfAbsent(key("k3", "RS256", Status.NEXT, 2))).isFalse();
    assertThat(store.list()).extracting(SigningKey::kid, SigningKey::status)
        .containsExactly(tuple("k1", Status.ACTIVE), tuple("k2", Status.NEXT));
  }

  @Test
  void whenNextKeyActivatedThenPreviousActiveIsRetiredAndOthersUntouched() {
    SigningKeyStore store = newStore();
    store.addIfAbsent(key("k1", "RS256", 0));
    store.addIfAbsent(key("e1", "ES256", 1));
    store.addIfAbsent(key("k2", "RS256", Status.NEXT, 2));

    assertThat(store.activate("k2")).isTrue();
    assertThat(store.list()).extracting(SigningKey::kid, SigningKey::status)
        .containsExactly(tuple("k1", Status.RETIRED), tuple("e1", Status.ACTIVE), tuple("k2", Status.ACTIVE));
    // Activating the active key again changes nothing; a new NEXT key may follow.
    assertThat(store.activate("k2")).isTrue();
    assertThat(store.addIfAbsent(key("k3", "RS256", Status.NEXT, 3))).isTrue();
    assertThat(store.list()).extracting(SigningKey::status)
        .containsExactly(Status.RETIRED, Status.ACTIVE, Status.ACTIVE, Status.NEXT);
  }

  @Test
  void whenUnknownKidThenActivateAndDeleteReturnFalse() {
    SigningKeyStore store = newStore();
    store.addIfAbsent(key("k1", "RS256", 0));
    assertThat(store.activate("k9")).isFalse();
    assertThat(store.delete("k9")).isFalse();
    assertThat(store.list()).extracting(SigningKey::status).containsExactly(Status.ACTIVE);
  }

  @Test
  void whenRetiredKeyDeletedThenGoneAndTheRestStays() {
    SigningKeyStore store = newStore();
    store.addIfAbsent(key("k1", "RS256", 0));
    store.addIfAbsent(key("k2", "RS256", Status.NEXT, 1));
    store.activate("k2");
    assertThat(store.delete("k1")).isTrue();
    assertThat(store.list()).extracting(SigningKey::kid).containsExactly("k2");
  }

  @Test
  @Timeout(60)
  void whenTenCallersRaceForOneAlgorithmThenExactlyOneKeyBecomesActive() throws Exception {
    SigningKeyStore store = newStore();
    assertThat(race(i -> () -> store.addIfAbsent(key("k" + i, "RS256", i)))).isEqualTo(1);
    assertThat(store.list()).hasSize(1).allSatisfy(k -> assertThat(k.status()).isEqualTo(Status.ACTIVE));
  }

  @Test
  @Timeout(60)
  void whenTenCallersRaceToPublishANextKeyThenExactlyOneIsStored() throws Exception {
    SigningKeyStore store = newStore();
    store.addIfAbsent(key("active", "RS256", 0));
    assertThat(race(i -> () -> store.addIfAbsent(key("n" + i, "RS256", Status.NEXT, i + 1)))).isEqualTo(1);
    assertThat(store.list()).extracting(SigningKey::status).containsExactly(Status.ACTIVE, Status.NEXT);
  }

  @Test
  @Timeout(60)
  void whenTenCallersActivateTheSameNextKeyThenOneActiveAndOneRetiredRemain() throws Exception {
    SigningKeyStore store = newStore();
    store.addIfAbsent(key("k1", "RS256", 0));
    store.addIfAbsent(key("k2", "RS256", Status.NEXT, 1));
    assertThat(race(i -> () -> store.activate("k2"))).isEqualTo(THREADS);
    assertThat(store.list()).extracting(SigningKey::kid, SigningKey::status)
        .containsExactly(tuple("k1", Status.RETIRED), tuple("k2", Status.ACTIVE));
  }

  /** Runs {@link #THREADS} calls released together; returns how many answered true. */
  private static int race(IntFunction<Callable<Boolean>> call) throws Exception {
    CountDownLatch ready = new CountDownLatch(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<Boolean>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < THREADS; i++) {
        Callable<Boolean> c = call.apply(i);
        futures.add(pool.submit(() -> {
          ready.countDown();
          start.await();
          return c.call();
        }));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).as("all threads at the start gate").isTrue();
      start.countDown();
      int yes = 0;
      for (Future<Boolean> f : futures) {
        yes += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      return yes;
    } finally {
      pool.shutdownNow();
    }
  }
}
