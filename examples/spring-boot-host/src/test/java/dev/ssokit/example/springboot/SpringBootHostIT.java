package dev.ssokit.example.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoProvider;
import dev.ssokit.testkit.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The example app over real HTTP, driven by Nimbus' OAuth client: discovery, a client_credentials
 * token, and {@code /api/me} with and without it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class SpringBootHostIT {
  /** The issuer must name the port before the server starts, so the port is picked here. */
  private static final int PORT = FreePorts.belowEphemeralRange();
  private static final String ISSUER = "http://localhost:" + PORT + "/sso";

  private final HttpClient http = HttpClient.newHttpClient();

  @Autowired
  private SsoProvider provider;

  @DynamicPropertySource
  static void serverAndIssuer(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
    registry.add("sso.issuer", () -> ISSUER);
  }

  @Test
  void whenDiscoveryIsResolvedThenItNamesTheConfiguredIssuer() throws Exception {
    OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(ISSUER));

    assertThat(metadata.getIssuer().getValue()).isEqualTo(ISSUER);
    assertThat(metadata.getTokenEndpointURI()).hasToString(ISSUER + "/token");
  }

  @Test
  void whenApiIsCalledWithAClientCredentialsTokenThenItAnswersForThatClient() throws Exception {
    String token = clientCredentialsToken(Set.of("api"), "api");

    HttpResponse<String> response = getMe("Bearer " + token);

    assertThat(response.statusCode()).isEqualTo(200);
    Map<String, Object> body = JSONObjectUtils.parse(response.body());
    assertThat(body).containsEntry("scopes", List.of("api"));
    assertThat(body.get("client_id")).isEqualTo(body.get("subject")).isNotNull();
  }

  @Test
  void whenApiIsCalledWithoutATokenThenBearerChallenge() throws Exception {
    HttpResponse<String> response = getMe(null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
  }

  @Test
  void whenApiIsCalledWithAnInvalidTokenThenInvalidToken() throws Exception {
    HttpResponse<String> response = getMe("Bearer not-a-token");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
        v -> assertThat(v).startsWith("Bearer").contains("error=\"invalid_token\""));
  }

  @Test
  void whenTokenLacksTheApiScopeThenInsufficientScope() throws Exception {
    String token = clientCredentialsToken(Set.of("reports"), "reports");

    HttpResponse<String> response = getMe("Bearer " + token);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
        v -> assertThat(v).contains("error=\"insufficient_scope\""));
  }

  @Test
  void whenAPathOutsideTheProtectedOnesIsRequestedThenNoTokenIsAsked() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ISSUER + "/jwks")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"keys\"");
  }

  /** Registers a fresh confidential client and fetches a token for it through the discovered token endpoint. */
  private String clientCredentialsToken(Set<String> allowedScopes, String requestedScope) throws Exception {
    var registered = provider.clients().register(new ClientRegistration(null, "IT client", List.of(), List.of(),
        Set.of("client_credentials"), allowedScopes, "client_secret_basic", null, null));
    OIDCProviderMetadata metadata = OIDCProviderMetadata.resolve(new Issuer(ISSUER));
    TokenRequest request = new TokenRequest(metadata.getTokenEndpointURI(),
        new ClientSecretBasic(new ClientID(registered.client().clientId()), new Secret(registered.clientSecret())),
        new ClientCredentialsGrant(), new Scope(requestedScope));
    TokenResponse response = TokenResponse.parse(request.toHTTPRequest().send());
    assertThat(response.indicatesSuccess()).as("token response").isTrue();
    return ((AccessTokenResponse) response).getTokens().getAccessToken().getValue();
  }

  private HttpResponse<String> getMe(String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + "/api/me"));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
