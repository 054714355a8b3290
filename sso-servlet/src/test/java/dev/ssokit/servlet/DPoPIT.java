package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import dev.ssokit.ClientRegistration;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientOptions;
import java.net.URI;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DPoP (RFC 9449) at the token endpoint, UserInfo and BearerTokenFilter, with Nimbus' DPoP proof factory. */
class DPoPIT {
  private static TestProvider provider;
  private static RelyingParty clientA;
  private static RelyingParty dpopOnly;
  private static ECKey key;
  private static DefaultDPoPProofFactory proofs;
  private static URI tokenEndpoint;

  @BeforeAll
  static void start() throws Exception {
    provider = TestProvider.start();
    clientA = RelyingParty.clientA(provider);
    String secret = provider.provider.clients().register(new ClientRegistration("dpop-only", null, List.of(),
        List.of(), Set.of("client_credentials"), Set.of(TestProvider.API_SCOPE), Client.AUTH_CLIENT_SECRET_BASIC,
        null, null).withOptions(ClientOptions.builder().dpopBoundAccessTokens(true).build())).clientSecret();
    dpopOnly = RelyingParty.confidential(provider, "dpop-only", secret);
    key = new ECKeyGenerator(Curve.P_256).keyID("dpop").generate();
    proofs = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
    tokenEndpoint = provider.uri("/token");
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  private static HTTPRequest tokenRequest(RelyingParty rp, AuthorizationGrant grant) {
    return new TokenRequest.Builder(tokenEndpoint, rp.auth, grant).scope(
        grant instanceof ClientCredentialsGrant ? new Scope(TestProvider.API_SCOPE) : null).build().toHTTPRequest();
  }

  /** A proof issued at the provider's (test) time, which stands still while real time passes. */
  private static SignedJWT proof(DefaultDPoPProofFactory factory, String method, URI uri, AccessToken token)
      throws Exception {
    return factory.createDPoPJWT(new JWTID(), method, uri, Date.from(provider.clock.instant()), token);
  }

  private static HTTPResponse withProof(HTTPRequest request, SignedJWT proof) {
    request.setDPoP(proof);
    return RelyingParty.sendDocumented(request);
  }

  private static AccessToken dpopToken() throws Exception {
    HTTPResponse r = withProof(tokenRequest(clientA, new ClientCredentialsGrant()),
        proof(proofs, "POST", tokenEndpoint, null));
    TokenResponse parsed = TokenResponse.parse(r);
    assertThat(parsed.indicatesSuccess()).as(r.getBody()).isTrue();
    return parsed.toSuccessResponse().getTokens().getAccessToken();
  }

  private static void assertInvalidProof(HTTPResponse r) {
    assertThat(r.getStatusCode()).isEqualTo(400);
    assertThat(r.getBody()).contains("\"error\":\"invalid_dpop_proof\"");
  }

  @Test
  void whenDiscoveryIsReadThenDpopAlgorithmsAreAdvertised() {
    assertThat(clientA.metadata.getDPoPJWSAlgs()).contains(JWSAlgorithm.ES256, JWSAlgorithm.RS256)
        .doesNotContain(JWSAlgorithm.HS256);
  }

  @Test
  void whenTokenRequestCarriesAProofThenTheTokenIsDpopBoundToItsKey() throws Exception {
    AccessToken token = dpopToken();
    assertThat(token.getType()).isEqualTo(AccessTokenType.DPOP);
    var verified = provider.provider.verifyAccessToken(token.getValue()).orElseThrow();
    assertThat(verified.claims().get("cnf")).isEqualTo(Map.of("jkt",
        JWKThumbprintConfirmation.of(key).getValue().toString()));
  }

  @Test
  void whenProofIsReplayedThenInvalidDpopProof() throws Exception {
    SignedJWT proof = proof(proofs, "POST", tokenEndpoint, null);
    assertThat(withProof(tokenRequest(clientA, new ClientCredentialsGrant()), proof).getStatusCode()).isEqualTo(200);
    assertInvalidProof(withProof(tokenRequest(clientA, new ClientCredentialsGrant()), proof));
  }

  @Test
  void whenProofIsForAnotherUrlOrMethodThenInvalidDpopProof() throws Exception {
    assertInvalidProof(withProof(tokenRequest(clientA, new ClientCredentialsGrant()),
        proof(proofs, "POST", provider.uri("/userinfo"), null)));
    assertInvalidProof(withProof(tokenRequest(clientA, new ClientCredentialsGrant()),
        proof(proofs, "GET", tokenEndpoint, null)));
  }

  @Test
  void whenProofIsTooOldThenInvalidDpopProof() throws Exception {
    Date old = Date.from(provider.clock.instant().minusSeconds(300));
    assertInvalidProof(withProof(tokenRequest(clientA, new ClientCredentialsGrant()),
        proofs.createDPoPJWT(new JWTID(), "POST", tokenEndpoint, old, null)));
  }

  @Test
  void whenProofIsNotAJwtThenInvalidDpopProof() {
    HTTPRequest request = tokenRequest(clientA, new ClientCredentialsGrant());
    request.setHeader("DPoP", "not-a-jwt");
    assertInvalidProof(RelyingParty.sendDocumented(request));
  }

  @Test
  void whenClientRequiresDpopAndSendsNoProofThenInvalidDpopProof() throws Exception {
    assertInvalidProof(RelyingParty.sendDocumented(tokenRequest(dpopOnly, new ClientCredentialsGrant())));
    HTTPResponse ok = withProof(tokenRequest(dpopOnly, new ClientCredentialsGrant()),
        proof(proofs, "POST", tokenEndpoint, null));
    assertThat(ok.getStatusCode()).isEqualTo(200);
    assertThat(ok.getBody()).contains("\"token_type\":\"DPoP\"");
  }

  @Test
  void whenBoundTokenIsPresentedWithItsProofThenTheApiAnswers() throws Exception {
    AccessToken token = dpopToken();
    URI api = provider.uri("/api/me");
    HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, api);
    request.setAuthorization(new DPoPAccessToken(token.getValue()).toAuthorizationHeader());
    request.setDPoP(proof(proofs, "GET", api, token));
    HTTPResponse r = RelyingParty.send(request);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
  }

  @Test
  void whenBoundTokenIsPresentedAsBearerOrWithAnotherKeyThenTheApiRefuses() throws Exception {
    AccessToken token = dpopToken();
    URI api = provider.uri("/api/me");
    HTTPRequest asBearer = new HTTPRequest(HTTPRequest.Method.GET, api);
    asBearer.setAuthorization(new BearerAccessToken(token.getValue()).toAuthorizationHeader());
    assertThat(RelyingParty.send(asBearer).getStatusCode()).isEqualTo(401);

    DefaultDPoPProofFactory other = new DefaultDPoPProofFactory(new ECKeyGenerator(Curve.P_256).generate(),
        JWSAlgorithm.ES256);
    HTTPRequest stolen = new HTTPRequest(HTTPRequest.Method.GET, api);
    stolen.setAuthorization(new DPoPAccessToken(token.getValue()).toAuthorizationHeader());
    stolen.setDPoP(proof(other, "GET", api, token));
    HTTPResponse r = RelyingParty.send(stolen);
    assertThat(r.getStatusCode()).isEqualTo(401);
    assertThat(r.getHeaderValue("WWW-Authenticate")).startsWith("DPoP ").contains("algs=");

    HTTPRequest noAth = new HTTPRequest(HTTPRequest.Method.GET, api);
    noAth.setAuthorization(new DPoPAccessToken(token.getValue()).toAuthorizationHeader());
    noAth.setDPoP(proof(proofs, "GET", api, null));
    assertThat(RelyingParty.send(noAth).getStatusCode()).isEqualTo(401);
  }

  @Test
  void whenCodeIsRedeemedWithAProofThenUserInfoNeedsTheProofToo() throws Exception {
    RelyingParty.Attempt attempt = clientA.attempt();
    String code = clientA.signIn(provider.browser(), attempt);
    HTTPRequest redeem = new TokenRequest.Builder(tokenEndpoint, clientA.auth, new AuthorizationCodeGrant(
        new AuthorizationCode(code), clientA.redirectUri, attempt.verifier)).build().toHTTPRequest();
    TokenResponse parsed = OIDCTokenResponseParser.parse(withProof(redeem, proof(proofs, "POST", tokenEndpoint,
        null)));
    AccessToken token = parsed.toSuccessResponse().getTokens().getAccessToken();
    assertThat(token.getType()).isEqualTo(AccessTokenType.DPOP);
    URI userinfo = provider.uri("/userinfo");

    HTTPRequest ok = new UserInfoRequest(userinfo, (DPoPAccessToken) token).toHTTPRequest();
    ok.setDPoP(proof(proofs, "GET", userinfo, token));
    HTTPResponse r = RelyingParty.sendDocumented(ok);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    assertThat(r.getBodyAsJSONObject()).containsEntry("sub", provider.userId);

    HTTPRequest noProof = new UserInfoRequest(userinfo, (DPoPAccessToken) token).toHTTPRequest();
    HTTPResponse refused = RelyingParty.sendDocumented(noProof);
    assertThat(refused.getStatusCode()).isEqualTo(401);
    assertThat(refused.getHeaderValue("WWW-Authenticate")).contains("invalid_dpop_proof");

    HTTPRequest asBearer = new UserInfoRequest(userinfo, new BearerAccessToken(token.getValue())).toHTTPRequest();
    assertThat(RelyingParty.sendDocumented(asBearer).getStatusCode()).isEqualTo(401);
  }

  @Test
  void whenPlainBearerTokenIsUsedThenNothingChanges() throws Exception {
    AccessToken token = clientA.clientCredentials(new Scope(TestProvider.API_SCOPE), null).toSuccessResponse()
        .getTokens().getAccessToken();
    assertThat(token.getType()).isEqualTo(AccessTokenType.BEARER);
    HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, provider.uri("/api/me"));
    request.setAuthorization(token.toAuthorizationHeader());
    assertThat(RelyingParty.send(request).getStatusCode()).isEqualTo(200);
  }
}
