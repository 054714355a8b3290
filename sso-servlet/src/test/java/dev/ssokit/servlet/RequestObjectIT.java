package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCClaimsRequest;
import com.nimbusds.openid.connect.sdk.claims.ClaimsSetRequest;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.ssokit.ClientRegistration;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientOptions;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Request objects by value (OIDC Core §6.1, RFC 9101), built and signed with Nimbus' client side. */
class RequestObjectIT {
  private static final URI REDIRECT = URI.create("https://ro.example.com/callback");
  private static final URI FORM_POST_REDIRECT = URI.create("https://ro.example.com/form-post");
  private static TestProvider provider;
  private static RSAKey rsaKey;
  private static ECKey ecKey;
  private static OctetKeyPair edKey;
  private static RelyingParty anyAlg;
  private static RelyingParty es256Only;
  private static RelyingParty unsignedAllowed;

  @BeforeAll
  static void start() throws Exception {
    provider = TestProvider.start();
    rsaKey = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ecKey = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    edKey = new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed-1").generate();
    anyAlg = register("ro-any", ClientOptions.builder()
        .jwks(new JWKSet(List.<JWK>of(rsaKey.toPublicJWK(), edKey.toPublicJWK())).toString()).build());
    es256Only = register("ro-es256", ClientOptions.builder().jwks(new JWKSet(ecKey.toPublicJWK()).toString())
        .requestObjectSigningAlg("ES256").build());
    unsignedAllowed = register("ro-none", ClientOptions.builder().requestObjectSigningAlg("none").build());
  }

  private static RelyingParty register(String clientId, ClientOptions options) {
    String secret = provider.provider.clients().register(new ClientRegistration(clientId, clientId,
        List.of(REDIRECT, FORM_POST_REDIRECT), List.of(), Set.of("authorization_code"),
        Set.of("openid", "profile", "email"), Client.AUTH_CLIENT_SECRET_BASIC, null, null).withOptions(options))
        .clientSecret();
    return RelyingParty.of(provider, clientId, secret, REDIRECT);
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  /** The parameters of one authorization request as a JWT claims set (a confidential client: nonce, no PKCE). */
  private static JWTClaimsSet claims(RelyingParty rp, RelyingParty.Attempt attempt,
                                     UnaryOperator<AuthenticationRequest.Builder> custom) {
    AuthenticationRequest request = custom.apply(new AuthenticationRequest.Builder(ResponseType.CODE, attempt.scope,
        rp.clientId, rp.redirectUri).state(attempt.state).nonce(attempt.nonce)).build();
    return new JWTClaimsSet.Builder(request.toJWTClaimsSet()).issuer(rp.clientId.getValue())
        .audience(provider.issuer).expirationTime(Date.from(provider.clock.instant().plusSeconds(300))).build();
  }

  private static SignedJWT sign(JWTClaimsSet claims, JWSAlgorithm alg, JWK key, JWSSigner signer) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID())
        .type(new JOSEObjectType("oauth-authz-req+jwt")).build(), claims);
    jwt.sign(signer);
    return jwt;
  }

  /** RFC 9101 §5.1: only client_id and request outside the object. */
  private static URI byValue(RelyingParty rp, JWT requestObject) {
    return new AuthenticationRequest.Builder(requestObject, rp.clientId)
        .endpointURI(rp.metadata.getAuthorizationEndpointURI()).build().toURI();
  }

  /** OIDC Core §6.1 style: the required parameters outside as well, so errors can go to the redirect URI. */
  private static URI withOuterParameters(RelyingParty rp, JWT requestObject) {
    return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"), rp.clientId, rp.redirectUri)
        .state(new State("outer-state")).requestObject(requestObject)
        .endpointURI(rp.metadata.getAuthorizationEndpointURI()).build().toURI();
  }

  /** Signs in through {@code uri} and redeems the code (no PKCE: the request object carries a nonce). */
  private static IDTokenClaimsSet signInAndRedeem(RelyingParty rp, RelyingParty.Attempt attempt, URI uri)
      throws Exception {
    assertThat(uri.getRawQuery()).doesNotContain("nonce=").doesNotContain("redirect_uri=");
    Browser browser = provider.browser();
    HttpResponse<String> r = browser.loginAndConsent(browser.open(uri), TestProvider.USERNAME, TestProvider.PASSWORD);
    Map<String, String> callback = attempt.callback(r);
    assertThat(callback).containsEntry("state", attempt.state.getValue());
    OIDCTokens tokens = AuthorizationCodeFlowIT.oidcTokens(attempt.redeem(callback.get("code"), null));
    IDTokenClaimsSet id = new IDTokenClaimsSet(tokens.getIDToken().getJWTClaimsSet());
    assertThat(id.getNonce()).isEqualTo(attempt.nonce);
    return id;
  }

  @Test
  void whenRequestObjectIsSignedWithRs256ThenItsParametersAreUsed() throws Exception {
    RelyingParty.Attempt attempt = anyAlg.attempt(new Scope("openid", "email"));
    OIDCClaimsRequest claims = new OIDCClaimsRequest().withIDTokenClaimsRequest(new ClaimsSetRequest().add("email"));
    SignedJWT jwt = sign(claims(anyAlg, attempt, b -> b.claims(claims).maxAge(3600)), JWSAlgorithm.RS256, rsaKey,
        new RSASSASigner(rsaKey));
    IDTokenClaimsSet id = signInAndRedeem(anyAlg, attempt, byValue(anyAlg, jwt));
    assertThat(id.getSubject().getValue()).isEqualTo(provider.userId);
    assertThat(id.getStringClaim("email")).isEqualTo(TestProvider.EMAIL);
  }

  @Test
  void whenRequestObjectIsSignedWithPs256ThenSignInSucceeds() throws Exception {
    RelyingParty.Attempt attempt = anyAlg.attempt(new Scope("openid"));
    SignedJWT jwt = sign(claims(anyAlg, attempt, UnaryOperator.identity()), JWSAlgorithm.PS256, rsaKey,
        new RSASSASigner(rsaKey));
    signInAndRedeem(anyAlg, attempt, byValue(anyAlg, jwt));
  }

  @Test
  void whenRequestObjectIsSignedWithEdDsaThenSignInSucceeds() throws Exception {
    RelyingParty.Attempt attempt = anyAlg.attempt(new Scope("openid"));
    SignedJWT jwt = sign(claims(anyAlg, attempt, UnaryOperator.identity()), JWSAlgorithm.EdDSA, edKey,
        new Ed25519Signer(edKey));
    signInAndRedeem(anyAlg, attempt, byValue(anyAlg, jwt));
  }

  @Test
  void whenRequestObjectIsSignedWithEs256ThenSignInSucceeds() throws Exception {
    RelyingParty.Attempt attempt = es256Only.attempt(new Scope("openid"));
    SignedJWT jwt = sign(claims(es256Only, attempt, UnaryOperator.identity()), JWSAlgorithm.ES256, ecKey,
        new ECDSASigner(ecKey));
    signInAndRedeem(es256Only, attempt, byValue(es256Only, jwt));
  }

  @Test
  void whenClientRegisteredEs256AndObjectIsSignedWithAnotherAlgorithmThenInvalidRequestObject() throws Exception {
    RelyingParty.Attempt attempt = es256Only.attempt(new Scope("openid"));
    SignedJWT jwt = sign(claims(es256Only, attempt, UnaryOperator.identity()), JWSAlgorithm.RS256, rsaKey,
        new RSASSASigner(rsaKey));
    assertThat(Browser.redirectParams(provider.browser().get(withOuterParameters(es256Only, jwt))))
        .containsEntry("error", "invalid_request_object");
  }

  @Test
  void whenUnsignedRequestObjectAndClientRegisteredNoneThenSignInSucceeds() throws Exception {
    RelyingParty.Attempt attempt = unsignedAllowed.attempt(new Scope("openid"));
    PlainJWT jwt = new PlainJWT(claims(unsignedAllowed, attempt, UnaryOperator.identity()));
    signInAndRedeem(unsignedAllowed, attempt, byValue(unsignedAllowed, jwt));
  }

  @Test
  void whenUnsignedRequestObjectAndClientDidNotRegisterNoneThenInvalidRequestObject() {
    RelyingParty.Attempt attempt = anyAlg.attempt(new Scope("openid"));
    PlainJWT jwt = new PlainJWT(claims(anyAlg, attempt, UnaryOperator.identity()));
    Map<String, String> error = Browser.redirectParams(provider.browser().get(withOuterParameters(anyAlg, jwt)));
    assertThat(error).containsEntry("error", "invalid_request_object").containsEntry("iss", provider.issuer);
  }

  @Test
  void whenSignatureIsByAnUnregisteredKeyThenInvalidRequestObject() throws Exception {
    RelyingParty.Attempt attempt = anyAlg.attempt(new Scope("openid"));
    RSAKey other = new RSAKeyGenerator(2048).keyID(rsaKey.getKeyID()).generate();
    SignedJWT jwt = sign(claims(anyAlg, attempt, UnaryOperator.identity()), JWSAlgorithm.RS256, other,
        new RSASSASigner(other));
    HttpResponse<String> r = provider.browser().get(withOuterParameters(anyAlg, jwt));
    assertThat(Browser.location(r).orElseThrow().toString()).startsWith(REDIRECT + "?");
    assertThat(Browser.redirectParams(r)).containsEntry("error", "invalid_request_object");
  }

  @Test
  void whenRequestObjectIsExpiredThenInvalidRequestObject() throws Exception {
    RelyingParty.Attempt attempt = anyAlg.attempt(new Scope("openid"));
    JWTClaimsSet expired = new JWTClaimsSet.Builder(claims(anyAlg, attempt, UnaryOperator.identity()))
        .expirationTime(Date.from(provider.clock.instant().minus(Duration.ofMinutes(10)))).build();
    SignedJWT jwt = sign(expired, JWSAlgorithm.RS256, rsaKey, new RSASSASigner(rsaKey));
    assertThat(Browser.redirectParams(provider.browser().get(withOuterParameters(anyAlg, jwt))))
        .containsEntry("error", "invalid_request_object");
  }

  @Test
  void whenRequestObjectIsForAnotherAudienceThenInvalidRequestObject() throws Exception {
    RelyingParty.Attempt attempt = anyAlg.attempt(new Scope("openid"));
    JWTClaimsSet other = new JWTClaimsSet.Builder(claims(anyAlg, attempt, UnaryOperator.identity()))
        .audience("https://another-server.example.com").build();
    SignedJWT jwt = sign(other, JWSAlgorithm.RS256, rsaKey, new RSASSASigner(rsaKey));
    assertThat(Browser.redirectParams(provider.browser().get(withOuterParameters(anyAlg, jwt))))
        .containsEntry("error", "invalid_request_object");
  }

  @Test
  void whenRequestObjectAsksForFormPostAndAnotherRedirectUriThenTheyWinOverTheOuterParameters() throws Exception {
    RelyingParty.Attempt attempt = anyAlg.attempt(new Scope("openid"));
    SignedJWT jwt = sign(claims(anyAlg, attempt, b -> b.redirectionURI(FORM_POST_REDIRECT)
        .responseMode(ResponseMode.FORM_POST)), JWSAlgorithm.RS256, rsaKey, new RSASSASigner(rsaKey));
    // The outer request says: query response to the other redirect URI, another state.
    URI uri = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"), anyAlg.clientId, REDIRECT)
        .state(new State("outer-state")).nonce(new Nonce()).requestObject(jwt)
        .endpointURI(anyAlg.metadata.getAuthorizationEndpointURI()).build().toURI();
    Browser browser = provider.browser();
    HttpResponse<String> r = browser.loginAndConsent(browser.open(uri), TestProvider.USERNAME, TestProvider.PASSWORD);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(Browser.formAction(r)).isEqualTo(FORM_POST_REDIRECT);
    Map<String, String> fields = Browser.hiddenFields(r.body());
    assertThat(fields).containsEntry("state", attempt.state.getValue()).containsEntry("iss", provider.issuer)
        .containsKey("code");
    var redeemed = anyAlg.token(new com.nimbusds.oauth2.sdk.AuthorizationCodeGrant(
        new com.nimbusds.oauth2.sdk.AuthorizationCode(fields.get("code")), FORM_POST_REDIRECT, (CodeVerifier) null));
    assertThat(new IDTokenClaimsSet(AuthorizationCodeFlowIT.oidcTokens(redeemed).getIDToken().getJWTClaimsSet())
        .getNonce()).isEqualTo(attempt.nonce);
  }

  @Test
  void whenClientIdInsideDiffersThenInvalidRequestObject() throws Exception {
    RelyingParty.Attempt attempt = anyAlg.attempt(new Scope("openid"));
    JWTClaimsSet other = new JWTClaimsSet.Builder(claims(anyAlg, attempt, UnaryOperator.identity()))
        .claim("client_id", new ClientID("webapp").getValue()).build();
    SignedJWT jwt = sign(other, JWSAlgorithm.RS256, rsaKey, new RSASSASigner(rsaKey));
    assertThat(Browser.redirectParams(provider.browser().get(withOuterParameters(anyAlg, jwt))))
        .containsEntry("error", "invalid_request_object");
  }

  @Test
  void whenRequestUriIsGivenThenRequestUriNotSupported() {
    URI uri = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"), anyAlg.clientId, REDIRECT)
        .requestURI(URI.create("https://ro.example.com/request.jwt"))
        .endpointURI(anyAlg.metadata.getAuthorizationEndpointURI()).build().toURI();
    assertThat(Browser.redirectParams(provider.browser().get(uri))).containsEntry("error", "request_uri_not_supported");
  }

  @Test
  void whenRequestObjectIsInvalidAndNoRegisteredRedirectUriIsNamedOutsideThenErrorPageAndNoRedirect() {
    RelyingParty.Attempt attempt = anyAlg.attempt(new Scope("openid"));
    PlainJWT jwt = new PlainJWT(claims(anyAlg, attempt, UnaryOperator.identity()));
    HttpResponse<String> r = provider.browser().get(byValue(anyAlg, jwt));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Location")).isEmpty();
    assertThat(r.body()).contains("unsigned request objects are not allowed");
  }
}
