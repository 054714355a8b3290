package dev.ssokit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoProvider;
import dev.ssokit.testkit.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
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
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Boot app with Spring Security and the starter on a real port: the provider's endpoints answer
 * past Spring Security, {@code /api/*} runs as the token's {@link SsoAccessTokenAuthentication} under
 * {@code @PreAuthorize}, and the rest of the app keeps Boot's default chain.
 */
class SsoSecurityIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String SECRET = "7f3c9a1e5b2d8f604e1a9c3b7d5f2e80";
  private static ConfigurableApplicationContext app;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    int port = FreePorts.belowEphemeralRange();
    base = "http://localhost:" + port;
    app = new SpringApplicationBuilder(ProtectedApi.class).properties(Map.of("server.port", port,
        "sso.issuer", base, "sso.bearer.paths", "/api/**", "spring.main.banner-mode", "off")).run();
    app.getBean(SsoProvider.class).clients().importClient(new ClientRegistration("svc", null, null, null,
        Set.of("client_credentials"), Set.of("api", "admin"), "client_secret_basic", null, null), SECRET);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  @Test
  void whenATokenWithTheScopeCallsThePreAuthorizedApiThenItRunsAsTheTokensSubject() throws Exception {
    HttpResponse<String> me = get("/api/me", token("api"));
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).contains("\"name\":\"svc\"").contains("SCOPE_api").contains("\"client_id\":\"svc\"");
  }

  @Test
  void whenTheTokenLacksThePreAuthorizedScopeThenForbidden() throws Exception {
    HttpResponse<String> refused = get("/api/admin", token("api"));
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).contains("insufficient_scope"));
    assertThat(get("/api/admin", token("admin")).statusCode()).isEqualTo(200);
  }

  @Test
  void whenNoOrARevokedTokenThenTheBearerChallengeNotSpringsBasicOne() throws Exception {
    HttpResponse<String> none = get("/api/me", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));

    String token = token("api");
    HttpResponse<String> revoke = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/revoke"))
        .header("Authorization", basic()).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(revoke.statusCode()).isEqualTo(200);
    HttpResponse<String> revoked = get("/api/me", token);
    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(revoked.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
  }

  @Test
  void whenAHostPathIsCalledThenBootsDefaultChainStillGuardsIt() throws Exception {
    assertThat(get("/other", token("api")).statusCode()).isEqualTo(401);
    assertThat(get("/.well-known/openid-configuration", null).statusCode()).isEqualTo(200);
  }

  private static String token(String scope) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/token"))
        .header("Authorization", basic()).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + scope)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(response.body());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static String basic() {
    return "Basic " + Base64.getEncoder().encodeToString(("svc:" + SECRET).getBytes(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @SpringBootConfiguration
  @EnableAutoConfiguration(excludeName = {StockResourceServerIT.NO_DATABASE, StockResourceServerIT.NO_DATABASE_4})
  @EnableMethodSecurity
  @Import(ProtectedApi.Api.class)
  static class ProtectedApi {
    @RestController
    public static class Api {
      @GetMapping("/api/me")
      @PreAuthorize("hasAuthority('SCOPE_api')")
      public Map<String, Object> me(Authentication authentication) {
        SsoAccessTokenAuthentication token = (SsoAccessTokenAuthentication) authentication;
        return Map.of("name", authentication.getName(), "client_id", token.getToken().clientId(),
            "authorities", authentication.getAuthorities().stream().map(Object::toString).toList());
      }

      @GetMapping("/api/admin")
      @PreAuthorize("hasAuthority('SCOPE_admin')")
      public List<String> admin() {
        return List.of("ok");
      }

      @GetMapping("/other")
      public String other() {
        return "host";
      }
    }
  }
}
