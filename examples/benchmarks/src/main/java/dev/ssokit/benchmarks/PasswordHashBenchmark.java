package dev.ssokit.benchmarks;

import com.password4j.Argon2Function;
import dev.ssokit.SsoProvider;
import dev.ssokit.SsoSettings;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reference rate of issue 13's S2 target: argon2id verifications per second with the server's own
 * parameters (the hash of a user created through {@code provider.users()}, checked the way the server checks
 * it, with password4j), N threads verifying in a loop, with
 * the thread CPU time of one verification and the garbage collections the run caused. Run it with the heap
 * flags of the server being compared: password4j allocates its 19 MiB block memory per verification, so
 * the collector's work depends on them. Not a test; run by hand:
 *
 * <pre>java -Xms32m -Xmx192m -XX:+UseSerialGC -cp examples/benchmarks/target/sso-benchmarks.jar \
 *     dev.ssokit.benchmarks.PasswordHashBenchmark [threads=2] [seconds=8] [rounds=3]</pre>
 */
public final class PasswordHashBenchmark {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
  private static final String PASSWORD = "correct horse battery staple";

  private PasswordHashBenchmark() {}

  public static void main(String[] args) throws InterruptedException {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    SsoProvider provider = SsoProvider.builder(SsoSettings.builder("http://localhost:8080").build()).build();
    String hash = provider.users().create("bench", PASSWORD, null, Map.of()).orElseThrow().passwordHash();
    for (int i = 0; i < 20; i++) { // warm-up: the JIT compiles the hash's inner loops
      check(hash);
    }
    System.out.printf("argon2id verifications, %d threads, %d s per round, JVM flags %s%n", threads, seconds,
        ManagementFactory.getRuntimeMXBean().getInputArguments());
    for (int round = 1; round <= rounds; round++) {
      AtomicLong count = new AtomicLong();
      AtomicLong cpuNanos = new AtomicLong();
      long[] gcBefore = gcCounts();
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      Thread[] workers = new Thread[threads];
      for (int t = 0; t < threads; t++) {
        workers[t] = new Thread(() -> {
          long start = CPU.getCurrentThreadCpuTime();
          while (System.nanoTime() < end) {
            check(hash);
            count.incrementAndGet();
          }
          cpuNanos.addAndGet(CPU.getCurrentThreadCpuTime() - start);
        });
        workers[t].start();
      }
      for (Thread w : workers) {
        w.join();
      }
      long[] gcAfter = gcCounts();
      System.out.printf("round %d: %.1f verifications/s  %.1f ms thread CPU each  GCs %s%n", round,
          count.get() / (double) seconds, cpuNanos.get() / 1e6 / count.get(), gcDelta(gcBefore, gcAfter));
    }
  }

  private static void check(String hash) {
    if (!Argon2Function.getInstanceFromHash(hash).check(PASSWORD, hash)) {
      throw new IllegalStateException("the password did not verify");
    }
  }

  private static long[] gcCounts() {
    List<GarbageCollectorMXBean> beans = ManagementFactory.getGarbageCollectorMXBeans();
    long[] counts = new long[beans.size()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = beans.get(i).getCollectionCount();
    }
    return counts;
  }

  private static String gcDelta(long[] before, long[] after) {
    List<GarbageCollectorMXBean> beans = ManagementFactory.getGarbageCollectorMXBeans();
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < before.length; i++) {
      s.append(i == 0 ? "" : ", ").append(beans.get(i).getName()).append(' ').append(after[i] - before[i]);
    }
    return s.toString();
  }
}
