package dev.ssokit.example.standalone;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.token.TypelessAccessToken;
import java.io.IOException;
import java.net.URI;
import java.text.ParseException;
import java.util.Map;

/**
 * A confidential client's back-channel calls (token, introspection, revocation), made with
 * Nimbus' client side over real HTTP, authenticated with {@code client_secret_basic}.
 */
record BackChannel(URI issuer, String clientId, String clientSecret) {
  private static final int TIMEOUT_MILLIS = 30_000;

  /** RFC 6749 §4.1.3 with the PKCE verifier (RFC 7636 §4.5). */
  HTTPResponse redeem(Browser.Flow flow) throws IOException {
    return send(new TokenRequest.Builder(URI.create(issuer + "/token"), auth(),
        new AuthorizationCodeGrant(flow.code(), flow.redirectUri(), flow.verifier())).build().toHTTPRequest());
  }

  /** RFC 6749 §4.4. */
  HTTPResponse clientCredentials(String scope) throws IOException {
    return send(new TokenRequest.Builder(URI.create(issuer + "/token"), auth(), new ClientCredentialsGrant())
        .scope(Scope.parse(scope)).build().toHTTPRequest());
  }

  /** RFC 6749 §6. */
  HTTPResponse refresh(String refreshToken) throws IOException {
    return send(new TokenRequest.Builder(URI.create(issuer + "/token"), auth(),
        new RefreshTokenGrant(new RefreshToken(refreshToken))).build().toHTTPRequest());
  }

  /** RFC 7662 §2.1, the raw answer. */
  HTTPResponse introspectResponse(String token) throws IOException {
    return send(new TokenIntrospectionRequest(URI.create(issuer + "/introspect"), auth(),
        new TypelessAccessToken(token)).toHTTPRequest());
  }

  /** RFC 7662 §2.1; the answer's JSON, which must be a 200. */
  Map<String, Object> introspect(String token) throws IOException, ParseException {
    HTTPResponse r = introspectResponse(token);
    if (r.getStatusCode() != 200) {
      throw new AssertionError("introspection answered " + r.getStatusCode() + ": " + r.getBody());
    }
    return JSONObjectUtils.parse(r.getBody());
  }

  /** RFC 7009 §2.1. */
  HTTPResponse revoke(Token token) throws IOException {
    return send(new TokenRevocationRequest(URI.create(issuer + "/revoke"), auth(), token).toHTTPRequest());
  }

  private ClientSecretBasic auth() {
    return new ClientSecretBasic(new ClientID(clientId), new Secret(clientSecret));
  }

  private static HTTPResponse send(HTTPRequest request) throws IOException {
    request.setConnectTimeout(TIMEOUT_MILLIS);
    request.setReadTimeout(TIMEOUT_MILLIS);
    return request.send();
  }
}
