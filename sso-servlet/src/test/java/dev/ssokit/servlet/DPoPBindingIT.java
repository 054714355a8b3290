package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationResponse;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.dpop.JWKThumbprintConfirmation;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.token.AccessTokenType;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Codes and refresh tokens bound to a DPoP key (RFC 9449 §5, §10): {@code dpop_jkt} at {@code /authorize},
 * a DPoP proof at {@code /par}, and the refresh tokens of public clients, over real HTTP with Nimbus.
 */
class DPoPBindingIT {
  private static final Duration GRACE = Duration.ofSeconds(30);
  private static TestProvider provider;
  private static RelyingParty clientA;
  private static RelyingParty spa;
  private static ECKey key;
  private static DefaultDPoPProofFactory proofs;
  private static DefaultDPoPProofFactory otherKey;

  @BeforeAll
  static void start() throws Exception {
    provider = TestProvider.start(s -> s.refreshTokenReuseGrace(GRACE));
    clientA = RelyingParty.clientA(provider);
    spa = RelyingParty.publicClient(provider);
    key = new ECKeyGenerator(Curve.P_256).generate();
    proofs = new DefaultDPoPProofFactory(key, JWSAlgorithm.ES256);
    otherKey = new DefaultDPoPProofFactory(new ECKeyGenerator(Curve.P_256).generate(), JWSAlgorithm.ES256);
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  private static JWKThumbprintConfirmation jkt() throws Exception {
    return JWKThumbprintConfirmation.of(key);
  }

  /** A token request of {@code rp}, with a proof of {@code factory} (or none when null). */
  private static TokenResponse token(RelyingParty rp, AuthorizationGrant grant, DefaultDPoPProofFactory factory)
      throws Exception {
    URI endpoint = provider.uri("/token");
    TokenRequest.Builder builder = rp.auth != null ? new TokenRequest.Builder(endpoint, rp.auth, grant)
        : new TokenRequest.Builder(endpoint, rp.clientId, grant);
    HTTPRequest request = builder.build().toHTTPRequest();
    if (factory != null) {
      request.setDPoP(factory.createDPoPJWT(new JWTID(), "POST", endpoint, Date.from(provider.clock.instant()), null));
    }
    return OIDCTokenResponseParser.parse(RelyingParty.send(request));
  }

  private static AuthorizationCodeGrant codeGrant(RelyingParty rp, RelyingParty.Attempt attempt, String code) {
    return new AuthorizationCodeGrant(new AuthorizationCode(code), rp.redirectUri, attempt.verifier);
  }

  /** A code of {@code rp} requested with {@code dpop_jkt} of {@link #key}. */
  private static String boundCode(RelyingParty rp, RelyingParty.Attempt attempt) throws Exception {
    JWKThumbprintConfirmation jkt = jkt();
    return rp.signIn(provider.browser(), attempt, attempt.uri(b -> b.dPoPJWKThumbprintConfirmation(jkt)));
  }

  private static HTTPResponse push(RelyingParty.Attempt attempt, AuthenticationRequest request,
                                   DefaultDPoPProofFactory factory) throws Exception {
    URI par = provider.uri("/par");
    HTTPRequest http = new PushedAuthorizationRequest(par, clientA.auth, request).toHTTPRequest();
    http.setDPoP(factory.createDPoPJWT(new JWTID(), "POST", par, Date.from(provider.clock.instant()), null));
    return RelyingParty.send(http);
  }

  /** Pushes {@code attempt} with a proof of {@link #key}, signs in through its request_uri and answers the code. */
  private static String pushedBoundCode(RelyingParty.Attempt attempt) throws Exception {
    PushedAuthorizationResponse pushed = PushedAuthorizationResponse.parse(push(attempt,
        AuthenticationRequest.parse(attempt.uri()), proofs));
    assertThat(pushed.indicatesSuccess()).isTrue();
    URI authorize = new AuthorizationRequest.Builder(pushed.toSuccessResponse().getRequestURI(), clientA.clientId)
        .endpointURI(clientA.metadata.getAuthorizationEndpointURI()).build().toURI();
    return clientA.signIn(provider.browser(), attempt, authorize);
  }

  @Test
  void whenCodeWasRequestedWithDpopJktThenOnlyAProofOfThatKeyRedeemsIt() throws Exception {
    RelyingParty.Attempt stolen = clientA.attempt();
    String code = boundCode(clientA, stolen);
    assertThat(AuthorizationCodeFlowIT.error(token(clientA, codeGrant(clientA, stolen, code), otherKey)))
        .isEqualTo("invalid_grant");

    RelyingParty.Attempt noProof = clientA.attempt();
    String second = boundCode(clientA, noProof);
    assertThat(AuthorizationCodeFlowIT.error(token(clientA, codeGrant(clientA, noProof, second), null)))
        .isEqualTo("invalid_grant");

    RelyingParty.Attempt attempt = clientA.attempt();
    String third = boundCode(clientA, attempt);
    TokenResponse ok = token(clientA, codeGrant(clientA, attempt, third), proofs);
    assertThat(AuthorizationCodeFlowIT.oidcTokens(ok).getAccessToken().getType()).isEqualTo(AccessTokenType.DPOP);
  }

  @Test
  void whenDpopJktIsNoThumbprintThenInvalidRequestToTheClient() {
    RelyingParty.Attempt attempt = clientA.attempt();
    HttpResponse<String> r = provider.browser().get(attempt.uri(b -> b.customParameter("dpop_jkt", "short")));
    assertThat(Browser.redirectParams(r)).containsEntry("error", "invalid_request")
        .containsEntry("state", attempt.state.getValue());
  }

  @Test
  void whenParRequestCarriesAProofThenTheCodeIsBoundToItsKey() throws Exception {
    RelyingParty.Attempt stolen = clientA.attempt();
    String code = pushedBoundCode(stolen);
    assertThat(AuthorizationCodeFlowIT.error(token(clientA, codeGrant(clientA, stolen, code), otherKey)))
        .isEqualTo("invalid_grant");

    RelyingParty.Attempt attempt = clientA.attempt();
    String own = pushedBoundCode(attempt);
    assertThat(token(clientA, codeGrant(clientA, attempt, own), proofs).indicatesSuccess()).isTrue();
  }

  @Test
  void whenParRequestProofAndDpopJktNameDifferentKeysThenRefused() throws Exception {
    RelyingParty.Attempt attempt = clientA.attempt();
    JWKThumbprintConfirmation jkt = jkt();
    HTTPResponse r = push(attempt, AuthenticationRequest.parse(attempt.uri(b -> b.dPoPJWKThumbprintConfirmation(jkt))),
        otherKey);
    assertThat(r.getStatusCode()).isEqualTo(400);
    assertThat(r.getBodyAsJSONObject()).containsEntry("error", "invalid_dpop_proof");

    HTTPResponse same = push(attempt, AuthenticationRequest.parse(attempt.uri(b -> b.dPoPJWKThumbprintConfirmation(jkt))),
        proofs);
    assertThat(same.getStatusCode()).as(same.getBody()).isEqualTo(201);
  }

  @Test
  void whenParRequestProofIsInvalidThenInvalidDpopProof() throws Exception {
    RelyingParty.Attempt attempt = clientA.attempt();
    HTTPRequest http = new PushedAuthorizationRequest(provider.uri("/par"), clientA.auth,
        AuthenticationRequest.parse(attempt.uri())).toHTTPRequest();
    // a proof for the token endpoint, not for /par
    http.setDPoP(proofs.createDPoPJWT(new JWTID(), "POST", provider.uri("/token"), Date.from(provider.clock.instant()),
        null));
    HTTPResponse r = RelyingParty.send(http);
    assertThat(r.getStatusCode()).isEqualTo(400);
    assertThat(r.getBodyAsJSONObject()).containsEntry("error", "invalid_dpop_proof");
  }

  /** A public client's refresh token, from a code redeemed with a proof of {@link #key}. */
  private static RefreshToken publicClientRefreshToken() throws Exception {
    RelyingParty.Attempt attempt = spa.attempt(new com.nimbusds.oauth2.sdk.Scope("openid", "offline_access"));
    String code = spa.signIn(provider.browser(), attempt);
    return AuthorizationCodeFlowIT.oidcTokens(token(spa, codeGrant(spa, attempt, code), proofs)).getRefreshToken();
  }

  @Test
  void whenPublicClientRefreshesWithAnotherKeyOrNoProofThenInvalidGrant() throws Exception {
    RefreshToken refresh = publicClientRefreshToken();
    assertThat(AuthorizationCodeFlowIT.error(token(spa, new RefreshTokenGrant(refresh), otherKey)))
        .isEqualTo("invalid_grant");
    assertThat(AuthorizationCodeFlowIT.error(token(spa, new RefreshTokenGrant(refresh), null)))
        .isEqualTo("invalid_grant");

    // the refusals neither rotated nor revoked anything: the holder of the key goes on, bound again
    TokenResponse ok = token(spa, new RefreshTokenGrant(refresh), proofs);
    var tokens = AuthorizationCodeFlowIT.oidcTokens(ok);
    assertThat(tokens.getAccessToken().getType()).isEqualTo(AccessTokenType.DPOP);
    assertThat(AuthorizationCodeFlowIT.error(token(spa, new RefreshTokenGrant(tokens.getRefreshToken()), otherKey)))
        .isEqualTo("invalid_grant");
    assertThat(token(spa, new RefreshTokenGrant(tokens.getRefreshToken()), proofs).indicatesSuccess()).isTrue();
  }

  @Test
  void whenPublicClientReusesARotatedTokenInTheGraceWindowThenOnlyWithItsKey() throws Exception {
    RefreshToken first = publicClientRefreshToken();
    assertThat(token(spa, new RefreshTokenGrant(first), proofs).indicatesSuccess()).isTrue();
    provider.clock.advance(Duration.ofSeconds(2));
    assertThat(AuthorizationCodeFlowIT.error(token(spa, new RefreshTokenGrant(first), otherKey)))
        .isEqualTo("invalid_grant");
    assertThat(token(spa, new RefreshTokenGrant(first), proofs).indicatesSuccess()).isTrue();
  }

  @Test
  void whenConfidentialClientRedeemedWithAProofThenItsRefreshTokenStaysUnbound() throws Exception {
    RelyingParty.Attempt attempt = clientA.attempt();
    String code = clientA.signIn(provider.browser(), attempt);
    RefreshToken refresh = AuthorizationCodeFlowIT.oidcTokens(token(clientA, codeGrant(clientA, attempt, code), proofs))
        .getRefreshToken();
    TokenResponse plain = token(clientA, new RefreshTokenGrant(refresh), null);
    assertThat(AuthorizationCodeFlowIT.oidcTokens(plain).getAccessToken().getType()).isEqualTo(AccessTokenType.BEARER);
  }
}
