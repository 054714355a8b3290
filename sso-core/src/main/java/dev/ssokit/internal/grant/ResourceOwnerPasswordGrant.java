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
import dev.ssokit.internal.authorization.AuthenticationContextClass;
import dev.ssokit.internal.http.OAuthException;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.interaction.AuthorizationFlow;
import dev.ssokit.internal.limit.ClientAddress;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.internal.user.PasswordAuthentication;
import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.RefreshToken;
import dev.ssokit.spi.RefreshTokenStore;
import dev.ssokit.spi.UserAccount;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code grant_type=password} (RFC 6749 §4.3), the legacy resource owner password grant: only for a
 * client the operator marked {@code first_party} and registered for it (RFC 9700 §2.4 says it MUST
 * NOT be used: the client sees the password, and no second factor or consent can be asked).
 * Passwords are checked by the one {@link PasswordAuthentication} of the login page and
 * {@code /auth/login}: the same throttle per (account, client address) and per client, login by
 * username or e-mail, the same unconfirmed-address rule and audit events. An account with a second
 * factor is refused: it signs in through the code flow.
 */
public final class ResourceOwnerPasswordGrant implements GrantHandler {
  private final SsoSettings settings;
  private final PasswordAuthentication passwords;
  private final RefreshTokenStore refreshTokens;
  private final TokenIssuer issuer;
  private final AuditLog audit;
  private final Clock clock;
  private final Predicate<String> secondFactor;

  /**
   * @param secondFactor true for a subject whose logins need a second factor (refused here)
   */
  public ResourceOwnerPasswordGrant(SsoSettings settings, PasswordAuthentication passwords,
                                    RefreshTokenStore refreshTokens, TokenIssuer issuer, AuditLog audit, Clock clock,
                                    Predicate<String> secondFactor) {
    this.secondFactor = secondFactor;
    this.settings = settings;
    this.passwords = passwords;
    this.refreshTokens = refreshTokens;
    this.issuer = issuer;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public String grantType() {
    return GrantType.PASSWORD.getValue();
  }

  @Override
  public HTTPResponse handle(Client client, TokenRequest request) {
    // Registration refuses the grant for other clients; this holds for clients stored before that rule too.
    if (!client.options().firstParty()) {
      throw new OAuthException(OAuth2Error.UNAUTHORIZED_CLIENT, "the password grant is only for first-party clients");
    }
    if (AuthenticationContextClass.secondFactorRequired(client.options().allowedAcrValues())) {
      // the client accepts only the multi-factor acr, which a password alone never reaches
      throw new OAuthException(OAuth2Error.UNAUTHORIZED_CLIENT,
          "this client requires a second factor: use the authorization code flow");
    }
    var grant = (com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant) request.getAuthorizationGrant();
    Set<String> scopes = new LinkedHashSet<>();
    if (request.getScope() == null) {
      scopes.addAll(client.scopes());
    } else {
      for (String s : request.getScope().toStringList()) {
        if (!client.scopes().contains(s)) {
          throw new OAuthException(OAuth2Error.INVALID_SCOPE, "scope not allowed for this client: " + s);
        }
        scopes.add(s);
      }
    }
    String ip = ClientAddress.current();
    UserAccount user;
    try {
      user = passwords.authenticate(client.clientId(), grant.getUsername(), grant.getPassword().getValue(), ip)
          .orElse(null);
    } catch (PasswordAuthentication.EmailNotVerified e) {
      throw new OAuthException(OAuth2Error.INVALID_GRANT, "the e-mail address of the account is not confirmed yet");
    }
    if (user == null) {
      throw new OAuthException(OAuth2Error.INVALID_GRANT, "wrong username or password");
    }
    Instant now = clock.instant();
    if (secondFactor.test(user.subject())) {
      // a password alone must not bypass the account's second factor: it signs in through the code flow
      audit.append(new AuditEvent(now, "login.failure", user.subject(), client.clientId(), ip,
          Map.of("grant_type", grantType(), "reason", "second_factor_required")));
      throw new OAuthException(OAuth2Error.INVALID_GRANT,
          "this account signs in with a second factor: use the authorization code flow");
    }
    String grantId = OpaqueToken.generate().substring(0, 22);
    List<String> amr = AuthorizationFlow.AMR_PASSWORD;
    TokenIssuer.Grant g = new TokenIssuer.Grant(client, user.subject(), scopes,
        Audiences.of(client, request.getResources(), settings.issuer().toString()), null, now, amr, grantId,
        grantType());
    AccessToken accessToken = issuer.accessToken(g);
    var idToken = scopes.contains("openid")
        ? issuer.idToken(g, null, accessToken, Map.of("acr", AuthenticationContextClass.of(amr))) : null;
    com.nimbusds.oauth2.sdk.token.RefreshToken refreshToken = null;
    if (scopes.contains("offline_access") && client.grantTypes().contains(GrantType.REFRESH_TOKEN.getValue())) {
      String value = OpaqueToken.generate();
      Instant idleEnd = now.plus(issuer.refreshTokenLifetime(client));
      Instant familyEnd = now.plus(settings.refreshTokenAbsoluteLifetime());
      refreshTokens.save(new RefreshToken(OpaqueToken.hash(value), grantId, client.clientId(), user.subject(), scopes,
          null, now, now, now, idleEnd.isBefore(familyEnd) ? idleEnd : familyEnd, false, false));
      refreshToken = new com.nimbusds.oauth2.sdk.token.RefreshToken(value);
    }
    if (idToken != null) {
      return Responses.tokens(new OIDCTokenResponse(new OIDCTokens(idToken, accessToken, refreshToken)));
    }
    return Responses.tokens(new AccessTokenResponse(new Tokens(accessToken, refreshToken)));
  }
}
