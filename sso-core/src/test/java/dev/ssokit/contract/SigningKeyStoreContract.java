package dev.ssokit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.ssokit.spi.SigningKey;
import dev.ssokit.spi.SigningKey.Status;
import dev.ssokit.spi.SigningKeyStore;
import dev.ssokit.spi.StoreException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link SigningKeyStore} shares: at most one ACTIVE key per algorithm, even
 * when instances race at start; a backend's test extends it and supplies the store.
 */
public abstract class SigningKeyStoreContract {

  /** A fresh, empty store; called once per test. */
  protected abstract SigningKeyStore newStore();

  static final Instant T0 = Instant.parse("2030-01-02T03:04:05Z");
  static final int THREADS = 10;

  static SigningKey key(String kid, String algorithm, int secondsAfterT0) {
    return new SigningKey(kid, algorithm, "{\"kty\":\"RSA\",\"kid\":\"" + kid + "\"}", Status.ACTIVE,
        T0.plusSeconds(secondsAfterT0));
  }

  @Test
  void whenEmptyThenListIsEmpty() {
    assertThat(newStore().list()).isEmpty();
  }

  @Test
  void whenNoActiveKeyForAlgorithmThenAddedAsActiveWithEveryField() {
    SigningKeyStore store = newStore();
    SigningKey key = key("k1", "RS256", 0);

    assertThat(store.addActiveIfAbsent(key)).isTrue();

    assertThat(store.list()).containsExactly(key);
  }

  @Test
  void whenAlgorithmHasActiveKeyThenSecondIsRejectedAndNotStored() {
    SigningKeyStore store = newStore();
    SigningKey first = key("k1", "RS256", 0);
    store.addActiveIfAbsent(first);

    assertThat(store.addActiveIfAbsent(key("k2", "RS256", 1))).isFalse();

    assertThat(store.list()).containsExactly(first);
  }

  @Test
  void whenOtherAlgorithmThenBothActive() {
    SigningKeyStore store = newStore();

    assertThat(store.addActiveIfAbsent(key("k1", "RS256", 0))).isTrue();
    assertThat(store.addActiveIfAbsent(key("k2", "ES256", 1))).isTrue();

    assertThat(store.list()).extracting(SigningKey::kid).containsExactly("k1", "k2");
  }

  @Test
  void whenKidTakenThenRejectedEvenForAnotherAlgorithm() {
    SigningKeyStore store = newStore();
    store.addActiveIfAbsent(key("k1", "RS256", 0));

    assertThat(store.addActiveIfAbsent(key("k1", "ES256", 1))).isFalse();

    assertThat(store.list()).extracting(SigningKey::algorithm).containsExactly("RS256");
  }

  @Test
  void whenActiveKeyRetiredThenANewOneCanBecomeActiveAndListIsOldestFirst() {
    SigningKeyStore store = newStore();
    store.addActiveIfAbsent(key("k1", "RS256", 0));

    assertThat(store.updateStatus("k1", Status.RETIRED)).isTrue();
    assertThat(store.addActiveIfAbsent(key("k2", "RS256", 10))).isTrue();

    assertThat(store.list()).extracting(SigningKey::kid, SigningKey::status)
        .containsExactly(tuple("k1", Status.RETIRED),
            tuple("k2", Status.ACTIVE));
  }

  @Test
  void whenStatusUpdatedThenOnlyStatusChanges() {
    SigningKeyStore store = newStore();
    SigningKey key = key("k1", "RS256", 0);
    store.addActiveIfAbsent(key);

    assertThat(store.updateStatus("k1", Status.NEXT)).isTrue();

    assertThat(store.list()).containsExactly(
        new SigningKey(key.kid(), key.algorithm(), key.material(), Status.NEXT, key.createdAt()));
  }

  @Test
  void whenUnknownKidThenUpdateStatusReturnsFalse() {
    SigningKeyStore store = newStore();
    store.addActiveIfAbsent(key("k1", "RS256", 0));

    assertThat(store.updateStatus("k9", Status.RETIRED)).isFalse();

    assertThat(store.list()).extracting(SigningKey::status).containsExactly(Status.ACTIVE);
  }

  @Test
  void whenActivatingWhileAnotherKeyOfTheAlgorithmIsActiveThenStoreExceptionAndNothingChanges() {
    // SigningKeyStore: only one ACTIVE key per algorithm, whichever method is used
    SigningKeyStore store = newStore();
    store.addActiveIfAbsent(key("k1", "RS256", 0));
    store.updateStatus("k1", Status.RETIRED);
    store.addActiveIfAbsent(key("k2", "RS256", 1));

    assertThatThrownBy(() -> store.updateStatus("k1", Status.ACTIVE)).isInstanceOf(StoreException.class);

    assertThat(store.list()).extracting(SigningKey::kid, SigningKey::status)
        .containsExactly(tuple("k1", Status.RETIRED),
            tuple("k2", Status.ACTIVE));
  }

  @Test
  @Timeout(60)
  void whenTenCallersRaceForOneAlgorithmThenExactlyOneKeyBecomesActive() throws Exception {
    SigningKeyStore store = newStore();
    CountDownLatch ready = new CountDownLatch(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<Boolean>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < THREADS; i++) {
        SigningKey candidate = key("k" + i, "RS256", i);
        futures.add(pool.submit(() -> {
          ready.countDown();
          start.await();
          return store.addActiveIfAbsent(candidate);
        }));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).as("all threads at the start gate").isTrue();
      start.countDown();
      int winners = 0;
      for (Future<Boolean> f : futures) {
        winners += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }

      assertThat(winners).isEqualTo(1);
      assertThat(store.list()).hasSize(1).allSatisfy(k -> assertThat(k.status()).isEqualTo(Status.ACTIVE));
    } finally {
      pool.shutdownNow();
    }
  }
}
