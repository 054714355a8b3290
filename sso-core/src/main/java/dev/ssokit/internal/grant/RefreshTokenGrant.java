package dev.ssokit.internal.grant;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.ssokit.SsoSettings;
import dev.ssokit.internal.authorization.RequestedClaims;
import dev.ssokit.internal.http.OAuthException;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.limit.ClientAddress;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.internal.token.RevocationList;
import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.Cache;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.RefreshToken;
import dev.ssokit.spi.RefreshTokenStore;
import dev.ssokit.spi.UserAccount;
import dev.ssokit.spi.UserDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code grant_type=refresh_token} (RFC 6749 §6) with rotation on every use and reuse detection:
 * presenting a rotated-away token revokes the whole family (OAuth 2.1 §4.3.1, RFC 9700 §4.14.2).
 *
 * <p>With a {@code refreshTokenReuseGrace}, a rotated-away token presented again by the same client
 * within the window gets a fresh token of the same family: a client refreshing from two threads, or
 * retrying after a lost answer, is not mistaken for a thief. The window is a marker in the
 * {@link Cache} written at rotation, so it holds across instances; once it is gone, reuse revokes.
 */
public final class RefreshTokenGrant implements GrantHandler {
  /** Cache key prefix of the grace markers, by the hash of the rotated-away token. */
  static final String GRACE_PREFIX = "refresh-grace:";

  private final SsoSettings settings;
  private final RefreshTokenStore refreshTokens;
  private final RevocationList revocations;
  private final UserDirectory users;
  private final TokenIssuer issuer;
  private final AuditLog audit;
  private final Cache cache;
  private final Clock clock;

  public RefreshTokenGrant(SsoSettings settings, RefreshTokenStore refreshTokens, RevocationList revocations,
                           UserDirectory users, TokenIssuer issuer, AuditLog audit, Cache cache, Clock clock) {
    this.settings = settings;
    this.refreshTokens = refreshTokens;
    this.revocations = revocations;
    this.users = users;
    this.issuer = issuer;
    this.audit = audit;
    this.cache = cache;
    this.clock = clock;
  }

  @Override
  public String grantType() {
    return GrantType.REFRESH_TOKEN.getValue();
  }

  @Override
  public HTTPResponse handle(Client client, TokenRequest request) {
    return handle(client, request, null);
  }

  @Override
  public HTTPResponse handle(Client client, TokenRequest request, String jkt) {
    var grant = (com.nimbusds.oauth2.sdk.RefreshTokenGrant) request.getAuthorizationGrant();
    String hash = OpaqueToken.hash(grant.getRefreshToken().getValue());
    Instant now = clock.instant();
    RefreshToken current = refreshTokens.find(hash)
        .orElseThrow(() -> new OAuthException(OAuth2Error.INVALID_GRANT, "refresh token is invalid"));
    if (!current.clientId().equals(client.clientId())) {
      throw new OAuthException(OAuth2Error.INVALID_GRANT, "refresh token was issued to another client");
    }
    // RFC 9449 §5: a bound refresh token (a public client's) is used only with a proof of its key. Refused
    // before anything is minted or rotated: a thief without the key neither gets tokens nor burns the family.
    if (current.jkt() != null && (jkt == null || !OpaqueToken.equalsConstantTime(current.jkt(), jkt))) {
      throw new OAuthException(OAuth2Error.INVALID_GRANT,
          "the refresh token is bound to a DPoP key; the DPoP proof must be made with it");
    }
    Set<String> scopes = current.scopes();
    if (request.getScope() != null) {
      // RFC 6749 §6: a narrower scope may be asked for, never a wider one.
      scopes = new LinkedHashSet<>(request.getScope().toStringList());
      if (!current.scopes().containsAll(scopes)) {
        throw new OAuthException(OAuth2Error.INVALID_SCOPE, "scope exceeds what the refresh token was granted");
      }
    }
    UserAccount user = users.find(current.subject())
        .orElseThrow(() -> new OAuthException(OAuth2Error.INVALID_GRANT, "the user no longer exists"));
    TokenIssuer.Grant g = new TokenIssuer.Grant(client, current.subject(), scopes,
        Audiences.of(client, request.getResources(), settings.issuer().toString()), current.sessionId(), current.authTime(),
        null, current.familyId(), grantType(), jkt);
    // Mint before rotating: once the old token is marked used, nothing may fail before the answer, or the
    // client's retry with the old token would look like theft and revoke the family.
    // (A token already used, revoked or expired is refused by rotate below: nothing is minted for it.)
    Instant familyEnd = current.grantedAt().plus(settings.refreshTokenAbsoluteLifetime());
    boolean graced = current.used() && !current.revoked() && withinGrace(hash, client);
    boolean live = (!current.used() || graced) && !current.revoked() && now.isBefore(current.expiresAt())
        && now.isBefore(familyEnd);
    // OIDC Core §5.5: the claims the grant's authorization request asked for, again.
    AccessToken accessToken = live ? issuer.accessToken(g, current.claims()) : null;
    // OIDC Core §12.2: a refreshed ID token keeps sub and auth_time; no nonce.
    var idToken = live && scopes.contains("openid") ? issuer.idToken(g, null, accessToken, RequestedClaims.release(
        RequestedClaims.member(current.claims(), true, client.scopes()), user.claims())) : null;
    String newValue = OpaqueToken.generate();
    // RFC 9700 §4.14.2: the idle lifetime slides with each rotation, the family's absolute end never moves.
    Instant idleEnd = now.plus(issuer.refreshTokenLifetime(client));
    RefreshToken successor = current.successor(OpaqueToken.hash(newValue), now,
        idleEnd.isBefore(familyEnd) ? idleEnd : familyEnd);
    if ((!current.used() || graced) && !live) {
      throw new OAuthException(OAuth2Error.INVALID_GRANT, "refresh token is invalid, expired or revoked");
    }
    if (graced) {
      branch(current, successor, client, now);
    } else {
      rotate(hash, current, successor, client, now);
    }
    var refreshToken = new com.nimbusds.oauth2.sdk.token.RefreshToken(newValue);
    if (idToken != null) {
      return Responses.tokens(new OIDCTokenResponse(new OIDCTokens(idToken, accessToken, refreshToken)));
    }
    return Responses.tokens(new AccessTokenResponse(new Tokens(accessToken, refreshToken)));
  }

  /** True when {@code hash} was rotated away by {@code client} less than the grace window ago. */
  private boolean withinGrace(String hash, Client client) {
    return !settings.refreshTokenReuseGrace().isZero()
        && cache.get(GRACE_PREFIX + hash).filter(client.clientId()::equals).isPresent();
  }

  /** A second successor of a token rotated away within the grace window: the family branches, nothing is revoked. */
  private void branch(RefreshToken current, RefreshToken successor, Client client, Instant now) {
    refreshTokens.save(successor);
    // A logout or revocation racing this branch revoked the family before the save: the new token goes too.
    if (refreshTokens.find(current.tokenHash()).map(RefreshToken::revoked).orElse(true)) {
      refreshTokens.revokeFamily(current.familyId());
      throw new OAuthException(OAuth2Error.INVALID_GRANT, "refresh token is invalid, expired or revoked");
    }
    audit.append(new AuditEvent(now, "refresh_token.reused_in_grace", current.subject(), client.clientId(),
        ClientAddress.current(), Map.of("grant_id", current.familyId())));
  }

  private void rotate(String hash, RefreshToken current, RefreshToken successor, Client client, Instant now) {
    switch (refreshTokens.rotate(hash, successor, now)) {
      case ROTATED -> {
        if (!settings.refreshTokenReuseGrace().isZero()) {
          cache.put(GRACE_PREFIX + hash, client.clientId(), now.plus(settings.refreshTokenReuseGrace()));
        }
      }
      case REUSED -> {
        revocations.revokeGrant(current.familyId(), now.plus(settings.accessTokenLifetime()));
        audit.append(new AuditEvent(now, "refresh_token.reused", current.subject(), client.clientId(), ClientAddress.current(),
            Map.of("grant_id", current.familyId())));
        throw new OAuthException(OAuth2Error.INVALID_GRANT, "refresh token was already used; the grant is revoked");
      }
      default -> throw new OAuthException(OAuth2Error.INVALID_GRANT, "refresh token is invalid, expired or revoked");
    }
  }
}
