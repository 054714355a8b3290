package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretJWT;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoProvider;
import dev.ssokit.SsoSettings;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientOptions;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * client_secret_jwt client authentication (RFC 7523 §2.2, OIDC Core §9) with Nimbus' {@link ClientSecretJWT}:
 * the secret is kept encrypted (an HMAC needs it), the assertion follows the private_key_jwt rules.
 */
class ClientSecretJwtIT {
  private static final ClientID CLIENT = new ClientID("csjwt");
  private static TestProvider provider;
  private static Secret secret;
  private static URI tokenEndpoint;

  @BeforeAll
  static void start() throws Exception {
    provider = TestProvider.start(s -> s.keyEncryptionSecret("a-key-encryption-secret"), UnaryOperator.identity());
    String plain = provider.provider.clients().register(registration(CLIENT.getValue(), null)).clientSecret();
    assertThat(plain).hasSizeGreaterThanOrEqualTo(32);
    secret = new Secret(plain);
    tokenEndpoint = provider.uri("/token");
  }

  private static ClientRegistration registration(String id, String alg) {
    return new ClientRegistration(id, id, List.of(), List.of(), Set.of("client_credentials"),
        Set.of(TestProvider.API_SCOPE), Client.AUTH_CLIENT_SECRET_JWT, null, null)
        .withOptions(ClientOptions.builder().tokenEndpointAuthSigningAlg(alg).build());
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  /** Nimbus' client side: {@code iss} = {@code sub} = client_id, {@code aud}, {@code exp} in 5 minutes, a fresh {@code jti}. */
  private static ClientSecretJWT assertion(String aud, JWSAlgorithm alg, Secret key) throws Exception {
    return new ClientSecretJWT(CLIENT, URI.create(aud), alg, key);
  }

  private static TokenResponse token(ClientAuthentication auth) throws Exception {
    return TokenResponse.parse(RelyingParty.send(new TokenRequest.Builder(tokenEndpoint, auth,
        new ClientCredentialsGrant()).scope(new Scope(TestProvider.API_SCOPE)).build().toHTTPRequest()));
  }

  private static void assertInvalidClient(TokenResponse r) {
    assertThat(r.indicatesSuccess()).isFalse();
    TokenErrorResponse error = r.toErrorResponse();
    assertThat(error.getErrorObject().getCode()).isEqualTo("invalid_client");
    assertThat(error.getErrorObject().getHTTPStatusCode()).isEqualTo(401);
  }

  @Test
  void whenDiscoveryIsReadThenClientSecretJwtAndHs256AreAdvertised() throws Exception {
    AuthorizationServerMetadata m = AuthorizationServerMetadata.resolve(new Issuer(provider.issuer));
    assertThat(m.getTokenEndpointAuthMethods()).extracting(Object::toString).contains("client_secret_jwt");
    assertThat(m.getTokenEndpointJWSAlgs()).contains(JWSAlgorithm.HS256, JWSAlgorithm.RS256);
  }

  @Test
  void whenAssertionIsMacedWithTheSecretForTheIssuerThenTokenIsIssued() throws Exception {
    // Nimbus' own constructor: HS256 over the issuer as audience
    TokenResponse r = token(new ClientSecretJWT(CLIENT, URI.create(provider.issuer), JWSAlgorithm.HS256, secret));
    assertThat(r.indicatesSuccess()).as(() -> r.toErrorResponse().getErrorObject().toJSONObject().toString()).isTrue();
    String at = r.toSuccessResponse().getTokens().getAccessToken().getValue();
    assertThat(provider.provider.verifyAccessToken(at).orElseThrow().clientId()).isEqualTo(CLIENT.getValue());
  }

  @Test
  void whenAssertionIsReplayedThenInvalidClient() throws Exception {
    ClientSecretJWT once = assertion(provider.issuer, JWSAlgorithm.HS256, secret);
    assertThat(token(once).indicatesSuccess()).isTrue();
    assertInvalidClient(token(once));
  }

  @Test
  void whenAudienceIsTheTokenEndpointThenInvalidClient() throws Exception {
    assertInvalidClient(token(assertion(tokenEndpoint.toString(), JWSAlgorithm.HS256, secret)));
  }

  @Test
  void whenAssertionIsMacedWithAnotherSecretThenInvalidClient() throws Exception {
    assertInvalidClient(token(assertion(provider.issuer, JWSAlgorithm.HS256,
        new Secret(UUID.randomUUID() + "-" + UUID.randomUUID()))));
  }

  @Test
  void whenTheSecretIsSentAsBasicThenInvalidClient() throws Exception {
    // the method must match registration, and the stored form is no hash a basic secret could match
    assertInvalidClient(token(new ClientSecretBasic(CLIENT, secret)));
  }

  @Test
  void whenClientRegisteredHs384AndSendsHs256ThenInvalidClient() throws Exception {
    String id = "csjwt-hs384";
    Secret s = new Secret(provider.provider.clients().register(registration(id, "HS384")).clientSecret());
    ClientSecretJWT hs256 = new ClientSecretJWT(new ClientID(id), URI.create(provider.issuer), JWSAlgorithm.HS256, s);
    assertInvalidClient(token(hs256));
  }

  @Test
  void whenSecretIsStoredThenItIsEncryptedNotPlain() {
    String stored = provider.provider.clients().find(CLIENT.getValue()).orElseThrow().secretHash();
    assertThat(stored).startsWith("jwe:").doesNotContain(secret.getValue());
  }

  @Test
  void whenSecretIsRegeneratedThenTheNewOneWorksAndTheOldOneNot() throws Exception {
    String id = "csjwt-regen";
    Secret old = new Secret(provider.provider.clients().register(registration(id, null)).clientSecret());
    Secret fresh = new Secret(provider.provider.clients().regenerateSecret(id));
    ClientID cid = new ClientID(id);
    URI iss = URI.create(provider.issuer);
    assertInvalidClient(token(new ClientSecretJWT(cid, iss, JWSAlgorithm.HS256, old)));
    assertThat(token(new ClientSecretJWT(cid, iss, JWSAlgorithm.HS256, fresh)).indicatesSuccess()).isTrue();
  }

  @Test
  void whenRegistrationAsksForAnAsymmetricAlgorithmThenRefused() {
    assertThatThrownBy(() -> provider.provider.clients().register(registration("csjwt-rs", "RS256")))
        .hasMessageStartingWith("token_endpoint_auth_signing_alg:");
  }

  @Test
  void whenProviderHasNoKeyEncryptionSecretThenClientSecretJwtIsRefusedAndNotAdvertised() {
    SsoProvider plain = SsoProvider.builder(SsoSettings.builder("https://login.example.com").build()).build();
    assertThatThrownBy(() -> plain.clients().register(registration("csjwt-nokey", null)))
        .hasMessageStartingWith("token_endpoint_auth_method:").hasMessageContaining("keyEncryptionSecret");
    var discovery = plain.handle(new com.nimbusds.oauth2.sdk.http.HTTPRequest(
        com.nimbusds.oauth2.sdk.http.HTTPRequest.Method.GET,
        URI.create("https://login.example.com/.well-known/openid-configuration")));
    assertThat(discovery.getBody()).doesNotContain("client_secret_jwt").doesNotContain("HS256");
  }
}
