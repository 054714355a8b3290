package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone jar's behaviour as an operator sees it: defaults, banner, seed file, health. */
class StandaloneServerIT {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> clientCredentials(URI issuer, String clientId, String secret) throws Exception {
    String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes());
    return http.send(HttpRequest.newBuilder(issuer.resolve("/token"))
        .header("Authorization", "Basic " + basic)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=api")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void whenStartedWithoutConfigurationThenDemoClientsAndUserArePrintedAndWork() throws Exception {
    try (StandaloneServer server = StandaloneServer.start(Map.of("SSO_PORT", "0"))) {
      String banner = String.join("\n", server.banner());
      assertThat(banner).contains("discovery: " + server.issuer() + "/.well-known/openid-configuration")
          .contains("client_id=demo-web client_secret=").contains("client_id=demo-spa").contains("username=demo password=");
      String secret = banner.replaceAll("(?s).*client_secret=(\\S+).*", "$1");

      HttpResponse<String> discovery = get(server.issuer().resolve("/.well-known/openid-configuration"));
      assertThat(discovery.statusCode()).isEqualTo(200);
      assertThat(discovery.body()).contains("\"issuer\":\"" + server.issuer() + "\"");
      assertThat(clientCredentials(server.issuer(), "demo-web", secret).body()).contains("\"access_token\"");
      // the demo admin client gets sso:admin by client_credentials and reads the admin API with it
      String adminSecret = banner.replaceAll("(?s).*client_id=demo-admin client_secret=(\\S+).*", "$1");
      HttpResponse<String> adminToken = http.send(HttpRequest.newBuilder(server.issuer().resolve("/token"))
          .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("demo-admin:" + adminSecret)
              .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=sso:admin")).build(),
          HttpResponse.BodyHandlers.ofString());
      String adminAccessToken = (String) com.nimbusds.jose.util.JSONObjectUtils.parse(adminToken.body())
          .get("access_token");
      HttpResponse<String> apps = http.send(HttpRequest.newBuilder(server.issuer().resolve("/api/applications"))
          .header("Authorization", "Bearer " + adminAccessToken).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(apps.statusCode()).isEqualTo(200);
      assertThat(apps.body()).contains("\"client_id\":\"demo-web\"").doesNotContain("\"client_secret\"");
      assertThat(get(server.issuer().resolve("/health")).body()).isEqualTo("{\"status\":\"UP\"}");
      HttpResponse<String> ready = get(server.issuer().resolve("/health/ready"));
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).isEqualTo("{\"status\":\"UP\",\"store\":\"UP\",\"cache\":\"UP\"}");
      assertThat(HealthCheck.check(Map.of("SSO_PORT", String.valueOf(server.port())))).isTrue();
      // the API documentation, Swagger UI served from the packaged webjar
      assertThat(banner).contains("api docs:  " + server.issuer() + "/docs (Swagger UI)");
      HttpResponse<String> docs = get(server.issuer().resolve("/docs"));
      assertThat(docs.statusCode()).isEqualTo(200);
      assertThat(docs.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
          assertThat(csp).contains("script-src 'self'"));
      assertThat(get(server.issuer().resolve("/docs/swagger-ui-bundle.js")).statusCode()).isEqualTo(200);
      assertThat(get(server.issuer().resolve("/api/openapi.json")).body()).contains("\"openapi\": \"3.1.0\"");
      HttpResponse<String> metrics = get(server.issuer().resolve("/metrics"));
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      assertThat(metrics.body()).contains("sso_tokens_issued_total{client=\"demo-web\",grant=\"client_credentials\"} 1.0")
          .contains("sso_signing_seconds_count{algorithm=\"RS256\"}").contains("sso_store_calls_seconds_count{");
      HttpResponse<String> unknown = get(server.issuer().resolve("/nothing-here"));
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.body()).contains("not_found");
    }
  }

  @Test
  void whenSeedFileGivenThenClientsAndUsersAreCreatedOnceAndKeptAfterwards(@TempDir Path dir) throws Exception {
    Path seed = dir.resolve("seed.json");
    Files.writeString(seed, """
        {"clients":[{"client_id":"web","client_secret":"4a1f9c2e7b3d8056e9f1a2c4b7d3e608","redirect_uris":["https://app.example.com/cb"],
          "grant_types":["authorization_code","refresh_token","client_credentials"],
          "token_endpoint_auth_method":"client_secret_basic","scope":"openid profile email offline_access api"}],
         "users":[{"username":"alice","password":"correct horse battery","email":"alice@example.com","name":"Alice"}]}
        """);
    try (StandaloneServer server = StandaloneServer.start(Map.of("SSO_PORT", "0", "SSO_SEED_FILE", seed.toString()))) {
      assertThat(String.join("\n", server.banner())).contains("clients created [web]").contains("users created [alice]")
          .doesNotContain("demo-web");
      HttpResponse<String> token = clientCredentials(server.issuer(), "web", "4a1f9c2e7b3d8056e9f1a2c4b7d3e608");
      assertThat(token.statusCode()).isEqualTo(200);
      assertThat(token.body()).contains("\"scope\":\"api\"");
      assertThat(clientCredentials(server.issuer(), "web", "wrong").statusCode()).isEqualTo(401);

      // Idempotent: applying the same file again keeps what exists.
      SeedFile.Result again = SeedFile.apply(seed, server.provider());
      assertThat(again.keptClients()).containsExactly("web");
      assertThat(again.keptUsers()).containsExactly("alice");
      assertThat(again.createdClients()).isEmpty();
    }
  }

  @Test
  void whenSeedFileDeclaresAWeakClientSecretThenStartFailsNamingTheClient(@TempDir Path dir) throws Exception {
    Path seed = dir.resolve("seed.json");
    Files.writeString(seed, """
        {"clients":[{"client_id":"billing","client_secret":"chosen-by-a-human","grant_types":["client_credentials"],
          "token_endpoint_auth_method":"client_secret_basic","scope":"api"}]}
        """);
    assertThatThrownBy(() -> StandaloneServer.start(Map.of("SSO_PORT", "0", "SSO_SEED_FILE", seed.toString())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("client billing")
        .hasMessageContaining("at least 32 characters from a random generator")
        .hasMessageNotContaining("chosen-by-a-human");
  }

  @Test
  void whenForwardingHeadersComeFromATrustedProxyThenLimitsCountTheForwardedAddressElseThePeer() throws Exception {
    Map<String, String> limits = Map.of("SSO_PORT", "0", "SSO_FAILURE_LIMIT_PER_IP", "2/PT1M");
    try (StandaloneServer direct = StandaloneServer.start(limits)) {
      // untrusted peer: a different X-Forwarded-For each time does not buy new attempts
      assertThat(wrongSecrets(direct.issuer(), 4)).containsExactly(401, 401, 429, 429);
    }
    Map<String, String> proxied = new java.util.HashMap<>(limits);
    proxied.put("SSO_TRUSTED_PROXIES", "127.0.0.1, ::1");
    try (StandaloneServer behindProxy = StandaloneServer.start(proxied)) {
      // the loopback peer is the trusted proxy: each forwarded client address has its own budget
      assertThat(wrongSecrets(behindProxy.issuer(), 4)).containsExactly(401, 401, 401, 401);
    }
  }

  private java.util.List<Integer> wrongSecrets(URI issuer, int n) throws Exception {
    java.util.List<Integer> statuses = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      String basic = Base64.getEncoder().encodeToString(("demo-web:wrong").getBytes());
      statuses.add(http.send(HttpRequest.newBuilder(issuer.resolve("/token"))
          .header("Authorization", "Basic " + basic).header("X-Forwarded-For", "203.0.113." + i)
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode());
    }
    return statuses;
  }

  @Test
  void whenALimitVariableIsInvalidThenStartFailsNamingIt() {
    assertThatThrownBy(() -> StandaloneServer.start(Map.of("SSO_PORT", "0", "SSO_TRUSTED_PROXIES", "proxy.local")))
        .hasMessageStartingWith("SSO_TRUSTED_PROXIES:");
    assertThatThrownBy(() -> StandaloneServer.start(Map.of("SSO_PORT", "0", "SSO_RATE_LIMIT_PER_IP", "lots")))
        .hasMessageStartingWith("SSO_RATE_LIMIT_PER_IP:");
    assertThatThrownBy(() -> StandaloneServer.start(Map.of("SSO_PORT", "0", "SSO_LOGIN_FREE_FAILURES", "-1")))
        .hasMessageStartingWith("SSO_LOGIN_FREE_FAILURES:");
    assertThatThrownBy(() -> StandaloneServer.start(Map.of("SSO_PORT", "0", "SSO_LOGIN_MAX_BACKOFF", "0")))
        .hasMessageStartingWith("SSO_LOGIN_MAX_BACKOFF:");
  }

  @Test
  void whenSeedFileIsInvalidThenStartFailsNamingTheProblem(@TempDir Path dir) throws Exception {
    Path seed = dir.resolve("seed.json");
    Files.writeString(seed, "{\"clients\":[{\"client_id\":\"x\",\"redirect_uri\":\"https://a/cb\"}]}");
    assertThatThrownBy(() -> StandaloneServer.start(Map.of("SSO_PORT", "0", "SSO_SEED_FILE", seed.toString())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redirect_uri");
  }

  @Test
  void whenUnknownSettingGivenThenStartFailsListingKnownOnes() {
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("SSO_PROT", "9000")))
        .hasMessageContaining("SSO_PROT").hasMessageContaining("SSO_PORT");
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("SSO_PORT", "x"))).hasMessageStartingWith("SSO_PORT:");
    assertThat(ServerConfig.fromEnvironment(Map.of("SSO_TEST_REDIS_URL", "redis://x")).port())
        .isEqualTo(ServerConfig.DEFAULT_PORT);
  }

  @Test
  void whenAlgorithmAndLifetimeConfiguredThenTokensFollowThem() throws Exception {
    try (StandaloneServer server = StandaloneServer.start(Map.of("SSO_PORT", "0", "SSO_SIGNING_ALG", "ES256",
        "SSO_ACCESS_TOKEN_LIFETIME", "120"))) {
      String secret = String.join("\n", server.banner()).replaceAll("(?s).*client_secret=(\\S+).*", "$1");
      String body = clientCredentials(server.issuer(), "demo-web", secret).body();
      assertThat(body).contains("\"expires_in\":120");
      assertThat(get(server.issuer().resolve("/jwks")).body()).contains("\"alg\":\"ES256\"");
    }
  }
}
