package dev.ssokit.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * Scopes a user granted to a client, remembered so the consent page is not shown again.
 *
 * @param expiresAt {@code null} for a consent that lasts until revoked
 */
public record Consent(String subject, String clientId, Set<String> scopes, Instant grantedAt, Instant expiresAt) {
  public Consent {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(grantedAt, "grantedAt");
    scopes = Set.copyOf(scopes);
  }

  /** True when this consent covers every scope asked for and has not expired at {@code now}. */
  public boolean covers(Set<String> requested, Instant now) {
    return (expiresAt == null || now.isBefore(expiresAt)) && scopes.containsAll(requested);
  }
}
