package dev.ssokit.internal.limit;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one bound on slow, memory-hungry work (argon2id: user passwords, legacy client-secret hashes)
 * for the whole JVM: at most {@link #PERMITS} run at once; a caller beyond that
 * waits up to {@link #QUEUE_WAIT_MILLIS} and then gets {@link LimitExceeded#overloaded} (503).
 *
 * <p>IMPORTANT: JVM-wide on purpose: the heap is per JVM, shared by every provider in it. The
 * permits are derived from the maximum heap: argon2id needs {@link #HASH_MEMORY_BYTES} per hash,
 * and at most a quarter of the heap goes to hashing, so parallel wrong guesses can never exhaust
 * memory (issue 7 #1: 32 of them crashed a 512 MiB server).
 */
public final class SlowHashLimit {
  /** Memory of one argon2id hash with the parameters of {@code PasswordHashes} (19 MiB) plus slack. */
  public static final long HASH_MEMORY_BYTES = 20L * 1024 * 1024;
  /** Share of the maximum heap that hashing may use. */
  static final int HEAP_FRACTION = 4;
  /** Concurrent hashes beyond twice the cores buy no throughput, only memory. */
  public static final int PERMITS = permits(Runtime.getRuntime().maxMemory(), Runtime.getRuntime().availableProcessors());
  /** How long a hash waits for a permit before the request is answered 503. */
  public static final long QUEUE_WAIT_MILLIS = 2_000;
  /** {@code Retry-After} of that 503. */
  static final long RETRY_AFTER_SECONDS = 2;

  private static final Semaphore SEMAPHORE = new Semaphore(PERMITS, true);

  private SlowHashLimit() {}

  static int permits(long maxHeapBytes, int cores) {
    long byHeap = maxHeapBytes / HEAP_FRACTION / HASH_MEMORY_BYTES;
    return (int) Math.max(1, Math.min(byHeap, 2L * cores));
  }

  /** Runs {@code hash} holding a permit; {@link LimitExceeded} (503) when none frees up in time. */
  public static <T> T run(Supplier<T> hash) {
    boolean acquired;
    try {
      acquired = SEMAPHORE.tryAcquire(QUEUE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw LimitExceeded.overloaded(RETRY_AFTER_SECONDS);
    }
    if (!acquired) {
      throw LimitExceeded.overloaded(RETRY_AFTER_SECONDS);
    }
    try {
      return hash.get();
    } finally {
      SEMAPHORE.release();
    }
  }
}
