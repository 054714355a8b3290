package dev.ssokit.internal.grant;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.ssokit.SsoSettings;
import dev.ssokit.internal.authorization.AuthenticationContextClass;
import dev.ssokit.internal.authorization.RequestedClaims;
import dev.ssokit.internal.http.OAuthException;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.interaction.AuthorizationCodeStore;
import dev.ssokit.internal.interaction.AuthorizationContext;
import dev.ssokit.internal.limit.ClientAddress;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.internal.token.RevocationList;
import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.RefreshToken;
import dev.ssokit.spi.RefreshTokenStore;
import dev.ssokit.spi.StoreException;
import dev.ssokit.spi.UserAccount;
import dev.ssokit.spi.UserDirectory;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code grant_type=authorization_code} (RFC 6749 §4.1.3, RFC 7636 §4.6, OIDC Core §3.1.3).
 *
 * <p>IMPORTANT: a code is taken from the cache atomically, so it is redeemed at most once across
 * every instance; a replayed code revokes what its first use issued (RFC 6749 §4.1.2).
 */
public final class AuthorizationCodeGrant implements GrantHandler {
  private final SsoSettings settings;
  private final AuthorizationCodeStore codes;
  private final RefreshTokenStore refreshTokens;
  private final RevocationList revocations;
  private final UserDirectory users;
  private final TokenIssuer issuer;
  private final AuditLog audit;
  private final Clock clock;

  public AuthorizationCodeGrant(SsoSettings settings, AuthorizationCodeStore codes, RefreshTokenStore refreshTokens,
                                RevocationList revocations, UserDirectory users, TokenIssuer issuer, AuditLog audit,
                                Clock clock) {
    this.settings = settings;
    this.codes = codes;
    this.refreshTokens = refreshTokens;
    this.revocations = revocations;
    this.users = users;
    this.issuer = issuer;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public String grantType() {
    return GrantType.AUTHORIZATION_CODE.getValue();
  }

  @Override
  public HTTPResponse handle(Client client, TokenRequest request) {
    return handle(client, request, null);
  }

  @Override
  public HTTPResponse handle(Client client, TokenRequest request, String jkt) {
    var grant = (com.nimbusds.oauth2.sdk.AuthorizationCodeGrant) request.getAuthorizationGrant();
    String code = grant.getAuthorizationCode().getValue();
    Instant now = clock.instant();
    // before the code is taken: a refused resource does not burn the code
    List<String> audience = Audiences.of(client, request.getResources(), settings.issuer().toString());
    Optional<AuthorizationCodeStore.IssuedCode> redeemed = codes.redeem(code);
    if (redeemed.isEmpty()) {
      codes.redeemedGrant(code).ifPresent(grantId -> {
        // RFC 6749 §4.1.2: a code used twice revokes the tokens issued from it.
        refreshTokens.revokeFamily(grantId);
        revocations.revokeGrant(grantId, now.plus(settings.accessTokenLifetime()));
        audit.append(new AuditEvent(now, "code.replayed", null, client.clientId(), ClientAddress.current(),
            Map.of("grant_id", grantId)));
      });
      throw new OAuthException(OAuth2Error.INVALID_GRANT, "authorization code is invalid, expired or already used");
    }
    AuthorizationCodeStore.IssuedCode issued = redeemed.get();
    var ctx = issued.request();
    if (!ctx.clientId().equals(client.clientId())) {
      throw new OAuthException(OAuth2Error.INVALID_GRANT, "authorization code was issued to another client");
    }
    // RFC 9449 §10: a code requested with dpop_jkt is redeemed only with a proof of that key
    if (ctx.dpopJkt() != null && (jkt == null || !OpaqueToken.equalsConstantTime(ctx.dpopJkt(), jkt))) {
      throw new OAuthException(OAuth2Error.INVALID_GRANT,
          "the authorization code is bound to a DPoP key (dpop_jkt); the DPoP proof must be made with it");
    }
    if (!ctx.resources().isEmpty()) {
      try {
        // RFC 8707 §2.2: the token is for the authorized resources, or some of them; never another one
        audience = Audiences.of(client, request.getResources(), ctx.resources(), settings.issuer().toString());
      } catch (OAuthException e) {
        codes.restore(code, issued); // a refused resource does not burn the code
        throw e;
      }
    }
    URI redirect = grant.getRedirectionURI();
    if ((ctx.redirectUriGiven() || redirect != null)
        && (redirect == null || !redirect.toString().equals(ctx.redirectUri().toString()))) {
      throw new OAuthException(OAuth2Error.INVALID_GRANT, "redirect_uri does not match the authorization request");
    }
    CodeVerifier verifier = grant.getCodeVerifier();
    if (ctx.codeChallenge() == null) {
      // RFC 9700 §4.8.2 (PKCE downgrade): a verifier for a request that sent no challenge is refused.
      if (verifier != null) {
        throw new OAuthException(OAuth2Error.INVALID_GRANT,
            "code_verifier given, but the authorization request had no code_challenge");
      }
    } else {
      if (verifier == null) {
        throw new OAuthException(OAuth2Error.INVALID_GRANT, "code_verifier is required (PKCE)");
      }
      String computed = CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue();
      if (!OpaqueToken.equalsConstantTime(computed, ctx.codeChallenge())) {
        throw new OAuthException(OAuth2Error.INVALID_GRANT, "code_verifier does not match the code_challenge");
      }
    }
    try {
      return issue(client, audience, code, issued, now, jkt);
    } catch (StoreException e) {
      // Nothing was answered: give the code back so the client's retry can succeed once storage is back.
      codes.restore(code, issued);
      throw e;
    }
  }

  private HTTPResponse issue(Client client, List<String> audience, String code,
                             AuthorizationCodeStore.IssuedCode issued, Instant now, String jkt) {
    var ctx = issued.request();
    UserAccount user = users.find(issued.subject())
        .orElseThrow(() -> new OAuthException(OAuth2Error.INVALID_GRANT, "the user no longer exists or is disabled"));
    // A code is bound to the browser session (OIDC Core §2 sid) that authorized it: once that session ended
    // (logout on any instance, idle or absolute end) the code and everything it would issue are refused.
    if (sessionEnded(issued, now)) {
      throw new OAuthException(OAuth2Error.INVALID_GRANT, "the session that issued the authorization code has ended");
    }
    TokenIssuer.Grant g = new TokenIssuer.Grant(client, issued.subject(), ctx.scopes(),
        audience, issued.sid(), issued.authTime(),
        issued.amr(), issued.grantId(), grantType(), jkt);
    // OIDC Core §5.5: claims requested for UserInfo travel in the access token, those for the ID token go in it.
    AccessToken accessToken = issuer.accessToken(g, ctx.claims());
    var idToken = ctx.openid() ? issuer.idToken(g, ctx.nonce(), accessToken, idTokenClaims(ctx, issued, user, client))
        : null;
    com.nimbusds.oauth2.sdk.token.RefreshToken refreshToken = null;
    // OIDC Core §11: refresh tokens for offline_access, to clients allowed the refresh_token grant.
    if (ctx.scopes().contains("offline_access") && client.grantTypes().contains(GrantType.REFRESH_TOKEN.getValue())) {
      String value = OpaqueToken.generate();
      Instant idleEnd = now.plus(issuer.refreshTokenLifetime(client));
      Instant familyEnd = now.plus(settings.refreshTokenAbsoluteLifetime());
      Instant expires = idleEnd.isBefore(familyEnd) ? idleEnd : familyEnd;
      refreshTokens.save(new RefreshToken(OpaqueToken.hash(value), issued.grantId(), client.clientId(),
          issued.subject(), ctx.scopes(), issued.sid(), issued.authTime(), now, now, expires, false, false,
          ctx.claims(), TokenIssuer.refreshTokenKey(client, jkt)));
      // A logout racing this redemption writes its session marker before it revokes the session's refresh
      // tokens: either that revocation sees the token just saved, or this check sees the marker.
      if (sessionEnded(issued, now)) {
        refreshTokens.revokeFamily(issued.grantId());
        throw new OAuthException(OAuth2Error.INVALID_GRANT, "the session that issued the authorization code has ended");
      }
      refreshToken = new com.nimbusds.oauth2.sdk.token.RefreshToken(value);
    }
    codes.markRedeemed(code, issued.grantId());
    if (idToken != null) {
      return Responses.tokens(new OIDCTokenResponse(new OIDCTokens(idToken, accessToken, refreshToken)));
    }
    return Responses.tokens(new AccessTokenResponse(new Tokens(accessToken, refreshToken)));
  }

  /** OIDC Core §2: {@code acr} of the login; §5.5: the user claims the request asked for in the ID token. */
  private static Map<String, Object> idTokenClaims(AuthorizationContext ctx, AuthorizationCodeStore.IssuedCode issued,
                                                  UserAccount user, Client client) {
    Map<String, Object> claims = new LinkedHashMap<>(
        RequestedClaims.release(RequestedClaims.member(ctx.claims(), true, client.scopes()), user.claims()));
    String acr = AuthenticationContextClass.of(issued.amr());
    if (acr != null) {
      claims.put("acr", acr);
    }
    return claims;
  }

  private boolean sessionEnded(AuthorizationCodeStore.IssuedCode issued, Instant now) {
    return (issued.sessionEndsAt() != null && !now.isBefore(issued.sessionEndsAt()))
        || (issued.sid() != null && revocations.sessionEnded(issued.sid()));
  }
}
