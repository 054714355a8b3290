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
 * @param scopes    the scopes granted ({@code scope})
 * @param audience  the audiences ({@code aud})
 * @param issuedAt  {@code iat}
 * @param expiresAt {@code exp}
 * @param jti       the token's id ({@code jti})
 * @param claims    every claim of the token (RFC 9068 §2.2)
 */
public record VerifiedAccessToken(String subject, String clientId, Set<String> scopes, List<String> audience,
                                  Instant issuedAt, Instant expiresAt, String jti, Map<String, Object> claims) {
  /**
   * A verified token; the collections are copied.
   *
   * @param subject   {@code sub}: the user, or the client itself for client_credentials
   * @param clientId  {@code client_id}
   * @param scopes    the scopes granted ({@code scope})
   * @param audience  the audiences ({@code aud})
   * @param issuedAt  {@code iat}
   * @param expiresAt {@code exp}
   * @param jti       the token's id ({@code jti})
   * @param claims    every claim of the token (RFC 9068 §2.2)
   * @throws NullPointerException when a collection is null
   */
  public VerifiedAccessToken {
    scopes = Set.copyOf(scopes);
    audience = List.copyOf(audience);
    claims = Map.copyOf(claims);
  }

  /**
   * Whether every one of {@code required} was granted.
   *
   * @param required the scopes the caller needs
   * @return true when the token carries all of them
   */
  public boolean hasScopes(Set<String> required) {
    return scopes.containsAll(required);
  }

  /**
   * Whether the token is meant for {@code aud}.
   *
   * @param aud the caller's own audience (the issuer, or an RFC 8707 resource)
   * @return true when {@code aud} is one of the token's audiences
   */
  public boolean hasAudience(String aud) {
    return audience.contains(aud);
  }
}
