package dev.ssokit.internal.device;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationGrantError;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.ssokit.SsoSettings;
import dev.ssokit.internal.authorization.AuthenticationContextClass;
import dev.ssokit.internal.grant.Audiences;
import dev.ssokit.internal.grant.GrantHandler;
import dev.ssokit.internal.grant.TokenIssuer;
import dev.ssokit.internal.http.OAuthException;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.RefreshToken;
import dev.ssokit.spi.RefreshTokenStore;
import dev.ssokit.spi.UserDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * {@code grant_type=urn:ietf:params:oauth:grant-type:device_code} (RFC 8628 §3.4, §3.5): the
 * device polls; it is told {@code authorization_pending}, {@code slow_down} (and its interval
 * grows), {@code access_denied} or {@code expired_token}, until one poll receives the tokens.
 *
 * <p>IMPORTANT: the approved authorization is taken from the cache atomically: exactly one poll,
 * on any instance, gets the tokens. The tokens are not bound to the browser session that approved
 * them (no {@code sid}): signing out in that browser does not sign the device out.
 */
final class DeviceCodeGrant implements GrantHandler {
  private final SsoSettings settings;
  private final DeviceAuthorizations authorizations;
  private final RefreshTokenStore refreshTokens;
  private final UserDirectory users;
  private final TokenIssuer issuer;
  private final Clock clock;

  DeviceCodeGrant(SsoSettings settings, DeviceAuthorizations authorizations, RefreshTokenStore refreshTokens,
                  UserDirectory users, TokenIssuer issuer, Clock clock) {
    this.settings = settings;
    this.authorizations = authorizations;
    this.refreshTokens = refreshTokens;
    this.users = users;
    this.issuer = issuer;
    this.clock = clock;
  }

  @Override
  public String grantType() {
    return GrantType.DEVICE_CODE.getValue();
  }

  @Override
  public HTTPResponse handle(Client client, TokenRequest request) {
    var grant = (com.nimbusds.oauth2.sdk.device.DeviceCodeGrant) request.getAuthorizationGrant();
    Instant now = clock.instant();
    DeviceAuthorizations.DeviceAuthorization a = authorizations.byDeviceCode(grant.getDeviceCode().getValue())
        .orElseThrow(() -> new OAuthException(OAuth2Error.INVALID_GRANT, "device code is invalid or already used"));
    if (!a.clientId().equals(client.clientId())) {
      throw new OAuthException(OAuth2Error.INVALID_GRANT, "device code was issued to another client");
    }
    if (!now.isBefore(a.expiresAt())) {
      throw new OAuthException(DeviceAuthorizationGrantError.EXPIRED_TOKEN, "the device code has expired");
    }
    if (authorizations.pollTooSoon(a)) {
      throw new OAuthException(DeviceAuthorizationGrantError.SLOW_DOWN, "polling too fast: wait 5 more seconds");
    }
    switch (a.status()) {
      case PENDING -> throw new OAuthException(DeviceAuthorizationGrantError.AUTHORIZATION_PENDING,
          "the user has not completed the authorization yet");
      case DENIED -> {
        authorizations.take(a);
        // RFC 8628 §3.5 sends this as a token error response (RFC 6749 §5.2): 400, not the SDK's 403
        throw new OAuthException(OAuth2Error.ACCESS_DENIED.setHTTPStatusCode(400), "the user denied the authorization");
      }
      default -> {
        if (!authorizations.take(a)) {
          throw new OAuthException(OAuth2Error.INVALID_GRANT, "device code is invalid or already used");
        }
        return issue(client, request, a, now);
      }
    }
  }

  private HTTPResponse issue(Client client, TokenRequest request, DeviceAuthorizations.DeviceAuthorization a,
                             Instant now) {
    users.find(a.subject())
        .orElseThrow(() -> new OAuthException(OAuth2Error.INVALID_GRANT, "the user no longer exists or is disabled"));
    TokenIssuer.Grant g = new TokenIssuer.Grant(client, a.subject(), a.scopes(),
        Audiences.of(client, request.getResources(), settings.issuer().toString()), null, a.authTime(), a.amr(),
        a.grantId(), grantType());
    AccessToken accessToken = issuer.accessToken(g);
    String acr = AuthenticationContextClass.of(a.amr());
    var idToken = a.scopes().contains("openid")
        ? issuer.idToken(g, null, accessToken, acr == null ? Map.of() : Map.of("acr", acr)) : null;
    com.nimbusds.oauth2.sdk.token.RefreshToken refreshToken = null;
    // OIDC Core §11: refresh tokens for offline_access, to clients allowed the refresh_token grant
    if (a.scopes().contains("offline_access") && client.grantTypes().contains(GrantType.REFRESH_TOKEN.getValue())) {
      String value = OpaqueToken.generate();
      Instant idleEnd = now.plus(issuer.refreshTokenLifetime(client));
      Instant familyEnd = now.plus(settings.refreshTokenAbsoluteLifetime());
      refreshTokens.save(new RefreshToken(OpaqueToken.hash(value), a.grantId(), client.clientId(), a.subject(),
          a.scopes(), null, a.authTime(), now, now, idleEnd.isBefore(familyEnd) ? idleEnd : familyEnd, false, false));
      refreshToken = new com.nimbusds.oauth2.sdk.token.RefreshToken(value);
    }
    if (idToken != null) {
      return Responses.tokens(new OIDCTokenResponse(new OIDCTokens(idToken, accessToken, refreshToken)));
    }
    return Responses.tokens(new AccessTokenResponse(new Tokens(accessToken, refreshToken)));
  }
}
