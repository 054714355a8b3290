package dev.ssokit;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's housekeeping on two daemon threads: {@link SsoProvider#purgeExpired} every
 * {@code SSO_PURGE_INTERVAL}, so expired refresh tokens, consents, account links and initial access
 * tokens do not pile up, and
 * {@link SsoProvider#maintainSigningKeys} every {@link #KEY_MAINTENANCE_INTERVAL}, so keys rotate
 * and every instance picks up what the others published, and {@link SsoProvider#deliverLogoutTokens}
 * every {@link #LOGOUT_DELIVERY_INTERVAL}.
 *
 * <p>IMPORTANT: a failed run (database down) is logged with its message only and the next run
 * happens on schedule; {@link #close} stops the thread. Hosts with their own scheduler may call the
 * three methods themselves instead.
 */
public final class Maintenance implements AutoCloseable {
  /** How often signing keys are re-read and their lifecycle advanced. */
  public static final Duration KEY_MAINTENANCE_INTERVAL = Duration.ofMinutes(1);
  /** How often the application statistics counted in memory are added to the shared store. */
  public static final Duration STATISTICS_FLUSH_INTERVAL = Duration.ofMinutes(1);
  /** How often due Back-Channel Logout tokens are sent (OIDC Back-Channel Logout 1.0). */
  public static final Duration LOGOUT_DELIVERY_INTERVAL = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

  private final ScheduledExecutorService scheduler;
  private final SsoProvider provider;

  /** Default purge interval: expired rows are few and cheap to delete (bounded batches). */
  public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofHours(1);

  private Maintenance(ScheduledExecutorService scheduler, SsoProvider provider) {
    this.scheduler = scheduler;
    this.provider = provider;
  }

  /**
   * Starts the tasks for {@code provider}, each first run one interval from now.
   *
   * @param provider      the provider to maintain
   * @param purgeInterval the time between purges, positive
   * @return the running maintenance; {@link #close()} stops it
   */
  public static Maintenance start(SsoProvider provider, Duration purgeInterval) {
    // two threads: a slow back-channel delivery (unreachable clients, bounded timeouts) never delays key maintenance
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
      Thread t = new Thread(r, "sso-maintenance");
      t.setDaemon(true);
      return t;
    });
    // fixed delay: a slow run never overlaps the next one
    long purgeMillis = purgeInterval.toMillis();
    scheduler.scheduleWithFixedDelay(() -> purge(provider), purgeMillis, purgeMillis, TimeUnit.MILLISECONDS);
    long keyMillis = KEY_MAINTENANCE_INTERVAL.toMillis();
    scheduler.scheduleWithFixedDelay(() -> maintainKeys(provider), keyMillis, keyMillis, TimeUnit.MILLISECONDS);
    long logoutMillis = LOGOUT_DELIVERY_INTERVAL.toMillis();
    scheduler.scheduleWithFixedDelay(() -> deliverLogoutTokens(provider), logoutMillis, logoutMillis,
        TimeUnit.MILLISECONDS);
    long statsMillis = STATISTICS_FLUSH_INTERVAL.toMillis();
    scheduler.scheduleWithFixedDelay(() -> flushApplicationStats(provider), statsMillis, statsMillis,
        TimeUnit.MILLISECONDS);
    return new Maintenance(scheduler, provider);
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

  private static void maintainKeys(SsoProvider provider) {
    try {
      provider.maintainSigningKeys();
    } catch (RuntimeException e) {
      LOG.warn("signing-key maintenance failed, next run in {}: {}", KEY_MAINTENANCE_INTERVAL, e.getMessage());
    }
  }

  private static void deliverLogoutTokens(SsoProvider provider) {
    try {
      provider.deliverLogoutTokens();
    } catch (RuntimeException e) {
      LOG.warn("back-channel logout delivery failed, next run in {}: {}", LOGOUT_DELIVERY_INTERVAL, e.getMessage());
    }
  }

  private static void flushApplicationStats(SsoProvider provider) {
    try {
      provider.flushApplicationStats();
    } catch (RuntimeException e) {
      LOG.warn("application statistics flush failed, kept for the next run in {}: {}", STATISTICS_FLUSH_INTERVAL,
          e.getMessage());
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    flushApplicationStats(provider); // the counts of the last interval, before the store closes
  }
}
