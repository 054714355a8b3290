package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.memory.InMemorySigningKeyStore;
import dev.ssokit.spi.SigningKey;
import java.net.URI;
import java.net.URL;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Tokens signed with each selectable algorithm verify against the published JWKS; keys at rest. */
class SigningAlgorithmsTest {
  private static final String ISSUER = "http://localhost:9000";

  private static String clientCredentialsToken(SsoProvider provider, String secret) throws Exception {
    HTTPRequest req = new HTTPRequest(HTTPRequest.Method.POST, new URL(ISSUER + "/token"));
    req.setHeader("Content-Type", "application/x-www-form-urlencoded");
    req.setHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(("svc:" + secret).getBytes()));
    req.setBody("grant_type=client_credentials&scope=api");
    HTTPResponse res = provider.handle(req);
    assertThat(res.getStatusCode()).isEqualTo(200);
    return (String) JSONObjectUtils.parse(res.getBody()).get("access_token");
  }

  private static String register(SsoProvider provider) {
    return provider.clients().register(new ClientRegistration("svc", null, List.of(), null,
        Set.of("client_credentials"), Set.of("api"), "client_secret_basic", "web", null)).clientSecret();
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "ES256", "EdDSA"})
  void whenAlgorithmSelectedThenTokensAreSignedWithItAndVerify(String alg) throws Exception {
    SsoProvider provider = SsoProvider.builder(SsoSettings.builder(ISSUER).signingAlgorithm(alg).build()).build();
    String token = clientCredentialsToken(provider, register(provider));

    SignedJWT jwt = SignedJWT.parse(token);
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo(alg);
    assertThat(jwt.getHeader().getType().getType()).isEqualTo("at+jwt");
    assertThat(provider.verifyAccessToken(token)).hasValueSatisfying(t -> {
      assertThat(t.subject()).isEqualTo("svc");
      assertThat(t.scopes()).containsExactly("api");
      assertThat(t.audience()).containsExactly(ISSUER);
    });
    HTTPResponse jwks = provider.handle(new HTTPRequest(HTTPRequest.Method.GET, new URL(ISSUER + "/jwks")));
    assertThat(jwks.getBody()).contains(jwt.getHeader().getKeyID()).doesNotContain("\"d\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"RS256", "ES256", "EdDSA"})
  void whenTokenIsTamperedOrUnsignedThenRejected(String alg) throws Exception {
    SsoProvider provider = SsoProvider.builder(SsoSettings.builder(ISSUER).signingAlgorithm(alg).build()).build();
    String token = clientCredentialsToken(provider, register(provider));
    String[] parts = token.split("\\.");
    String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
        JSONObjectUtils.toJSONString(Map.of("sub", "admin", "iss", ISSUER, "exp", 9_999_999_999L)).getBytes());
    String noneHeader = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"at+jwt\"}".getBytes());
    assertThat(provider.verifyAccessToken(token)).isPresent();
    assertThat(provider.verifyAccessToken(parts[0] + "." + otherPayload + "." + parts[2])).isEmpty();
    assertThat(provider.verifyAccessToken(parts[0] + "." + parts[1] + "." + parts[2].substring(0, 20))).isEmpty();
    assertThat(provider.verifyAccessToken(parts[0] + "." + parts[1] + ".")).isEmpty();
    assertThat(provider.verifyAccessToken(parts[0] + ".%%%." + parts[2])).isEmpty();
    assertThat(provider.verifyAccessToken(noneHeader + "." + otherPayload + ".")).isEmpty();
    assertThat(provider.verifyAccessToken("not-a-token")).isEmpty();
  }

  @Test
  void whenKeyEncryptionSecretSetThenPrivateKeysAreEncryptedAtRestAndNeedTheSecret() {
    InMemorySigningKeyStore keys = new InMemorySigningKeyStore();
    SsoSettings withSecret = SsoSettings.builder(ISSUER).keyEncryptionSecret("0123456789abcdef-secret").build();
    SsoProvider.builder(withSecret).signingKeyStore(keys).build();

    SigningKey stored = keys.list().get(0);
    assertThat(stored.material()).doesNotContain("\"d\"").matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]*){4}");
    // A second instance with the same secret uses the same key; without it, start-up fails loudly.
    SsoProvider second = SsoProvider.builder(withSecret).signingKeyStore(keys).build();
    assertThat(keys.list()).hasSize(1);
    assertThat(second).isNotNull();
    assertThatThrownBy(() -> SsoProvider.builder(SsoSettings.builder(ISSUER).build()).signingKeyStore(keys).build())
        .hasMessageContaining("keyEncryptionSecret");
  }

  @Test
  void whenKeyIsEncryptedThenThroughASaltedPasswordKdfNamedInTheHeader() throws Exception {
    InMemorySigningKeyStore keys = new InMemorySigningKeyStore();
    SsoSettings withSecret = SsoSettings.builder(ISSUER).keyEncryptionSecret("0123456789abcdef-secret").build();
    SsoProvider provider = SsoProvider.builder(withSecret).signingKeyStore(keys).build();
    provider.rotateSigningKey();

    List<com.nimbusds.jose.JWEHeader> headers = new java.util.ArrayList<>();
    for (SigningKey k : keys.list()) {
      headers.add(com.nimbusds.jose.JWEObject.parse(k.material()).getHeader());
    }
    assertThat(headers).hasSize(2).allSatisfy(h -> {
      assertThat(h.getAlgorithm()).isEqualTo(com.nimbusds.jose.JWEAlgorithm.PBES2_HS512_A256KW);
      assertThat(h.getEncryptionMethod()).isEqualTo(com.nimbusds.jose.EncryptionMethod.A256GCM);
      assertThat(h.getPBES2Count()).isGreaterThanOrEqualTo(210_000);
      assertThat(h.getPBES2Salt().decode()).hasSizeGreaterThanOrEqualTo(16);
    });
    // a random salt per key: the same secret never derives the same key-encryption key twice
    assertThat(headers.get(0).getPBES2Salt()).isNotEqualTo(headers.get(1).getPBES2Salt());
    assertThatThrownBy(() -> SsoProvider.builder(SsoSettings.builder(ISSUER)
        .keyEncryptionSecret("another-secret-of-16+").build()).signingKeyStore(keys).build())
        .hasMessageContaining("wrong keyEncryptionSecret");
  }

  @Test
  void whenKeyWasWrittenInTheUnsaltedFormatOfVersion01ThenItStillSigns() throws Exception {
    String secret = "0123456789abcdef-secret";
    com.nimbusds.jose.jwk.RSAKey legacy = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048)
        .keyID("legacy-kid").keyUse(com.nimbusds.jose.jwk.KeyUse.SIGNATURE).algorithm(com.nimbusds.jose.JWSAlgorithm.RS256)
        .generate();
    com.nimbusds.jose.JWEObject jwe = new com.nimbusds.jose.JWEObject(new com.nimbusds.jose.JWEHeader(
        com.nimbusds.jose.JWEAlgorithm.DIR, com.nimbusds.jose.EncryptionMethod.A256GCM),
        new com.nimbusds.jose.Payload(legacy.toJSONString()));
    jwe.encrypt(new com.nimbusds.jose.crypto.DirectEncrypter(java.security.MessageDigest.getInstance("SHA-256")
        .digest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    InMemorySigningKeyStore keys = new InMemorySigningKeyStore();
    keys.addIfAbsent(new SigningKey("legacy-kid", "RS256", jwe.serialize(), SigningKey.Status.ACTIVE,
        java.time.Instant.now()));

    SsoProvider provider = SsoProvider.builder(SsoSettings.builder(ISSUER).keyEncryptionSecret(secret).build())
        .signingKeyStore(keys).build();
    String token = clientCredentialsToken(provider, register(provider));

    assertThat(com.nimbusds.jwt.SignedJWT.parse(token).getHeader().getKeyID()).isEqualTo("legacy-kid");
    assertThat(com.nimbusds.jwt.SignedJWT.parse(token).verify(new com.nimbusds.jose.crypto.RSASSAVerifier(legacy)))
        .isTrue();
    assertThat(provider.verifyAccessToken(token)).isPresent();
  }

  @Test
  void whenDiscoveryIsFetchedThenItNamesEveryEndpointUnderTheIssuer() throws Exception {
    SsoProvider provider = SsoProvider.builder(SsoSettings.builder(ISSUER + "/sso").build()).build();
    for (String path : List.of("/sso/.well-known/openid-configuration", "/.well-known/oauth-authorization-server/sso")) {
      HTTPResponse r = provider.handle(new HTTPRequest(HTTPRequest.Method.GET, URI.create(ISSUER + path).toURL()));
      assertThat(r.getStatusCode()).isEqualTo(200);
      Map<String, Object> doc = JSONObjectUtils.parse(r.getBody());
      assertThat(doc).containsEntry("issuer", ISSUER + "/sso").containsEntry("token_endpoint", ISSUER + "/sso/token");
      assertThat(doc.get("code_challenge_methods_supported")).isEqualTo(List.of("S256"));
    }
    assertThat(provider.handles("/token")).isFalse();
    assertThat(provider.handles("/sso/token")).isTrue();
  }
}
