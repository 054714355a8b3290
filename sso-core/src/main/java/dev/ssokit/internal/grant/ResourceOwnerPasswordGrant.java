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
import dev.ssokit.internal.interaction.AuthorizationFlow;
import dev.ssokit.internal.limit.ClientAddress;
import dev.ssokit.internal.limit.LimitExceeded;
import dev.ssokit.internal.limit.LoginThrottle;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.RefreshToken;
import dev.ssokit.spi.RefreshTokenStore;
import dev.ssokit.spi.UserAccount;
import dev.ssokit.spi.UserDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code grant_type=password} (RFC 6749 §4.3), the legacy resource owner password grant: only for a
 * client the operator marked {@code first_party} and registered for it (RFC 9700 §2.4 says it MUST
 * NOT be used: the client sees the password, and no second factor or consent can be asked).
 * Passwords are checked as on the login page: the same {@link LoginThrottle} per (account, client
 * address) and per client, the same user directory and its bounded slow-hash limit, the same audit
 * events.
 */
public final class ResourceOwnerPasswordGrant implements GrantHandler {
  private final SsoSettings settings;
  private final UserDirectory users;
  private final LoginThrottle throttle;
  private final RefreshTokenStore refreshTokens;
  private final TokenIssuer issuer;
  private final AuditLog audit;
  private final Clock clock;
  private final Predicate<String> secondFactor;

  public ResourceOwnerPasswordGrant(SsoSettings settings, UserDirectory users, LoginThrottle throttle,
                                    RefreshTokenStore refreshTokens, TokenIssuer issuer, AuditLog audit, Clock clock,
                                    Predicate<String> secondFactor) {
    this.secondFactor = secondFactor;
    this.settings = settings;
    this.users = users;
    this.throttle = throttle;
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
    String username = grant.getUsername().trim();
    String who = username.toLowerCase(Locale.ROOT);
    String ip = ClientAddress.current();
    try {
      throttle.beforeAttempt(client.clientId(), who, ip);
    } catch (LimitExceeded e) {
      audit.append(new AuditEvent(clock.instant(), "login.throttled", null, client.clientId(), ip,
          Map.of("username", who, "grant_type", grantType())));
      throw e;
    }
    UserAccount user = users.authenticate(username, grant.getPassword().getValue()).orElse(null);
    Instant now = clock.instant();
    if (user == null) {
      throttle.failed(who, ip);
      audit.append(new AuditEvent(now, "login.failure", null, client.clientId(), ip,
          Map.of("username", who, "grant_type", grantType())));
      throw new OAuthException(OAuth2Error.INVALID_GRANT, "wrong username or password");
    }
    if (secondFactor.test(user.subject())) {
      // a password alone must not bypass the account's second factor: it signs in through the code flow
      audit.append(new AuditEvent(now, "login.failure", user.subject(), client.clientId(), ip,
          Map.of("grant_type", grantType(), "reason", "second_factor_required")));
      throw new OAuthException(OAuth2Error.INVALID_GRANT,
          "this account signs in with a second factor: use the authorization code flow");
    }
    audit.append(new AuditEvent(now, "login.success", user.subject(), client.clientId(), ip,
        Map.of("grant_type", grantType())));
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
      return new OIDCTokenResponse(new OIDCTokens(idToken, accessToken, refreshToken)).toHTTPResponse();
    }
    return new AccessTokenResponse(new Tokens(accessToken, refreshToken)).toHTTPResponse();
  }
}
