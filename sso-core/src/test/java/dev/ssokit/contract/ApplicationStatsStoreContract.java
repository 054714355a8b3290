package dev.ssokit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.spi.ApplicationStatsStore;
import dev.ssokit.spi.ApplicationStatsStore.Usage;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link ApplicationStatsStore} shares; a backend's test extends it and supplies the store. */
public abstract class ApplicationStatsStoreContract {

  /** A fresh, empty store; called once per test. */
  protected abstract ApplicationStatsStore newStore();

  static final LocalDate DAY = LocalDate.parse("2030-01-02");
  static final Instant T0 = Instant.parse("2030-01-02T03:04:05Z");

  @Test
  void whenAddedTwiceThenCountsAddUpAndLatestUseKept() {
    ApplicationStatsStore store = newStore();
    store.add(List.of(new Usage("web", DAY, "authorization_code", 2, 0, T0)));
    store.add(List.of(new Usage("web", DAY, "authorization_code", 3, 0, T0.minusSeconds(60)),
        new Usage("web", DAY, "", 0, 4, T0.plusSeconds(1))));

    assertThat(store.read("web", DAY)).containsExactly(
        new Usage("web", DAY, "", 0, 4, T0.plusSeconds(1)),
        new Usage("web", DAY, "authorization_code", 5, 0, T0));
  }

  @Test
  void whenReadSinceADayThenOlderDaysAndOtherClientsLeftOut() {
    ApplicationStatsStore store = newStore();
    store.add(List.of(new Usage("web", DAY.minusDays(1), "client_credentials", 1, 0, T0),
        new Usage("web", DAY, "client_credentials", 2, 0, T0),
        new Usage("api", DAY, "client_credentials", 7, 0, T0)));

    assertThat(store.read("web", DAY)).extracting(Usage::tokensIssued).containsExactly(2L);
    assertThat(store.read("web", DAY.minusDays(1))).extracting(Usage::day).containsExactly(DAY.minusDays(1), DAY);
    assertThat(store.read("nobody", DAY)).isEmpty();
  }

  @Test
  void whenUsersAddedThenCountedOnceAndBySince() {
    ApplicationStatsStore store = newStore();
    store.addUsers("web", Set.of("alice", "bob"), T0);
    store.addUsers("web", Set.of("alice"), T0.plusSeconds(3600));
    store.addUsers("api", Set.of("carol"), T0);

    assertThat(store.countUsers("web", T0)).isEqualTo(2);
    assertThat(store.countUsers("web", T0.plusSeconds(1))).isEqualTo(1);
    assertThat(store.countUsers("nobody", T0)).isZero();
  }

  @Test
  void whenConcurrentFlushesAddToOneRowThenNothingIsLost() throws Exception {
    ApplicationStatsStore store = newStore();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Object>> done = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        Callable<Object> flush = () -> {
          store.add(List.of(new Usage("web", DAY, "refresh_token", 1, 1, T0)));
          return null;
        };
        done.add(pool.submit(flush));
      }
      for (Future<Object> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(store.read("web", DAY)).containsExactly(new Usage("web", DAY, "refresh_token", 40, 40, T0));
  }

  @Test
  void whenDeletedThenEverythingOfTheClientGone() {
    ApplicationStatsStore store = newStore();
    store.add(List.of(new Usage("web", DAY, "client_credentials", 1, 0, T0),
        new Usage("api", DAY, "client_credentials", 1, 0, T0)));
    store.addUsers("web", Set.of("alice"), T0);

    store.delete("web");

    assertThat(store.read("web", DAY)).isEmpty();
    assertThat(store.countUsers("web", T0)).isZero();
    assertThat(store.read("api", DAY)).hasSize(1);
  }
}
