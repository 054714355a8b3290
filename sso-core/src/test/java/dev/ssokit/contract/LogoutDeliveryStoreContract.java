package dev.ssokit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.spi.LogoutDelivery;
import dev.ssokit.spi.LogoutDeliveryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link LogoutDeliveryStore} shares: a queue that hands each due delivery to
 * one claimer at a time, even when instances race, and gives a delivery back when its lease ends.
 * A backend's test extends it and supplies the store.
 */
public abstract class LogoutDeliveryStoreContract {

  /** A fresh, empty store; called once per test. */
  protected abstract LogoutDeliveryStore newStore();

  static final Instant T0 = Instant.parse("2030-01-02T03:04:05Z");
  static final int THREADS = 8;
  static final int DELIVERIES = 40;

  static LogoutDelivery delivery(String sid, String client, int dueSecondsAfterT0) {
    return LogoutDelivery.of(client, "sub-" + sid, sid, T0.plusSeconds(dueSecondsAfterT0));
  }

  @Test
  void whenNothingQueuedThenNothingIsClaimed() {
    assertThat(newStore().claimDue(T0, 10, T0.plusSeconds(60))).isEmpty();
  }

  @Test
  void whenDueThenClaimedWithEveryFieldAndNotDueAgainBeforeLeaseEnd() {
    LogoutDeliveryStore store = newStore();
    LogoutDelivery d = delivery("s1", "app", 0);
    store.enqueue(d);
    assertThat(store.claimDue(T0, 10, T0.plusSeconds(60))).containsExactly(d);
    assertThat(store.claimDue(T0.plusSeconds(59), 10, T0.plusSeconds(120))).isEmpty();
    assertThat(store.claimDue(T0.plusSeconds(60), 10, T0.plusSeconds(120)))
        .as("a lease that ended without complete or reschedule: the claimer died")
        .extracting(LogoutDelivery::id).containsExactly(d.id());
  }

  @Test
  void whenNotYetDueThenNotClaimed() {
    LogoutDeliveryStore store = newStore();
    store.enqueue(delivery("s1", "app", 30));
    assertThat(store.claimDue(T0.plusSeconds(29), 10, T0.plusSeconds(90))).isEmpty();
    assertThat(store.claimDue(T0.plusSeconds(30), 10, T0.plusSeconds(90))).hasSize(1);
  }

  @Test
  void whenManyDueThenLimitAndOldestFirst() {
    LogoutDeliveryStore store = newStore();
    store.enqueue(delivery("s3", "app", 3));
    store.enqueue(delivery("s1", "app", 1));
    store.enqueue(delivery("s2", "app", 2));
    assertThat(store.claimDue(T0.plusSeconds(10), 2, T0.plusSeconds(60)))
        .extracting(LogoutDelivery::sid).containsExactly("s1", "s2");
  }

  @Test
  void whenEnqueuedAgainEarlierThenDueEarlierAndStillOne() {
    LogoutDeliveryStore store = newStore();
    store.enqueue(delivery("s1", "app", 3600)); // scheduled at session expiry
    store.enqueue(delivery("s1", "app", 5)); // the user logged out
    store.enqueue(delivery("s1", "app", 7200)); // a later schedule never delays it
    List<LogoutDelivery> claimed = store.claimDue(T0.plusSeconds(5), 10, T0.plusSeconds(60));
    assertThat(claimed).extracting(LogoutDelivery::id).containsExactly("s1 app");
    assertThat(claimed.get(0).dueAt()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void whenCompletedThenGoneForGood() {
    LogoutDeliveryStore store = newStore();
    LogoutDelivery d = delivery("s1", "app", 0);
    store.enqueue(d);
    store.claimDue(T0, 10, T0.plusSeconds(60));
    assertThat(store.complete(d.id())).isTrue();
    assertThat(store.complete(d.id())).isFalse();
    assertThat(store.claimDue(T0.plusSeconds(3600), 10, T0.plusSeconds(7200))).isEmpty();
  }

  @Test
  void whenRescheduledThenDueAtNewTimeWithAttempts() {
    LogoutDeliveryStore store = newStore();
    LogoutDelivery d = delivery("s1", "app", 0);
    store.enqueue(d);
    store.claimDue(T0, 10, T0.plusSeconds(60));
    store.reschedule(d.id(), 1, T0.plusSeconds(10));
    assertThat(store.claimDue(T0.plusSeconds(9), 10, T0.plusSeconds(60))).isEmpty();
    List<LogoutDelivery> again = store.claimDue(T0.plusSeconds(10), 10, T0.plusSeconds(60));
    assertThat(again).extracting(LogoutDelivery::attempts).containsExactly(1);
  }

  @Test
  void whenSubjectExpeditedThenItsDeliveriesAreDueAndSessionsListed() {
    LogoutDeliveryStore store = newStore();
    store.enqueue(LogoutDelivery.of("app", "alice", "s1", T0.plusSeconds(3600)));
    store.enqueue(LogoutDelivery.of("other", "alice", "s1", T0.plusSeconds(3600)));
    store.enqueue(LogoutDelivery.of("app", "alice", "s2", T0.plusSeconds(3600)));
    store.enqueue(LogoutDelivery.of("app", "bob", "s3", T0.plusSeconds(3600)));
    assertThat(store.expediteSubject("alice", T0)).containsExactlyInAnyOrder("s1", "s2");
    assertThat(store.claimDue(T0, 10, T0.plusSeconds(60))).extracting(LogoutDelivery::subject)
        .containsOnly("alice").hasSize(3);
    assertThat(store.expediteSubject("nobody", T0)).isEmpty();
  }

  @Test
  @Timeout(60)
  void whenClaimersRaceThenEachDeliveryIsClaimedExactlyOnce() throws Exception {
    LogoutDeliveryStore store = newStore();
    for (int i = 0; i < DELIVERIES; i++) {
      store.enqueue(delivery("s" + i, "app", 0));
    }
    CyclicBarrier start = new CyclicBarrier(THREADS);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<List<LogoutDelivery>>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Callable<List<LogoutDelivery>> claimer = () -> {
          start.await(30, TimeUnit.SECONDS);
          List<LogoutDelivery> mine = new ArrayList<>();
          List<LogoutDelivery> batch;
          do {
            batch = store.claimDue(T0, 3, T0.plusSeconds(600));
            mine.addAll(batch);
          } while (!batch.isEmpty());
          return mine;
        };
        results.add(pool.submit(claimer));
      }
      List<String> claimed = new ArrayList<>();
      for (Future<List<LogoutDelivery>> f : results) {
        f.get(30, TimeUnit.SECONDS).forEach(d -> claimed.add(d.id()));
      }
      assertThat(claimed).hasSize(DELIVERIES).doesNotHaveDuplicates();
    } finally {
      pool.shutdownNow();
    }
  }
}
