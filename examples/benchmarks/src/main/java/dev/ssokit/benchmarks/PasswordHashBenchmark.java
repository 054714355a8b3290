package dev.ssokit.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import dev.ssokit.SsoProvider;
import dev.ssokit.SsoSettings;
import dev.ssokit.Users;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reference rate of issue 13's S2 target: argon2id verifications per second with the server's own
 * parameters and implementation (the hash of a user created through {@code provider.users()}, checked
 * through {@code Users.apply} with the same password: one verification under the server's slow-hash limit,
 * nothing changed), N threads verifying in a loop, with the process CPU time per verification (the
 * collector's included) and the garbage collections the run caused. libargon2 is used where it is
 * installed (JNA is on this jar's class path); {@code -Dssokit.argon2.native=false} measures the pure-Java
 * one, whose 19 MiB of block memory per verification is Java heap: run it with the heap flags of the server
 * being compared. Not a test; run by hand:
 *
 * <pre>java -Xms32m -Xmx192m -XX:+UseSerialGC -cp examples/benchmarks/target/sso-benchmarks.jar \
 *     dev.ssokit.benchmarks.PasswordHashBenchmark [threads=2] [seconds=8] [rounds=3]</pre>
 */
public final class PasswordHashBenchmark {
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final String PASSWORD = "correct horse battery staple";

  private PasswordHashBenchmark() {}

  public static void main(String[] args) throws InterruptedException {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    SsoProvider provider = SsoProvider.builder(SsoSettings.builder("http://localhost:8080").build()).build();
    Users users = provider.users();
    String id = users.create("bench", PASSWORD, null, Map.of()).orElseThrow().id();
    for (int i = 0; i < 20; i++) { // warm-up: the JIT compiles the hash's inner loops
      check(users, id);
    }
    System.out.printf("%s verifications, %d threads, %d s per round, JVM flags %s%n", Users.passwordHashing(),
        threads, seconds, ManagementFactory.getRuntimeMXBean().getInputArguments());
    for (int round = 1; round <= rounds; round++) {
      AtomicLong count = new AtomicLong();
      long cpuBefore = OS.getProcessCpuTime();
      long[] gcBefore = gcCounts();
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      Thread[] workers = new Thread[threads];
      for (int t = 0; t < threads; t++) {
        workers[t] = new Thread(() -> {
          while (System.nanoTime() < end) {
            check(users, id);
            count.incrementAndGet();
          }
        });
        workers[t].start();
      }
      for (Thread w : workers) {
        w.join();
      }
      long[] gcAfter = gcCounts();
      long cpuNanos = OS.getProcessCpuTime() - cpuBefore;
      System.out.printf("round %d: %.1f verifications/s  %.1f ms process CPU each  GCs %s%n", round,
          count.get() / (double) seconds, cpuNanos / 1e6 / count.get(), gcDelta(gcBefore, gcAfter));
    }
  }

  /** One verification: {@code apply} checks the declared password against the stored hash (it matches: no change). */
  private static void check(Users users, String id) {
    if (users.apply(id, PASSWORD, null, null)) {
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
