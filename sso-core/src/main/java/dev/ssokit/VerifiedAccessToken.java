package dev.ssokit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An access token this provider issued that is valid now: signature, issuer, expiry and
 * revocation checked. Audience and scopes are for the caller to check (see {@link #hasScopes}).
 *
 * @param subject   {@code sub}: the user, or the client itself for client_credentials
 * @param clientId  {@code client_id}
 * @param claims    every claim of the token (RFC 9068 §2.2)
 */
public record VerifiedAccessToken(String subject, String clientId, Set<String> scopes, List<String> audience,
                                  Instant issuedAt, Instant expiresAt, String jti, Map<String, Object> claims) {
  public VerifiedAccessToken {
    scopes = Set.copyOf(scopes);
    audience = List.copyOf(audience);
    claims = Map.copyOf(claims);
  }

  public boolean hasScopes(Set<String> required) {
    return scopes.containsAll(required);
  }

  public boolean hasAudience(String aud) {
    return audience.contains(aud);
  }
}
