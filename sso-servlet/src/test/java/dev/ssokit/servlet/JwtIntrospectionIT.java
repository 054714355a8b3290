package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JWT introspection answers (RFC 9701) when the caller asks for application/token-introspection+jwt. */
class JwtIntrospectionIT {
  private static TestProvider provider;
  private static RelyingParty clientA;

  @BeforeAll
  static void start() throws Exception {
    provider = TestProvider.start();
    clientA = RelyingParty.clientA(provider);
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  private static HTTPResponse introspectAsJwt(AccessToken token) {
    HTTPRequest request = new TokenIntrospectionRequest(provider.uri("/introspect"), clientA.auth, token)
        .toHTTPRequest();
    request.setAccept("application/token-introspection+jwt");
    return RelyingParty.sendDocumented(request);
  }

  private static JWTClaimsSet verified(HTTPResponse r) throws Exception {
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.getHeaderValue("Content-Type")).startsWith("application/token-introspection+jwt");
    SignedJWT jwt = SignedJWT.parse(r.getBody());
    assertThat(jwt.getHeader().getType()).isEqualTo(new JOSEObjectType("token-introspection+jwt"));
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSTypeVerifier((type, ctx) -> { });
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
        new ImmutableJWKSet<>(JWKSet.load(provider.uri("/jwks").toURL()))));
    processor.setJWTClaimsSetVerifier((claims, ctx) -> { });
    JWTClaimsSet claims = processor.process(jwt, null);
    assertThat(claims.getIssuer()).isEqualTo(provider.issuer);
    assertThat(claims.getAudience()).containsExactly(TestProvider.CLIENT_A);
    assertThat(claims.getIssueTime()).isNotNull();
    return claims;
  }

  @Test
  void whenCallerAcceptsJwtThenTheAnswerIsASignedJwtForIt() throws Exception {
    AccessToken token = clientA.clientCredentials(new Scope(TestProvider.API_SCOPE), null).toSuccessResponse()
        .getTokens().getAccessToken();
    Map<String, Object> answer = verified(introspectAsJwt(token)).getJSONObjectClaim("token_introspection");
    assertThat(answer).containsEntry("active", true).containsEntry("client_id", TestProvider.CLIENT_A)
        .containsEntry("scope", TestProvider.API_SCOPE);
  }

  @Test
  void whenTokenIsInactiveThenTheJwtSaysSo() throws Exception {
    Map<String, Object> answer = verified(introspectAsJwt(new BearerAccessToken("forged-token-value")))
        .getJSONObjectClaim("token_introspection");
    assertThat(answer).containsExactly(Map.entry("active", false));
  }

  @Test
  void whenCallerAcceptsJsonThenTheAnswerStaysJson() {
    AccessToken token = clientA.clientCredentials(new Scope(TestProvider.API_SCOPE), null).toSuccessResponse()
        .getTokens().getAccessToken();
    assertThat(clientA.introspect(token).toSuccessResponse().isActive()).isTrue();
  }

  @Test
  void whenDiscoveryIsReadThenTheSigningAlgorithmIsAdvertised() {
    assertThat(clientA.metadata.toJSONObject().get("introspection_signing_alg_values_supported"))
        .isEqualTo(java.util.List.of("RS256"));
  }
}
