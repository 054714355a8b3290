package dev.ssokit.example.standalone;

import dev.ssokit.SsoProvider;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link SsoProvider#purgeExpired} every {@code SSO_PURGE_INTERVAL} on one daemon thread, so
 * expired refresh tokens and consents do not pile up in the database.
 *
 * <p>IMPORTANT: a failed run (database down) is logged with its message only and the next run
 * happens on schedule; {@link #close} stops the thread.
 */
final class ExpiredRowsPurger implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExpiredRowsPurger.class);

  private final ScheduledExecutorService scheduler;

  private ExpiredRowsPurger(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /** Starts purging {@code provider}'s stores every {@code interval}, the first run one interval from now. */
  static ExpiredRowsPurger start(SsoProvider provider, Duration interval) {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sso-purge-expired");
      t.setDaemon(true);
      return t;
    });
    long millis = interval.toMillis();
    // fixed delay: a slow purge never overlaps the next one
    scheduler.scheduleWithFixedDelay(() -> purge(provider), millis, millis, TimeUnit.MILLISECONDS);
    return new ExpiredRowsPurger(scheduler);
  }

  private static void purge(SsoProvider provider) {
    try {
      long purged = provider.purgeExpired();
      if (purged > 0) {
        LOG.info("purged {} expired refresh tokens and consents", purged);
      }
    } catch (RuntimeException e) {
      // an exception escaping the task would cancel every later run (ScheduledExecutorService#scheduleWithFixedDelay)
      LOG.warn("purging expired rows failed, next run in one interval: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
