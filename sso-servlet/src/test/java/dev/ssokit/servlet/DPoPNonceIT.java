package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import dev.ssokit.contract.MutableClock;
import dev.ssokit.SsoSettings;
import dev.ssokit.memory.InMemoryCache;
import java.net.URI;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Server-provided DPoP nonces (RFC 9449 §8, §9) over real HTTP with Nimbus' proof factory: two instances
 * sharing one cache (as two nodes share Redis), each with its own Jetty.
 */
class DPoPNonceIT {
  private static final MutableClock CLOCK = MutableClock.atNow();
  private static TestProvider instanceA;
  private static TestProvider instanceB;
  private static DefaultDPoPProofFactory proofs;

  @BeforeAll
  static void start() throws Exception {
    InMemoryCache shared = new InMemoryCache(CLOCK);
    instanceA = TestProvider.start(s -> s.dpopNonces(true), b -> b.clock(CLOCK).cache(shared));
    instanceB = TestProvider.start(s -> s.dpopNonces(true), b -> b.clock(CLOCK).cache(shared));
    proofs = new DefaultDPoPProofFactory(new ECKeyGenerator(Curve.P_256).generate(), JWSAlgorithm.ES256);
  }

  @AfterAll
  static void stop() {
    instanceA.close();
    instanceB.close();
  }

  /** A proof issued at the providers' (test) time, which stands still while real time passes. */
  private static SignedJWT proof(String method, URI uri, AccessToken token, String nonce) throws Exception {
    return proofs.createDPoPJWT(new JWTID(), method, uri, Date.from(CLOCK.instant()), token,
        nonce == null ? null : new Nonce(nonce));
  }

  private static HTTPResponse tokenRequest(TestProvider p, String nonce) throws Exception {
    RelyingParty client = RelyingParty.clientA(p);
    URI token = p.uri("/token");
    HTTPRequest request = new TokenRequest.Builder(token, client.auth, new ClientCredentialsGrant())
        .scope(new Scope(TestProvider.API_SCOPE)).build().toHTTPRequest();
    request.setDPoP(proof("POST", token, null, nonce));
    return RelyingParty.sendDocumented(request);
  }

  private static String useDpopNonce(HTTPResponse r) {
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(400);
    assertThat(r.getBody()).contains("\"error\":\"use_dpop_nonce\"");
    String nonce = r.getHeaderValue("DPoP-Nonce");
    assertThat(nonce).isNotBlank();
    return nonce;
  }

  private static AccessToken dpopToken() throws Exception {
    String nonce = useDpopNonce(tokenRequest(instanceA, null));
    HTTPResponse r = tokenRequest(instanceA, nonce);
    TokenResponse parsed = TokenResponse.parse(r);
    assertThat(parsed.indicatesSuccess()).as(r.getBody()).isTrue();
    return parsed.toSuccessResponse().getTokens().getAccessToken();
  }

  @Test
  void whenProofHasNoNonceThenUseDpopNonceAndTheRetryWithTheNonceSucceeds() throws Exception {
    String nonce = useDpopNonce(tokenRequest(instanceA, null));

    HTTPResponse r = tokenRequest(instanceA, nonce);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
    assertThat(TokenResponse.parse(r).toSuccessResponse().getTokens().getAccessToken().getType())
        .isEqualTo(AccessTokenType.DPOP);
    // RFC 9449 §8: the answer carries the nonce for the next proof
    assertThat(r.getHeaderValue("DPoP-Nonce")).isEqualTo(nonce);
  }

  @Test
  void whenNonceIsMadeUpThenUseDpopNonce() throws Exception {
    useDpopNonce(tokenRequest(instanceA, "not-a-nonce-of-this-provider"));
  }

  @Test
  void whenNonceCameFromInstanceAThenInstanceBAcceptsIt() throws Exception {
    String nonce = useDpopNonce(tokenRequest(instanceA, null));
    HTTPResponse r = tokenRequest(instanceB, nonce);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(200);
  }

  @Test
  void whenNonceIsStaleThenUseDpopNonceWithANewOne() throws Exception {
    String old = useDpopNonce(tokenRequest(instanceA, null));
    // still accepted during the next rotation window
    CLOCK.advance(SsoSettings.DPOP_NONCE_ROTATION);
    assertThat(tokenRequest(instanceB, old).getStatusCode()).isEqualTo(200);

    CLOCK.advance(SsoSettings.DPOP_NONCE_ROTATION.multipliedBy(2));
    String fresh = useDpopNonce(tokenRequest(instanceA, old));
    assertThat(fresh).isNotEqualTo(old);
    assertThat(tokenRequest(instanceA, fresh).getStatusCode()).isEqualTo(200);
  }

  @Test
  void whenParRequestProofHasNoNonceThenUseDpopNonceAndTheRetryIsPushed() throws Exception {
    RelyingParty client = RelyingParty.clientA(instanceA);
    URI par = instanceA.uri("/par");
    AuthenticationRequest authorization = AuthenticationRequest.parse(client.attempt().uri());
    HTTPRequest first = new PushedAuthorizationRequest(par, client.auth, authorization).toHTTPRequest();
    first.setDPoP(proof("POST", par, null, null));
    String nonce = useDpopNonce(RelyingParty.sendDocumented(first));

    HTTPRequest retry = new PushedAuthorizationRequest(par, client.auth, authorization).toHTTPRequest();
    retry.setDPoP(proof("POST", par, null, nonce));
    HTTPResponse r = RelyingParty.sendDocumented(retry);
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(201);
  }

  @Test
  void whenResourceGetsAProofWithoutNonceThen401UseDpopNonceAndTheRetrySucceeds() throws Exception {
    AccessToken token = dpopToken();
    URI api = instanceA.uri("/api/me");
    HTTPRequest first = new HTTPRequest(HTTPRequest.Method.GET, api);
    first.setAuthorization(new DPoPAccessToken(token.getValue()).toAuthorizationHeader());
    first.setDPoP(proof("GET", api, token, null));
    HTTPResponse refused = RelyingParty.send(first);
    assertThat(refused.getStatusCode()).isEqualTo(401);
    assertThat(refused.getHeaderValue("WWW-Authenticate")).startsWith("DPoP ").contains("error=\"use_dpop_nonce\"");
    String nonce = refused.getHeaderValue("DPoP-Nonce");
    assertThat(nonce).isNotBlank();

    HTTPRequest retry = new HTTPRequest(HTTPRequest.Method.GET, api);
    retry.setAuthorization(new DPoPAccessToken(token.getValue()).toAuthorizationHeader());
    retry.setDPoP(proof("GET", api, token, nonce));
    HTTPResponse ok = RelyingParty.send(retry);
    assertThat(ok.getStatusCode()).as(ok.getBody()).isEqualTo(200);
  }

  @Test
  void whenUserInfoGetsAProofWithoutNonceThen401UseDpopNonce() throws Exception {
    AccessToken token = dpopToken();
    URI userinfo = instanceA.uri("/userinfo");
    HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, userinfo);
    request.setAuthorization(new DPoPAccessToken(token.getValue()).toAuthorizationHeader());
    request.setDPoP(proof("GET", userinfo, token, null));
    HTTPResponse refused = RelyingParty.sendDocumented(request);
    assertThat(refused.getStatusCode()).isEqualTo(401);
    assertThat(refused.getHeaderValue("WWW-Authenticate")).startsWith("DPoP ").contains("error=\"use_dpop_nonce\"");
    assertThat(refused.getHeaderValue("DPoP-Nonce")).isNotBlank();
  }
}
