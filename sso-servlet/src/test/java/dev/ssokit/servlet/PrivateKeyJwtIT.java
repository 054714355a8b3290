package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenIntrospectionResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.JWTAuthenticationClaimsSet;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.JWTID;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.sun.net.httpserver.HttpServer;
import dev.ssokit.ClientRegistration;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** private_key_jwt client authentication (RFC 7523 §2.2, FAPI 2.0 audience rule) with Nimbus' client side. */
class PrivateKeyJwtIT {
  private static final ClientID INLINE = new ClientID("pkjwt-inline");
  private static final ClientID REMOTE = new ClientID("pkjwt-remote");
  private static TestProvider provider;
  private static HttpServer jwksServer;
  private static final AtomicReference<String> PUBLISHED = new AtomicReference<>();
  private static RSAKey rsaKey;
  private static ECKey ecKey;
  private static URI tokenEndpoint;

  @BeforeAll
  static void start() throws Exception {
    provider = TestProvider.start(UnaryOperator.identity(), b -> b.allowLoopbackFetchesForTests());
    rsaKey = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
    ecKey = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
    jwksServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    jwksServer.createContext("/jwks", x -> {
      byte[] body = PUBLISHED.get().getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().add("Content-Type", "application/json");
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    jwksServer.start();
    PUBLISHED.set(new JWKSet(ecKey.toPublicJWK()).toString());
    register(INLINE, ClientOptions.builder().jwks(new JWKSet(rsaKey.toPublicJWK()).toString()).build());
    register(REMOTE, ClientOptions.builder()
        .jwksUri(URI.create("http://127.0.0.1:" + jwksServer.getAddress().getPort() + "/jwks"))
        .tokenEndpointAuthSigningAlg("ES256").build());
    tokenEndpoint = provider.uri("/token");
  }

  private static void register(ClientID id, ClientOptions options) {
    var registered = provider.provider.clients().register(new ClientRegistration(id.getValue(), id.getValue(),
        List.of(), List.of(), Set.of("client_credentials"), Set.of(TestProvider.API_SCOPE),
        Client.AUTH_PRIVATE_KEY_JWT, null, null).withOptions(options));
    assertThat(registered.clientSecret()).isNull();
  }

  @AfterAll
  static void stop() {
    jwksServer.stop(0);
    provider.close();
  }

  private static JWTAuthenticationClaimsSet claims(ClientID id, String aud, int expiresInSeconds) {
    Date exp = Date.from(provider.clock.instant().plusSeconds(expiresInSeconds));
    return new JWTAuthenticationClaimsSet(new Issuer(id), id, new Audience(aud).toSingleAudienceList(), exp, null,
        Date.from(provider.clock.instant()), new JWTID());
  }

  private static PrivateKeyJWT rsaAssertion(JWTAuthenticationClaimsSet claims) throws Exception {
    return new PrivateKeyJWT(claims, JWSAlgorithm.RS256, rsaKey.toRSAPrivateKey(), rsaKey.getKeyID(), null);
  }

  private static TokenResponse token(PrivateKeyJWT auth) throws Exception {
    return TokenResponse.parse(RelyingParty.send(new TokenRequest.Builder(tokenEndpoint, auth,
        new ClientCredentialsGrant()).scope(new Scope(TestProvider.API_SCOPE)).build().toHTTPRequest()));
  }

  private static void assertInvalidClient(TokenResponse r) {
    assertThat(r.indicatesSuccess()).isFalse();
    TokenErrorResponse error = r.toErrorResponse();
    assertThat(error.getErrorObject().getCode()).as(error.getErrorObject().toJSONObject().toString())
        .isEqualTo("invalid_client");
    assertThat(error.getErrorObject().getHTTPStatusCode()).isEqualTo(401);
  }

  @Test
  void whenDiscoveryIsReadThenPrivateKeyJwtIsAdvertised() throws Exception {
    AuthorizationServerMetadata m = AuthorizationServerMetadata.resolve(new Issuer(provider.issuer));
    assertThat(m.getTokenEndpointAuthMethods()).extracting(Object::toString).contains("private_key_jwt");
    assertThat(m.getTokenEndpointJWSAlgs()).contains(JWSAlgorithm.RS256, JWSAlgorithm.ES256)
        .doesNotContain(JWSAlgorithm.HS256);
  }

  @Test
  void whenAssertionIsSignedByRegisteredKeyForTheIssuerThenTokenIsIssued() throws Exception {
    TokenResponse r = token(rsaAssertion(claims(INLINE, provider.issuer, 60)));
    assertThat(r.indicatesSuccess()).as(() -> r.toErrorResponse().getErrorObject().toJSONObject().toString()).isTrue();
    AccessToken at = r.toSuccessResponse().getTokens().getAccessToken();
    assertThat(provider.provider.verifyAccessToken(at.getValue()).orElseThrow().clientId()).isEqualTo(INLINE.getValue());
  }

  @Test
  void whenAssertionIsReplayedThenInvalidClient() throws Exception {
    PrivateKeyJWT once = rsaAssertion(claims(INLINE, provider.issuer, 60));
    assertThat(token(once).indicatesSuccess()).isTrue();
    assertInvalidClient(token(once));
  }

  @Test
  void whenAudienceIsTheTokenEndpointThenInvalidClient() throws Exception {
    // FAPI 2.0 §5.3.2.1 / RFC 7523bis: only the issuer identifier, against audience injection
    assertInvalidClient(token(rsaAssertion(claims(INLINE, tokenEndpoint.toString(), 60))));
  }

  @Test
  void whenAudienceIsAnArrayHoldingTheIssuerThenInvalidClient() throws Exception {
    JWTAuthenticationClaimsSet c = claims(INLINE, provider.issuer, 60);
    JWTClaimsSet array = new JWTClaimsSet.Builder(c.toJWTClaimsSet()).audience(List.of(provider.issuer, "x")).build();
    assertInvalidClient(token(rsaAssertion(JWTAuthenticationClaimsSet.parse(array))));
  }

  @Test
  void whenExpiryIsTooFarAheadOrPastThenInvalidClient() throws Exception {
    assertInvalidClient(token(rsaAssertion(claims(INLINE, provider.issuer, 3600))));
    assertInvalidClient(token(rsaAssertion(claims(INLINE, provider.issuer, -5))));
  }

  @Test
  void whenAssertionIsSignedByAnotherKeyThenInvalidClient() throws Exception {
    RSAKey other = new RSAKeyGenerator(2048).keyID(rsaKey.getKeyID()).generate();
    assertInvalidClient(token(new PrivateKeyJWT(claims(INLINE, provider.issuer, 60), JWSAlgorithm.RS256,
        other.toRSAPrivateKey(), other.getKeyID(), null)));
  }

  @Test
  void whenIssuerIsNotTheSubjectThenInvalidClient() throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder(claims(INLINE, provider.issuer, 60).toJWTClaimsSet())
        .issuer("someone-else").build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(rsaKey.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(rsaKey));
    HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, tokenEndpoint);
    request.setContentType("application/x-www-form-urlencoded");
    request.setBody("grant_type=client_credentials&client_assertion_type="
        + "urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=" + jwt.serialize());
    HTTPResponse r = RelyingParty.send(request);
    assertThat(r.getStatusCode()).isIn(400, 401);
    assertThat(r.getBodyAsJSONObject().get("error")).isIn("invalid_client", "invalid_request");
  }

  @Test
  void whenKeysComeFromJwksUriThenTheyAreFetchedAndRotatedKeysPickedUp() throws Exception {
    PrivateKeyJWT auth = new PrivateKeyJWT(claims(REMOTE, provider.issuer, 60), JWSAlgorithm.ES256,
        ecKey.toECPrivateKey(), ecKey.getKeyID(), null);
    assertThat(token(auth).indicatesSuccess()).isTrue();
    ECKey rotated = new ECKeyGenerator(Curve.P_256).keyID("ec-2").generate();
    PUBLISHED.set(new JWKSet(List.of(ecKey.toPublicJWK(), rotated.toPublicJWK())).toString());
    provider.clock.advance(java.time.Duration.ofSeconds(40));
    PrivateKeyJWT withRotated = new PrivateKeyJWT(claims(REMOTE, provider.issuer, 60), JWSAlgorithm.ES256,
        rotated.toECPrivateKey(), rotated.getKeyID(), null);
    assertThat(token(withRotated).indicatesSuccess()).isTrue();
  }

  @Test
  void whenClientRegisteredEs256AndSignsWithRs256ThenInvalidClient() throws Exception {
    PUBLISHED.set(new JWKSet(List.of(ecKey.toPublicJWK(), rsaKey.toPublicJWK())).toString());
    assertInvalidClient(token(new PrivateKeyJWT(claims(REMOTE, provider.issuer, 60), JWSAlgorithm.RS256,
        rsaKey.toRSAPrivateKey(), rsaKey.getKeyID(), null)));
  }

  @Test
  void whenSecretBasedClientSendsAnAssertionThenInvalidClient() throws Exception {
    ClientID a = new ClientID(TestProvider.CLIENT_A);
    assertInvalidClient(token(rsaAssertion(claims(a, provider.issuer, 60))));
  }

  @Test
  void whenAssertionAuthenticatesIntrospectionAndRevocationThenTheyAnswer() throws Exception {
    AccessToken at = token(rsaAssertion(claims(INLINE, provider.issuer, 60))).toSuccessResponse().getTokens()
        .getAccessToken();
    TokenIntrospectionResponse i = TokenIntrospectionResponse.parse(RelyingParty.send(new TokenIntrospectionRequest(
        provider.uri("/introspect"), rsaAssertion(claims(INLINE, provider.issuer, 60)), at).toHTTPRequest()));
    assertThat(i.toSuccessResponse().isActive()).isTrue();
    HTTPResponse revoked = RelyingParty.send(new TokenRevocationRequest(provider.uri("/revoke"),
        rsaAssertion(claims(INLINE, provider.issuer, 60)), at).toHTTPRequest());
    assertThat(revoked.getStatusCode()).isEqualTo(200);
    assertThat(provider.provider.verifyAccessToken(at.getValue())).isEmpty();
  }

  @Test
  void whenPrivateKeyJwtClientHasNoKeysThenRegistrationIsRefused() {
    assertThatThrownBy(() -> provider.provider.clients().register(new ClientRegistration("pkjwt-nokeys", null,
        List.of(), List.of(), Set.of("client_credentials"), Set.of(TestProvider.API_SCOPE),
        Client.AUTH_PRIVATE_KEY_JWT, null, null))).hasMessageContaining("jwks");
  }
}
