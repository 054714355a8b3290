package dev.ssokit.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Durable home of remembered consents, one per user and client. */
public interface ConsentStore {

  /**
   * The consent of {@code subject} for {@code clientId}, expired ones included (callers check).
   *
   * @param subject  the user
   * @param clientId the client
   * @return the consent, or empty when there is none
   */
  Optional<Consent> find(String subject, String clientId);

  /**
   * Inserts or replaces the consent of its subject for its client.
   *
   * @param consent the consent
   */
  void save(Consent consent);

  /**
   * Every consent of a user (the account's "connected apps").
   *
   * @param subject the user
   * @return the consents, in client id order, expired ones included
   */
  java.util.List<Consent> findBySubject(String subject);

  /**
   * Forgets a consent.
   *
   * @param subject  the user
   * @param clientId the client
   * @return {@code false} when there was none
   */
  boolean revoke(String subject, String clientId);

  /**
   * Deletes at most {@code limit} consents that expired before {@code now}.
   *
   * @param now   the current time
   * @param limit the most consents deleted in this call
   * @return how many were deleted
   */
  int purgeExpired(Instant now, int limit);

  /**
   * The consents of {@code subject} ordered by client id, at most {@code limit}, expired ones included.
   *
   * @param subject the user's {@code sub}
   * @param limit   the most consents returned
   * @return the consents, empty when there are none
   */
  List<Consent> listBySubject(String subject, int limit);

  /**
   * Forgets every consent given to {@code clientId} (the client was deleted).
   *
   * @param clientId the client
   * @return how many consents were deleted
   */
  int revokeClient(String clientId);
}
