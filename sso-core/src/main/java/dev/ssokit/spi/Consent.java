package dev.ssokit.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Scopes a user granted to a client, remembered so the consent page is not shown again.
 *
 * @param subject   the user who consented
 * @param clientId  the client consented to
 * @param scopes    the scopes granted
 * @param grantedAt when the consent was given
 * @param expiresAt {@code null} for a consent that lasts until revoked
 */
public record Consent(String subject, String clientId, Set<String> scopes, Instant grantedAt, Instant expiresAt) {
  /**
   * A consent; the scopes are copied.
   *
   * @param subject   the user who consented
   * @param clientId  the client consented to
   * @param scopes    the scopes granted
   * @param grantedAt when the consent was given
   * @param expiresAt {@code null} for a consent that lasts until revoked
   * @throws NullPointerException when {@code subject}, {@code clientId}, {@code grantedAt} or {@code scopes} is null
   */
  public Consent {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(grantedAt, "grantedAt");
    scopes = Set.copyOf(scopes);
  }

  /**
   * Whether this consent covers every scope asked for and has not expired at {@code now}.
   *
   * @param requested the scopes asked for
   * @param now       the current time
   * @return true when the consent page need not be shown
   */
  public boolean covers(Set<String> requested, Instant now) {
    return (expiresAt == null || now.isBefore(expiresAt)) && scopes.containsAll(requested);
  }
}
