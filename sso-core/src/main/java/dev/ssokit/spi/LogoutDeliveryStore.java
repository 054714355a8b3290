package dev.ssokit.spi;

import java.time.Instant;
import java.util.List;

/**
 * The durable queue of Back-Channel Logout deliveries (OIDC Back-Channel Logout 1.0 §2.5), shared
 * by every provider instance: it survives a restart, and each delivery is claimed by one instance
 * at a time.
 *
 * <p>IMPORTANT: {@link #claimDue} is atomic across instances: two concurrent claims never return
 * the same delivery; a claimed delivery that is neither completed nor rescheduled (the instance
 * died) is due again at its lease end.
 */
public interface LogoutDeliveryStore {
  /**
   * Adds {@code delivery}; when one with the same id is queued, keeps that one and moves its due
   * time to the earlier of the two (a session ending now overtakes its scheduled expiry).
   *
   * @param delivery the delivery
   */
  void enqueue(LogoutDelivery delivery);

  /**
   * Claims up to {@code limit} deliveries due at {@code now} (oldest due first): each becomes due
   * again only at {@code leaseUntil}, so no other instance claims it meanwhile.
   *
   * @param now        the current time
   * @param limit      the most deliveries claimed
   * @param leaseUntil when the claimed deliveries are due again unless completed or rescheduled
   * @return the claimed deliveries, oldest due first
   */
  List<LogoutDelivery> claimDue(Instant now, int limit, Instant leaseUntil);

  /**
   * Removes a delivery that was made or given up.
   *
   * @param id the delivery's id
   * @return false when it was not queued
   */
  boolean complete(String id);

  /**
   * Records a failed attempt.
   *
   * @param id       the delivery's id
   * @param attempts attempts made so far
   * @param dueAt    time of the next attempt
   */
  void reschedule(String id, int attempts, Instant dueAt);

  /**
   * Moves every queued delivery of {@code subject} to {@code dueAt} when later (an administrator
   * ended the user's sessions).
   *
   * @param subject the user
   * @param dueAt   the new due time
   * @return the distinct session ids concerned
   */
  List<String> expediteSubject(String subject, Instant dueAt);
}
