package dev.ssokit.internal.token;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens this instance has already checked, by the SHA-256 of the whole token: a resource server presents the
 * same token on every call it serves (introspection, UserInfo, a bearer-protected API). For a JWT, checking its
 * ES256 or RS256 signature again costs more than the rest of such a request; for an opaque token, reading its entry
 * from the shared cache again costs a cache round trip before its revocation markers can even be named.
 *
 * <p>Only a token that checked out gets in: a JWT whose signature verified, with its claims and the published key
 * that verified it; an opaque token whose entry the shared cache held, with that entry's claims (an entry is
 * written once, at issue, and never changed). A JWT's entry counts only while its key is still published
 * ({@link SigningKeys#publishes}): a key taken out of the set makes its tokens fail at once, as without the table.
 * The token's expiry and revocation are the caller's to check on every use (every revocation, an opaque token's
 * included, leaves a marker in the revocation list); an entry goes once its token expired. Bounded: at
 * {@link #MAX_ENTRIES} the expired entries are dropped, and the whole table when none was.
 */
final class KnownAccessTokens {
  /** Most tokens held (a few KB each at most: an access token's claims). */
  static final int MAX_ENTRIES = 4_096;

  private record Entry(JWTClaimsSet claims, JWK key, Instant expiresAt) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /**
   * The claims of the token whose SHA-256 handle is {@code digest}, when it checked out earlier (a JWT: with a key
   * {@code keys} still publish) and has not expired at {@code now}.
   */
  Optional<JWTClaimsSet> claims(String digest, SigningKeys keys, Instant now) {
    Entry e = entries.get(digest);
    if (e == null) {
      return Optional.empty();
    }
    if (!now.isBefore(e.expiresAt()) || e.key() != null && !keys.publishes(e.key())) {
      entries.remove(digest, e);
      return Optional.empty();
    }
    return Optional.of(e.claims());
  }

  /**
   * Remembers the claims of a token that checked out: a JWT whose signature {@code key} verified, or an opaque
   * token ({@code key} null) whose entry the shared cache held. A token without expiry is not kept.
   */
  void add(String digest, JWTClaimsSet claims, JWK key, Instant now) {
    Date exp = claims.getExpirationTime();
    if (exp == null || !now.isBefore(exp.toInstant())) {
      return;
    }
    if (entries.size() >= MAX_ENTRIES) {
      entries.values().removeIf(e -> !now.isBefore(e.expiresAt()));
      if (entries.size() >= MAX_ENTRIES) {
        entries.clear();
      }
    }
    entries.put(digest, new Entry(claims, key, exp.toInstant()));
  }

  /** Entries held now (for tests of the bound). */
  int size() {
    return entries.size();
  }
}
