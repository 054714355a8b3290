package dev.ssokit.internal.grant;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import dev.ssokit.SsoSettings;
import dev.ssokit.internal.authorization.RequestedClaims;
import dev.ssokit.internal.http.OAuthException;
import dev.ssokit.internal.subject.SubjectIdentifiers;
import dev.ssokit.internal.token.AccessTokenVerifier;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.internal.token.SigningKeys;
import dev.ssokit.spi.Cache;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientOptions;
import dev.ssokit.spi.TokenCustomizer;
import dev.ssokit.spi.UserAccount;
import dev.ssokit.spi.UserDirectory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  private static final Logger LOG = LoggerFactory.getLogger(TokenIssuer.class);

  private final SsoSettings settings;
  private final SigningKeys keys;
  private final Cache cache;
  private final Clock clock;
  private final TokenUsage usage;

  private final UserDirectory users;
  private final TokenCustomizer customizer;
  private final SubjectIdentifiers subjects;

  /**
   * Who the tokens are for and what they allow; {@code grantType} is the token request's, for a
   * {@link TokenCustomizer} ({@code null}: the tokens are not customized); {@code jkt} is the
   * thumbprint of the DPoP key the access token is bound to (RFC 9449 §6), or {@code null} for a
   * bearer token.
   */
  public record Grant(Client client, String subject, Set<String> scopes, List<String> audience, String sid,
                      Instant authTime, List<String> amr, String grantId, String grantType, String jkt) {
    public Grant {
      scopes = Set.copyOf(scopes);
      audience = List.copyOf(audience);
      amr = amr == null ? List.of() : List.copyOf(amr);
    }

    /** A bearer grant without a {@code grant_type}, for a token no customizer sees. */
    public Grant(Client client, String subject, Set<String> scopes, List<String> audience, String sid,
                 Instant authTime, List<String> amr, String grantId) {
      this(client, subject, scopes, audience, sid, authTime, amr, grantId, null, null);
    }

    /** A bearer grant of the token request's {@code grantType}. */
    public Grant(Client client, String subject, Set<String> scopes, List<String> audience, String sid,
                 Instant authTime, List<String> amr, String grantId, String grantType) {
      this(client, subject, scopes, audience, sid, authTime, amr, grantId, grantType, null);
    }

    /** This grant with its access token bound to the DPoP key {@code thumbprint}. */
    public Grant boundTo(String thumbprint) {
      return new Grant(client, subject, scopes, audience, sid, authTime, amr, grantId, grantType, thumbprint);
    }
  }

  /**
   * An issuer adding {@code customizer}'s claims (or none, when {@code null}); users are looked up only for it.
   *
   * @param usage told of every access token's client and subject (statistics; no I/O)
   */
  public TokenIssuer(SsoSettings settings, SigningKeys keys, Cache cache, Clock clock, UserDirectory users,
                     TokenCustomizer customizer, TokenUsage usage, SubjectIdentifiers subjects) {
    this.usage = usage;
    this.subjects = subjects;
    this.settings = settings;
    this.keys = keys;
    this.cache = cache;
    this.clock = clock;
    this.users = users;
    this.customizer = customizer;
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

  /** An access token with {@code extraClaims} of the protocol's own (RFC 8693 {@code act}, ...). */
  public AccessToken accessToken(Grant grant, Map<String, Object> extraClaims) {
    usage.userSeen(grant.client().clientId(), grant.subject());
    Instant now = clock.instant();
    Duration lifetime = capped(settings.accessTokenLifetime(), grant.client().options().accessTokenLifetime());
    Instant exp = now.plus(lifetime);
    // Sorted, so the same grant always yields the same scope string (sets carry no order).
    Scope scope = new Scope(grant.scopes().stream().sorted().toArray(String[]::new));
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(settings.issuer().toString())
        // OIDC Core §8: the sub the client sees, pairwise for a pairwise client (mapped back when presented)
        .subject(subjects.forClient(grant.client(), grant.subject()))
        .audience(grant.audience())
        .expirationTime(Date.from(exp))
        .issueTime(Date.from(now))
        .jwtID(OpaqueToken.generate().substring(0, 22))
        .claim("client_id", grant.client().clientId())
        .claim("scope", scope.toString());
    extraClaims.forEach(claims::claim);
    customized(TokenCustomizer.TokenType.ACCESS_TOKEN, grant).forEach(claims::claim);
    if (grant.authTime() != null) {
      claims.claim("auth_time", grant.authTime().getEpochSecond());
    }
    if (grant.sid() != null) {
      claims.claim("sid", grant.sid());
    }
    if (grant.grantId() != null) {
      claims.claim("grant_id", grant.grantId());
    }
    if (grant.jkt() != null) {
      claims.claim("cnf", Map.of("jkt", grant.jkt()));
    }
    if (Client.ACCESS_TOKEN_OPAQUE.equals(grant.client().accessTokenFormat())) {
      String value = OpaqueToken.generate();
      cache.put(AccessTokenVerifier.OPAQUE_PREFIX + OpaqueToken.hash(value),
          JSONObjectUtils.toJSONString(claims.build().toJSONObject()), exp);
      return grant.jkt() != null ? new DPoPAccessToken(value, lifetime.getSeconds(), scope)
          : new BearerAccessToken(value, lifetime.getSeconds(), scope);
    }
    // RFC 9068 §2.1: typ at+jwt, unless the client opted into JWT for resource servers that accept only that
    JOSEObjectType typ = ClientOptions.ACCESS_TOKEN_TYP_JWT.equals(grant.client().options().accessTokenTyp())
        ? JOSEObjectType.JWT : AT_JWT;
    String value = keys.signCompact(typ, claims.build());
    // RFC 9449 §5: token_type DPoP for a bound token
    return grant.jkt() != null ? new DPoPAccessToken(value, lifetime.getSeconds(), scope)
        : new BearerAccessToken(value, lifetime.getSeconds(), scope);
  }

  /** The {@code sub} {@code client} sees for the user {@code localSubject} (OIDC Core §8). */
  public String subjectFor(Client client, String localSubject) {
    return subjects.forClient(client, localSubject);
  }

  /**
   * RFC 9449 §5: the DPoP key a new refresh token of {@code client} is bound to: a public client's
   * refresh token to the key of the token request's proof ({@code jkt}); a confidential client's
   * stays unbound, as its refresh requests are already sender-constrained by its authentication.
   */
  public static String refreshTokenKey(Client client, String jkt) {
    return client.isPublic() ? jkt : null;
  }

  /**
   * The idle lifetime of {@code client}'s refresh tokens: its own {@code refresh_token_lifetime}, else the provider's.
   */
  public Duration refreshTokenLifetime(Client client) {
    Duration own = client.options().refreshTokenLifetime();
    return own != null ? own : settings.refreshTokenLifetime();
  }

  /** The host's claims for a token of {@code grant}; refused when one is reserved to the protocol. */
  private Map<String, Object> customized(TokenCustomizer.TokenType type, Grant grant) {
    if (customizer == null || grant.grantType() == null) {
      return Map.of();
    }
    UserAccount user = GrantType.CLIENT_CREDENTIALS.getValue().equals(grant.grantType()) ? null
        : users.find(grant.subject()).orElse(null);
    Map<String, Object> added = customizer.claims(
        new TokenCustomizer.TokenContext(type, grant.client(), user, grant.grantType(), grant.scopes()));
    if (added == null) {
      return Map.of();
    }
    for (String name : added.keySet()) {
      if (TokenCustomizer.RESERVED_CLAIMS.contains(name)) {
        LOG.error("the TokenCustomizer {} set the reserved claim {}: token refused", customizer.getClass().getName(),
            name);
        throw new OAuthException(OAuth2Error.SERVER_ERROR, "the token could not be customized");
      }
    }
    return added;
  }

  /**
   * A client's own access or ID token lifetime only shortens the provider's: revocation records and
   * retired signing keys are kept for the provider's lifetime, so a longer token would outlive them.
   */
  private static Duration capped(Duration provider, Duration client) {
    return client != null && client.compareTo(provider) < 0 ? client : provider;
  }

  /** ID token (OIDC Core §2, §3.1.3.6) for an access token issued to the same grant, in its compact form. */
  public String idToken(Grant grant, String nonce, AccessToken accessToken) {
    return idToken(grant, nonce, accessToken, Map.of());
  }

  /** An ID token with {@code extraClaims} (user claims, {@code acr}); the standard claims win over them. */
  public String idToken(Grant grant, String nonce, AccessToken accessToken, Map<String, Object> extraClaims) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder();
    extraClaims.forEach(claims::claim);
    customized(TokenCustomizer.TokenType.ID_TOKEN, grant).forEach(claims::claim);
    claims
        .issuer(settings.issuer().toString())
        .subject(subjects.forClient(grant.client(), grant.subject()))
        .audience(grant.client().clientId())
        .expirationTime(Date.from(now.plus(capped(settings.idTokenLifetime(), grant.client().options().idTokenLifetime()))))
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
    return keys.signCompact(JOSEObjectType.JWT, claims.build());
  }
}
