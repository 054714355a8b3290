package dev.ssokit.internal.grant;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.ssokit.SsoSettings;
import dev.ssokit.internal.http.OAuthException;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.spi.Client;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code grant_type=client_credentials} (RFC 6749 §4.4): a confidential client acting for itself.
 * Without {@code scope} it receives every non-OIDC scope it is registered for.
 */
public final class ClientCredentialsGrant implements GrantHandler {
  /** Scopes about a user, meaningless when no user is involved. */
  static final Set<String> USER_SCOPES = Set.of("openid", "profile", "email", "address", "phone", "offline_access");

  private final SsoSettings settings;
  private final TokenIssuer issuer;

  public ClientCredentialsGrant(SsoSettings settings, TokenIssuer issuer) {
    this.settings = settings;
    this.issuer = issuer;
  }

  @Override
  public String grantType() {
    return GrantType.CLIENT_CREDENTIALS.getValue();
  }

  @Override
  public HTTPResponse handle(Client client, TokenRequest request) {
    return handle(client, request, null);
  }

  @Override
  public HTTPResponse handle(Client client, TokenRequest request, String jkt) {
    if (client.isPublic()) {
      throw new OAuthException(OAuth2Error.UNAUTHORIZED_CLIENT, "client_credentials needs a confidential client");
    }
    Set<String> scopes = new LinkedHashSet<>();
    if (request.getScope() == null) {
      client.scopes().stream().filter(s -> !USER_SCOPES.contains(s)).sorted().forEach(scopes::add);
    } else {
      for (String s : request.getScope().toStringList()) {
        if (!client.scopes().contains(s) || USER_SCOPES.contains(s)) {
          throw new OAuthException(OAuth2Error.INVALID_SCOPE, "scope not allowed for client_credentials: " + s);
        }
        scopes.add(s);
      }
    }
    var grant = new TokenIssuer.Grant(client, client.clientId(), scopes,
        Audiences.of(client, request.getResources(), settings.issuer().toString()), null, null, null, null,
        grantType(), jkt);
    return Responses.tokens(new AccessTokenResponse(new Tokens(issuer.accessToken(grant), null)));
  }
}
