package dev.ssokit.internal.token;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.ssokit.VerifiedAccessToken;
import dev.ssokit.internal.http.CacheReads;
import dev.ssokit.internal.subject.SubjectIdentifiers;
import dev.ssokit.spi.Cache;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks access tokens this provider issued: JWT (RFC 9068: {@code typ at+jwt}, signature with a
 * published key, {@code iss}, {@code exp}) or opaque (looked up in the cache), then revocation.
 */
public final class AccessTokenVerifier {
  /** Cache prefix of opaque access tokens, by SHA-256 of the value. */
  public static final String OPAQUE_PREFIX = "at:";
  private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");
  private static final Base64.Decoder CLAIMS_DECODER = Base64.getUrlDecoder();
  /** Longer values are no token of ours (bounded cost per request). */
  private static final int MAX_TOKEN_LENGTH = 16_384;

  private final String issuer;
  private final SigningKeys keys;
  private final Cache cache;
  private final RevocationList revocations;
  private final Clock clock;
  private final SubjectIdentifiers subjects;
  /** Tokens already checked (signature or cache entry): a resource server presents the same token on every call. */
  private final KnownAccessTokens known = new KnownAccessTokens();

  public AccessTokenVerifier(String issuer, SigningKeys keys, Cache cache, RevocationList revocations, Clock clock,
                             SubjectIdentifiers subjects) {
    this.subjects = subjects;
    this.issuer = issuer;
    this.keys = keys;
    this.cache = cache;
    this.revocations = revocations;
    this.clock = clock;
  }

  /** The token's claims when it is valid now; empty for anything else (never throws for bad input). */
  public Optional<VerifiedAccessToken> verify(String token) {
    return verify(token, CacheReads.NONE);
  }

  /**
   * Like {@link #verify(String)}, with the cache values of {@link #cacheKeys} taken from {@code readAhead}
   * where they were read ahead.
   */
  public Optional<VerifiedAccessToken> verify(String token, CacheReads readAhead) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      return Optional.empty();
    }
    String digest = OpaqueToken.hash(token);
    Optional<JWTClaimsSet> claims = known.claims(digest, keys, clock.instant());
    if (claims.isEmpty()) {
      claims = token.indexOf('.') > 0 ? verifyJwt(token, digest) : lookupOpaque(digest, readAhead);
    }
    return claims.flatMap(c -> checkLive(c, readAhead));
  }

  /**
   * The cache keys {@link #verify(String, CacheReads)} reads for {@code token}, as far as the token
   * alone tells: a token checked before on this instance, its revocation markers (from the claims it had then);
   * otherwise a JWT's revocation markers (from its claims, before its signature is checked: a key read for a
   * forged token is only a wasted read), an opaque token's own entry. Never throws.
   *
   * @param token the presented value
   * @return the keys, none for a value that is no token
   */
  public List<String> cacheKeys(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      return List.of();
    }
    String digest = OpaqueToken.hash(token);
    Optional<JWTClaimsSet> seen = known.claims(digest, keys, clock.instant());
    if (seen.isPresent()) {
      return revocationKeys(seen.get());
    }
    int payload = token.indexOf('.');
    if (payload <= 0) {
      return List.of(OPAQUE_PREFIX + digest);
    }
    int signature = token.indexOf('.', payload + 1);
    if (signature < 0) {
      return List.of();
    }
    try {
      return revocationKeys(JWTClaimsSet.parse(new String(CLAIMS_DECODER.decode(
          token.substring(payload + 1, signature)), StandardCharsets.UTF_8)));
    } catch (ParseException | RuntimeException e) {
      return List.of(); // not a JWT of ours: verify rejects it without reading the cache
    }
  }

  private List<String> revocationKeys(JWTClaimsSet c) {
    try {
      return revocations.cacheKeys(c.getJWTID(), c.getStringClaim("grant_id"), c.getStringClaim("sid"),
          c.getSubject() == null ? null : subjects.local(c.getSubject()), c.getStringClaim("client_id"));
    } catch (ParseException | RuntimeException e) {
      return List.of(); // claims of the wrong types: verify rejects the token without reading the cache
    }
  }

  /** The claims of a JWT not checked before, whose SHA-256 handle is {@code digest}, once its signature verified. */
  private Optional<JWTClaimsSet> verifyJwt(String token, String digest) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      boolean atJwt = AT_JWT.equals(jwt.getHeader().getType());
      if (!atJwt && !JOSEObjectType.JWT.equals(jwt.getHeader().getType())) {
        return Optional.empty();
      }
      JWK key = keys.verifyingKey(jwt);
      if (key == null) {
        return Optional.empty();
      }
      // the JDK's base64url: the JOSE library's decoder is a constant-time one meant for secrets, and slow
      JWTClaimsSet claims = JWTClaimsSet.parse(
          new String(CLAIMS_DECODER.decode(jwt.getParsedParts()[1].toString()), StandardCharsets.UTF_8));
      // RFC 9068 §4: our ID tokens are signed with the same keys and also have typ JWT; a typ JWT access
      // token (access_token_typ of its client) is told apart by its claims: client_id, never azp
      if (!atJwt && !isAccessTokenJwt(claims)) {
        return Optional.empty();
      }
      known.add(digest, claims, key, clock.instant());
      return Optional.of(claims);
    } catch (ParseException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * True for the claims of an access token signed with {@code typ: JWT}: RFC 9068 §2.2 requires
   * {@code client_id}; our ID tokens never carry it and always carry {@code azp} (OIDC Core §2).
   */
  public static boolean isAccessTokenJwt(JWTClaimsSet claims) {
    return claims.getClaim("client_id") instanceof String && claims.getClaim("azp") == null;
  }

  /** The claims of an opaque token not checked before, whose SHA-256 handle is {@code digest}, from its entry. */
  private Optional<JWTClaimsSet> lookupOpaque(String digest, CacheReads readAhead) {
    return readAhead.get(OPAQUE_PREFIX + digest, cache).flatMap(json -> {
      try {
        JWTClaimsSet claims = JWTClaimsSet.parse(json);
        known.add(digest, claims, null, clock.instant());
        return Optional.of(claims);
      } catch (ParseException e) {
        return Optional.empty();
      }
    });
  }

  /** The claims' token when it is live: this issuer's, not expired, not revoked. */
  private Optional<VerifiedAccessToken> checkLive(JWTClaimsSet c, CacheReads readAhead) {
    try {
      Instant now = clock.instant();
      if (!issuer.equals(c.getIssuer()) || c.getExpirationTime() == null
          || !now.isBefore(c.getExpirationTime().toInstant()) || c.getSubject() == null) {
        return Optional.empty();
      }
      String sid = c.getStringClaim("sid");
      // revocations name the user by the local subject; a pairwise sub is mapped back (OIDC Core §8)
      if (revocations.isRevoked(c.getJWTID(), c.getStringClaim("grant_id"), sid, subjects.local(c.getSubject()),
          c.getStringClaim("client_id"), c.getIssueTime() == null ? null : c.getIssueTime().toInstant(), readAhead)) {
        return Optional.empty();
      }
      String scope = c.getStringClaim("scope");
      Set<String> scopes = scope == null ? Set.of() : new LinkedHashSet<>(Arrays.asList(scope.split(" ")));
      List<String> aud = c.getAudience() == null ? List.of() : c.getAudience();
      return Optional.of(new VerifiedAccessToken(c.getSubject(), c.getStringClaim("client_id"), scopes, aud,
          c.getIssueTime() == null ? null : c.getIssueTime().toInstant(), c.getExpirationTime().toInstant(),
          c.getJWTID(), withoutNulls(c.toJSONObject())));
    } catch (ParseException e) {
      return Optional.empty();
    }
  }

  /**
   * The user behind a verified token: its {@code sub}, or the local subject behind a pairwise one.
   *
   * @param token a token {@link #verify} accepted
   * @return the local subject
   */
  public String localSubject(VerifiedAccessToken token) {
    return subjects.local(token.subject());
  }

  private static Map<String, Object> withoutNulls(Map<String, Object> m) {
    m.values().removeIf(v -> v == null);
    return m;
  }
}
