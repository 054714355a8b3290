package dev.ssokit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoProvider;
import dev.ssokit.testkit.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * RFC 9728 and DPoP (RFC 9449 §7) at {@code sso.bearer.paths} through Spring Security's chain, on a
 * real port: the API's protected resource metadata is served, 401s point to it, and DPoP-bound tokens
 * are accepted only with a proof of their key (Nimbus' proof factory as the client).
 */
class SsoProtectedResourceIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String SECRET = "0d4c2b9e7a5f3e1c8b6a4d2f0e9c7b5a";
  private static ConfigurableApplicationContext app;
  private static String base;
  private static DefaultDPoPProofFactory proofs;

  @BeforeAll
  static void start() throws Exception {
    int port = FreePorts.belowEphemeralRange();
    base = "http://localhost:" + port;
    app = new SpringApplicationBuilder(Api.class).properties(Map.of("server.port", port, "sso.issuer", base,
        "sso.bearer.paths", "/api/**", "sso.bearer.scopes", "api", "spring.main.banner-mode", "off")).run();
    app.getBean(SsoProvider.class).clients().importClient(new ClientRegistration("svc", null, null, null,
        Set.of("client_credentials"), Set.of("api"), "client_secret_basic", null, null), SECRET);
    proofs = new DefaultDPoPProofFactory(new ECKeyGenerator(Curve.P_256).generate(), JWSAlgorithm.ES256);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void whenTheMetadataIsRequestedThenItNamesTheApiAndTheProvider() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base
        + "/.well-known/oauth-protected-resource")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    assertThat(r.body()).contains("\"resource\":\"" + base + "\"")
        .contains("\"authorization_servers\":[\"" + base + "\"]")
        .contains("\"scopes_supported\":[\"api\"]").contains("dpop_signing_alg_values_supported");
  }

  @Test
  void whenNoTokenThen401PointsToTheMetadata() throws Exception {
    HttpResponse<String> r = get(null, null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer")
        .contains("resource_metadata=\"" + base + "/.well-known/oauth-protected-resource\""));
  }

  @Test
  void whenDpopBoundTokenComesWithAProofOfItsKeyThenTheApiRunsAsItsSubject() throws Exception {
    String token = dpopToken();
    URI api = URI.create(base + "/api/me");
    HttpResponse<String> ok = get("DPoP " + token,
        proofs.createDPoPJWT("GET", api, new DPoPAccessToken(token)).serialize());
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(ok.body()).contains("svc");
  }

  @Test
  void whenDpopBoundTokenComesWithoutItsProofThenRefused() throws Exception {
    String token = dpopToken();
    HttpResponse<String> asBearer = get("Bearer " + token, null);
    assertThat(asBearer.statusCode()).isEqualTo(401);

    HttpResponse<String> noProof = get("DPoP " + token, null);
    assertThat(noProof.statusCode()).isEqualTo(401);
    assertThat(noProof.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
        .startsWith("DPoP ").contains("invalid_dpop_proof").contains("resource_metadata="));

    DefaultDPoPProofFactory other = new DefaultDPoPProofFactory(new ECKeyGenerator(Curve.P_256).generate(),
        JWSAlgorithm.ES256);
    HttpResponse<String> otherKey = get("DPoP " + token, other.createDPoPJWT("GET", URI.create(base + "/api/me"),
        new DPoPAccessToken(token)).serialize());
    assertThat(otherKey.statusCode()).isEqualTo(401);
  }

  private static String dpopToken() throws Exception {
    URI endpoint = URI.create(base + "/token");
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(endpoint)
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("svc:" + SECRET)
            .getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("DPoP", proofs.createDPoPJWT("POST", endpoint).serialize())
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=api")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.body()).contains("\"token_type\":\"DPoP\"");
    Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(response.body());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static HttpResponse<String> get(String authorization, String proof) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/me"));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (proof != null) {
      request.header("DPoP", proof);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration(excludeName = {StockResourceServerIT.NO_DATABASE, StockResourceServerIT.NO_DATABASE_4})
  @Import(Api.Me.class)
  static class Api {
    @RestController
    public static class Me {
      @GetMapping("/api/me")
      public Map<String, Object> me(Authentication authentication) {
        return Map.of("name", authentication.getName());
      }
    }
  }
}
