package dev.ssokit.internal.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SlowHashLimitTest {

  @Test
  void hashesRunOnAtMostPermitsDedicatedThreadsWhateverThreadAsks() throws Exception {
    Set<String> hashers = ConcurrentHashMap.newKeySet();
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String input = "password-" + i;
        results.add(callers.submit(() -> SlowHashLimit.run(() -> {
          hashers.add(Thread.currentThread().getName());
          return input.toUpperCase();
        })));
      }
      for (int i = 0; i < 40; i++) {
        assertThat(results.get(i).get()).isEqualTo("PASSWORD-" + i);
      }
    } finally {
      callers.shutdownNow();
    }
    // glibc keeps a freed libargon2 block per thread arena: few threads, few blocks
    assertThat(hashers).isNotEmpty().hasSizeLessThanOrEqualTo(SlowHashLimit.PERMITS)
        .allMatch(name -> name.startsWith("sso-slow-hash-"));
  }

  @Test
  void whatTheHashThrowsReachesTheCallerAsItIs() {
    LimitExceeded overloaded = LimitExceeded.overloaded(2);
    assertThatThrownBy(() -> SlowHashLimit.run(() -> {
      throw overloaded;
    })).isSameAs(overloaded);
    assertThatThrownBy(() -> SlowHashLimit.run(() -> {
      throw new StackOverflowError("deep");
    })).isInstanceOf(StackOverflowError.class).hasMessage("deep");
  }

  @Test
  void aCallerInterruptedWhileItsHashRunsStillGetsTheResultAndKeepsTheInterrupt() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<String> result = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    Thread caller = new Thread(() -> {
      result.set(SlowHashLimit.run(() -> {
        started.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return "done";
      }));
      stillInterrupted.set(Thread.currentThread().isInterrupted());
    });
    caller.start();
    started.await();
    caller.interrupt(); // the permit must stay taken until the hash has ended
    release.countDown();
    caller.join();
    assertThat(result.get()).isEqualTo("done");
    assertThat(stillInterrupted.get()).isTrue();
  }
}
