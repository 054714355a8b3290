package dev.ssokit.spi;

import java.time.Instant;
import java.util.Optional;

/** Durable home of remembered consents, one per user and client. */
public interface ConsentStore {

  /** The consent of {@code subject} for {@code clientId}, expired ones included (callers check). */
  Optional<Consent> find(String subject, String clientId);

  /** Inserts or replaces the consent of its subject for its client. */
  void save(Consent consent);

  /** Every consent of {@code subject} (the account's "connected apps"), in client id order. */
  java.util.List<Consent> findBySubject(String subject);

  /** Forgets a consent; returns {@code false} when there was none. */
  boolean revoke(String subject, String clientId);

  /** Deletes at most {@code limit} consents that expired before {@code now}; returns how many. */
  int purgeExpired(Instant now, int limit);
}
