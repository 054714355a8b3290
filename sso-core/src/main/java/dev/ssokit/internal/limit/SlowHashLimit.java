package dev.ssokit.internal.limit;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 *
 * <p>The hashes run on {@link #PERMITS} dedicated threads, not on the request threads: libargon2
 * takes its block memory from malloc, and glibc keeps a freed block in the arena of the thread that
 * used it, so with every request thread hashing, every arena kept 19-38 MiB (S2 measured 390-460 MB
 * resident against 290 MB); on a few threads at most a few arenas do, and the block's pages are
 * reused (mapping fresh memory for every hash cost four times the CPU in page faults).
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
  public static final long RETRY_AFTER_SECONDS = 2;

  private static final Semaphore SEMAPHORE = new Semaphore(PERMITS, true);
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService HASHERS = Executors.newFixedThreadPool(PERMITS, task -> {
    Thread thread = new Thread(task, "sso-slow-hash-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    return thread;
  });

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
      return resultOf(HASHERS.submit(hash::get));
    } finally {
      SEMAPHORE.release();
    }
  }

  /** Waits for {@code hash} (tens of milliseconds) even when interrupted, so no permit is freed before it ends. */
  private static <T> T resultOf(Future<T> hash) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return hash.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          if (e.getCause() instanceof RuntimeException runtime) {
            throw runtime;
          }
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
