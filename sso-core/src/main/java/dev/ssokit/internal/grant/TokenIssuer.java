package dev.ssokit.internal.grant;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import dev.ssokit.SsoSettings;
import dev.ssokit.internal.authorization.RequestedClaims;
import dev.ssokit.internal.token.AccessTokenVerifier;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.internal.token.SigningKeys;
import dev.ssokit.spi.Cache;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mints access tokens (RFC 9068 JWT, or opaque per client) and ID tokens (OIDC Core §2).
 *
 * <p>IMPORTANT: one signature per token; nothing here touches the durable store.
 */
public final class TokenIssuer {
  private static final JOSEObjectType AT_JWT = new JOSEObjectType("at+jwt");
  /**
   * Access token claim with the {@code userinfo} member of the OIDC {@code claims} request (OIDC Core
   * §5.5), so that {@code /userinfo} can release those claims.
   */
  public static final String USERINFO_CLAIMS = "userinfo_claims";

  private final SsoSettings settings;
  private final SigningKeys keys;
  private final Cache cache;
  private final Clock clock;
  private final TokenUsage usage;

  /** Who the tokens are for and what they allow. */
  public record Grant(Client client, String subject, Set<String> scopes, List<String> audience, String sid,
                      Instant authTime, List<String> amr, String grantId) {
    public Grant {
      scopes = Set.copyOf(scopes);
      audience = List.copyOf(audience);
      amr = amr == null ? List.of() : List.copyOf(amr);
    }
  }

  public TokenIssuer(SsoSettings settings, SigningKeys keys, Cache cache, Clock clock) {
    this(settings, keys, cache, clock, TokenUsage.NONE);
  }

  /** @param usage told of every access token's client and subject (statistics; no I/O) */
  public TokenIssuer(SsoSettings settings, SigningKeys keys, Cache cache, Clock clock, TokenUsage usage) {
    this.usage = usage;
    this.settings = settings;
    this.keys = keys;
    this.cache = cache;
    this.clock = clock;
  }

  public AccessToken accessToken(Grant grant) {
    return accessToken(grant, Map.of());
  }

  /**
   * An access token for a grant with the OIDC {@code claims} request {@code claimsRequest} (JSON, or
   * {@code null}): its {@code userinfo} member travels in {@link #USERINFO_CLAIMS} (OIDC Core §5.5).
   */
  public AccessToken accessToken(Grant grant, String claimsRequest) {
    Map<String, Object> userInfo = RequestedClaims.member(claimsRequest, false, grant.client().scopes());
    return accessToken(grant, userInfo.isEmpty() ? Map.of() : Map.of(USERINFO_CLAIMS, userInfo));
  }

  private AccessToken accessToken(Grant grant, Map<String, Object> extraClaims) {
    usage.userSeen(grant.client().clientId(), grant.subject());
    Instant now = clock.instant();
    Instant exp = now.plus(settings.accessTokenLifetime());
    // Sorted, so the same grant always yields the same scope string (sets carry no order).
    Scope scope = new Scope(grant.scopes().stream().sorted().toArray(String[]::new));
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(settings.issuer().toString())
        .subject(grant.subject())
        .audience(grant.audience())
        .expirationTime(Date.from(exp))
        .issueTime(Date.from(now))
        .jwtID(OpaqueToken.generate().substring(0, 22))
        .claim("client_id", grant.client().clientId())
        .claim("scope", scope.toString());
    extraClaims.forEach(claims::claim);
    if (grant.authTime() != null) {
      claims.claim("auth_time", grant.authTime().getEpochSecond());
    }
    if (grant.sid() != null) {
      claims.claim("sid", grant.sid());
    }
    if (grant.grantId() != null) {
      claims.claim("grant_id", grant.grantId());
    }
    long lifetime = settings.accessTokenLifetime().getSeconds();
    if (Client.ACCESS_TOKEN_OPAQUE.equals(grant.client().accessTokenFormat())) {
      String value = OpaqueToken.generate();
      cache.put(AccessTokenVerifier.OPAQUE_PREFIX + OpaqueToken.hash(value),
          JSONObjectUtils.toJSONString(claims.build().toJSONObject()), exp);
      return new BearerAccessToken(value, lifetime, scope);
    }
    // RFC 9068 §2.1: typ at+jwt, unless the client opted into JWT for resource servers that accept only that
    JOSEObjectType typ = ClientOptions.ACCESS_TOKEN_TYP_JWT.equals(grant.client().options().accessTokenTyp())
        ? JOSEObjectType.JWT : AT_JWT;
    return new BearerAccessToken(keys.sign(typ, claims.build()).serialize(), lifetime, scope);
  }

  /** ID token (OIDC Core §2, §3.1.3.6) for an access token issued to the same grant. */
  public SignedJWT idToken(Grant grant, String nonce, AccessToken accessToken) {
    return idToken(grant, nonce, accessToken, Map.of());
  }

  /** An ID token with {@code extraClaims} (user claims, {@code acr}); the standard claims win over them. */
  public SignedJWT idToken(Grant grant, String nonce, AccessToken accessToken, Map<String, Object> extraClaims) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
    extraClaims.forEach(claims::claim);
    claims
        .issuer(settings.issuer().toString())
        .subject(grant.subject())
        .audience(grant.client().clientId())
        .expirationTime(Date.from(now.plus(settings.idTokenLifetime())))
        .issueTime(Date.from(now))
        .claim("azp", grant.client().clientId());
    if (grant.authTime() != null) {
      claims.claim("auth_time", grant.authTime().getEpochSecond());
    }
    if (nonce != null) {
      claims.claim("nonce", nonce);
    }
    if (grant.sid() != null) {
      claims.claim("sid", grant.sid());
    }
    if (!grant.amr().isEmpty()) {
      claims.claim("amr", grant.amr());
    }
    if (accessToken != null) {
      claims.claim("at_hash", AccessTokenHash.compute(accessToken, keys.algorithm(), keys.activeCurve()).getValue());
    }
    return keys.sign(JOSEObjectType.JWT, claims.build());
  }
}
