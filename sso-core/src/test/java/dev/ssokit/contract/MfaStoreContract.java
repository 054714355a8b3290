package dev.ssokit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.spi.MfaEnrolment;
import dev.ssokit.spi.MfaStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link MfaStore} shares; a backend's test extends it and supplies the store. */
public abstract class MfaStoreContract {

  /** A fresh, empty store; called once per test. */
  protected abstract MfaStore newStore();

  static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

  @Test
  void whenSavedThenFoundAndReplacedWithEveryField() {
    MfaStore store = newStore();
    MfaEnrolment pending = new MfaEnrolment("alice", "JBSWY3DPEHPK3PXP", false, List.of(), NOW);
    store.save(pending);
    assertThat(store.find("alice")).contains(pending);

    MfaEnrolment confirmed = new MfaEnrolment("alice", "JBSWY3DPEHPK3PXP", true, List.of("c1", "c2"), NOW);
    store.save(confirmed);

    assertThat(store.find("alice")).contains(confirmed);
    assertThat(store.find("bob")).isEmpty();
  }

  @Test
  void whenRecoveryCodeUsedThenOnlyOnce() {
    MfaStore store = newStore();
    store.save(new MfaEnrolment("alice", "S", true, List.of("c1", "c2"), NOW));

    assertThat(store.useRecoveryCode("alice", "c1")).isTrue();
    assertThat(store.useRecoveryCode("alice", "c1")).isFalse();
    assertThat(store.useRecoveryCode("bob", "c2")).isFalse();
    assertThat(store.find("alice").orElseThrow().recoveryCodeHashes()).containsExactly("c2");
  }

  @Test
  void whenDeletedThenGone() {
    MfaStore store = newStore();
    store.save(new MfaEnrolment("alice", "S", true, List.of(), NOW));

    assertThat(store.delete("alice")).isTrue();
    assertThat(store.delete("alice")).isFalse();
    assertThat(store.find("alice")).isEmpty();
  }

  @Test
  void whenOneRecoveryCodeUsedConcurrentlyThenExactlyOneWins() throws Exception {
    MfaStore store = newStore();
    store.save(new MfaEnrolment("alice", "S", true, List.of("c1", "c2"), NOW));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> store.useRecoveryCode("alice", "c1")));
      }
      int winners = 0;
      for (Future<Boolean> r : results) {
        winners += r.get() ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }
}
