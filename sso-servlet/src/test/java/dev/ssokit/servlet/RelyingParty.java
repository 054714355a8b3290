package dev.ssokit.servlet;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.ssokit.testkit.OpenApiContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One client application, speaking to the provider through Nimbus' client side only; its token,
 * introspection and revocation exchanges are held against the OpenAPI document ({@link #sendDocumented}).
 */
final class RelyingParty {
  static final Scope FULL_SCOPE = new Scope("openid", "profile", "email", "offline_access");

  final TestProvider provider;
  final OIDCProviderMetadata metadata;
  final ClientID clientId;
  final ClientAuthentication auth;
  final URI redirectUri;

  private RelyingParty(TestProvider provider, String clientId, String secret, URI redirectUri) {
    this.provider = provider;
    this.clientId = new ClientID(clientId);
    this.auth = secret == null ? null : new ClientSecretBasic(this.clientId, new Secret(secret));
    this.redirectUri = redirectUri;
    try {
      this.metadata = OIDCProviderMetadata.resolve(new Issuer(provider.issuer));
    } catch (Exception e) {
      throw new AssertionError("discovery failed", e);
    }
  }

  static RelyingParty clientA(TestProvider p) {
    return new RelyingParty(p, TestProvider.CLIENT_A, p.secretA, TestProvider.REDIRECT_A);
  }

  static RelyingParty clientB(TestProvider p) {
    return new RelyingParty(p, TestProvider.CLIENT_B, p.secretB, TestProvider.REDIRECT_B);
  }

  /** A confidential client registered by a test itself (no redirect URI: client_credentials only). */
  static RelyingParty confidential(TestProvider p, String clientId, String secret) {
    return new RelyingParty(p, clientId, secret, null);
  }

  /** A client registered by the test itself. */
  static RelyingParty of(TestProvider p, String clientId, String secret, URI redirectUri) {
    return new RelyingParty(p, clientId, secret, redirectUri);
  }

  static RelyingParty publicClient(TestProvider p) {
    return new RelyingParty(p, TestProvider.PUBLIC_CLIENT, null, TestProvider.REDIRECT_PUBLIC);
  }

  /** A fresh authorization attempt: its PKCE verifier, state and nonce. */
  final class Attempt {
    final CodeVerifier verifier = new CodeVerifier();
    final State state = new State();
    final Nonce nonce = new Nonce();
    final Scope scope;

    Attempt(Scope scope) {
      this.scope = scope;
    }

    URI uri() {
      return uri(UnaryOperator.identity());
    }

    URI uri(UnaryOperator<AuthenticationRequest.Builder> custom) {
      return custom.apply(new AuthenticationRequest.Builder(ResponseType.CODE, scope, clientId, redirectUri)
          .endpointURI(metadata.getAuthorizationEndpointURI()).state(state).nonce(nonce)
          .codeChallenge(verifier, CodeChallengeMethod.S256)).build().toURI();
    }

    /** The parameters of the redirect back to the client, after asserting it goes to the redirect URI. */
    Map<String, String> callback(HttpResponse<String> r) {
      URI to = Browser.location(r).orElseThrow(() -> new AssertionError(
          "expected a redirect to the client, got " + r.statusCode() + ": " + r.body()));
      if (!to.toString().startsWith(redirectUri + "?")) {
        throw new AssertionError("redirected to " + to + " instead of " + redirectUri);
      }
      return Browser.query(to);
    }

    TokenResponse redeem(String code) {
      return redeem(code, verifier);
    }

    TokenResponse redeem(String code, CodeVerifier v) {
      return token(new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, v));
    }
  }

  Attempt attempt() {
    return new Attempt(FULL_SCOPE);
  }

  Attempt attempt(Scope scope) {
    return new Attempt(scope);
  }

  /** Runs the browser through sign-in (logging in and consenting as needed) and returns the code. */
  String signIn(Browser browser, Attempt attempt) {
    return signIn(browser, attempt, attempt.uri());
  }

  /** As {@link #signIn(Browser, Attempt)}, starting at {@code authorizationUri} (the attempt's, with more parameters). */
  String signIn(Browser browser, Attempt attempt, URI authorizationUri) {
    HttpResponse<String> r = browser.open(authorizationUri);
    if (Browser.isLoginPage(r)) {
      r = browser.loginAndConsent(r, TestProvider.USERNAME, TestProvider.PASSWORD);
    } else if (Browser.isConsentPage(r)) {
      r = browser.submit(r, Map.of("decision", "allow"));
    }
    Map<String, String> params = attempt.callback(r);
    if (!attempt.state.getValue().equals(params.get("state")) || params.get("code") == null) {
      throw new AssertionError("unexpected authorization response " + params);
    }
    return params.get("code");
  }

  TokenResponse token(AuthorizationGrant grant) {
    return token(grant, null, null);
  }

  TokenResponse token(AuthorizationGrant grant, Scope scope, URI resource) {
    TokenRequest.Builder builder = auth != null ? new TokenRequest.Builder(metadata.getTokenEndpointURI(), auth, grant)
        : new TokenRequest.Builder(metadata.getTokenEndpointURI(), clientId, grant);
    if (resource != null) {
      builder.resource(resource);
    }
    TokenRequest request = builder.scope(scope).build();
    try {
      return OIDCTokenResponseParser.parse(sendDocumented(request.toHTTPRequest()));
    } catch (ParseException e) {
      throw new AssertionError(e);
    }
  }

  TokenResponse refresh(RefreshToken token) {
    return token(new RefreshTokenGrant(token));
  }

  TokenResponse clientCredentials(Scope scope, URI resource) {
    return token(new ClientCredentialsGrant(), scope, resource);
  }

  TokenIntrospectionResponse introspect(Token token) {
    try {
      return TokenIntrospectionResponse.parse(sendDocumented(
          new TokenIntrospectionRequest(metadata.getIntrospectionEndpointURI(), auth, token).toHTTPRequest()));
    } catch (ParseException e) {
      throw new AssertionError(e);
    }
  }

  HTTPResponse revoke(Token token) {
    return sendDocumented(new TokenRevocationRequest(metadata.getRevocationEndpointURI(), auth, token).toHTTPRequest());
  }

  /**
   * {@link #send}, with the exchange held against the OpenAPI document ({@link OpenApiContract}): the
   * answer always (status, media type, body, challenge and retry headers), the request when the
   * provider accepted it (status below 400; a refused request may be malformed on purpose). For a
   * {@link TestProvider}, whose issuer has no path.
   */
  static HTTPResponse sendDocumented(com.nimbusds.oauth2.sdk.http.HTTPRequest request) {
    HTTPResponse response = send(request);
    String method = request.getMethod().name();
    String path = request.getURL().getPath();
    OpenApiContract.packaged().check(method, path, response.getStatusCode(), response.getHeaderMap(),
        response.getBody());
    if (response.getStatusCode() < 400) {
      OpenApiContract.packaged().checkRequest(method, path, request.getHeaderValue("Content-Type"),
          request.getBody());
    }
    return response;
  }

  static HTTPResponse send(com.nimbusds.oauth2.sdk.http.HTTPRequest request) {
    try {
      return request.send();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
