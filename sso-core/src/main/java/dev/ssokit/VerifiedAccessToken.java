package dev.ssokit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
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
   * A verified token; the collections are copied, nested objects and arrays of {@code claims} too (none of them
   * can be changed through the record).
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
    if (claims.values().stream().anyMatch(v -> v instanceof Map || v instanceof List)) {
      Map<String, Object> deep = new LinkedHashMap<>();
      claims.forEach((name, value) -> deep.put(name, unmodifiable(value)));
      claims = Collections.unmodifiableMap(deep);
    }
  }

  /** A JSON value that cannot be changed: objects and arrays copied, at every depth (they may hold nulls). */
  private static Object unmodifiable(Object value) {
    if (value instanceof Map<?, ?> m) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      m.forEach((k, v) -> copy.put(k, unmodifiable(v)));
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> l) {
      List<Object> copy = new ArrayList<>(l.size());
      l.forEach(v -> copy.add(unmodifiable(v)));
      return Collections.unmodifiableList(copy);
    }
    return value;
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
