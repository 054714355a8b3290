package dev.ssokit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoProvider;
import dev.ssokit.spi.ClientOptions;
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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A stock Spring Boot resource server (spring-boot-starter-oauth2-resource-server, only
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, no custom decoder) against a provider
 * run by the starter: it refuses RFC 9068 {@code typ: at+jwt} tokens, and accepts those of a client
 * registered with {@code access_token_typ: JWT}, scopes mapped to {@code SCOPE_*} as usual.
 */
class StockResourceServerIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String SECRET = "7f3c9a1e5b2d8f604e1a9c3b7d5f2e80";
  private static ConfigurableApplicationContext provider;
  private static ConfigurableApplicationContext resourceServer;
  /**
   * The test class path has spring-jdbc and HikariCP (for SsoFlywayCoexistenceIT); these apps have no
   * database, so Boot must not try to create a DataSource: its DataSource auto-configuration is excluded by
   * its Spring Boot 3.x name and its 4.x name (Boot 4 moved it to spring-boot-jdbc); a name that is not on
   * the class path is ignored.
   */
  static final String NO_DATABASE = "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration";
  /** {@link #NO_DATABASE} on Spring Boot 4.x. */
  static final String NO_DATABASE_4 = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

  private static String issuer;
  private static String api;

  @BeforeAll
  static void start() throws Exception {
    issuer = "http://localhost:" + FreePorts.belowEphemeralRange();
    provider = new SpringApplicationBuilder(Provider.class).properties(Map.of("server.port", URI.create(issuer).getPort(),
        "sso.issuer", issuer, "spring.main.banner-mode", "off")).run();
    SsoProvider sso = provider.getBean(SsoProvider.class);
    ClientRegistration client = new ClientRegistration("rs-compatible", null, null, null,
        Set.of("client_credentials"), Set.of("api", "other"), "client_secret_basic", null, null);
    sso.clients().importClient(client.withOptions(ClientOptions.builder()
        .accessTokenTyp(ClientOptions.ACCESS_TOKEN_TYP_JWT).build()), SECRET);
    sso.clients().importClient(new ClientRegistration("rfc9068", null, null, null,
        Set.of("client_credentials"), Set.of("api"), "client_secret_basic", null, null), SECRET);

    resourceServer = new SpringApplicationBuilder(ResourceServer.class).properties(Map.of("server.port", 0,
        "spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer,
        // the two apps share this test's classpath; a real resource server has no SSO Kit on it
        "spring.autoconfigure.exclude", SsoAutoConfiguration.class.getName(),
        "spring.main.banner-mode", "off")).run();
    api = "http://localhost:" + resourceServer.getEnvironment().getProperty("local.server.port") + "/data";
  }

  @AfterAll
  static void stop() {
    if (resourceServer != null) {
      resourceServer.close();
    }
    if (provider != null) {
      provider.close();
    }
  }

  @Test
  void whenTheClientHasAccessTokenTypJwtThenTheStockResourceServerAcceptsItsToken() throws Exception {
    HttpResponse<String> data = call(token("rs-compatible", "api"));
    assertThat(data.statusCode()).as(data.body()).isEqualTo(200);
    assertThat(data.body()).isEqualTo("data for rs-compatible");
  }

  @Test
  void whenTheTokenLacksTheScopeThenTheStockResourceServerRefusesIt() throws Exception {
    HttpResponse<String> data = call(token("rs-compatible", "other"));
    assertThat(data.statusCode()).isEqualTo(403);
    assertThat(data.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("insufficient_scope"));
  }

  @Test
  void whenTheTokenIsRfc9068AtJwtThenTheStockResourceServerRefusesIt() throws Exception {
    // the reason access_token_typ exists: Spring Security's default decoder accepts typ JWT only
    HttpResponse<String> data = call(token("rfc9068", "api"));
    assertThat(data.statusCode()).isEqualTo(401);
    assertThat(data.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).contains("invalid_token"));
  }

  private static HttpResponse<String> call(String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(api)).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String token(String clientId, String scope) throws Exception {
    String basic = Base64.getEncoder().encodeToString((clientId + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(issuer + "/token"))
        .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=" + scope)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(response.body());
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  /** The provider: the starter, nothing else. */
  @SpringBootConfiguration
  @EnableAutoConfiguration(excludeName = {NO_DATABASE, NO_DATABASE_4})
  static class Provider {
  }

  /** The stock resource server: Spring's documented setup, scopes checked in authorizeHttpRequests. */
  @SpringBootConfiguration
  @EnableAutoConfiguration(excludeName = {NO_DATABASE, NO_DATABASE_4})
  @Import(ResourceServer.Data.class)
  static class ResourceServer {
    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
      return http.authorizeHttpRequests(requests -> requests.anyRequest().hasAuthority("SCOPE_api"))
          .oauth2ResourceServer(server -> server.jwt(jwt -> { }))
          .build();
    }

    @RestController
    public static class Data {
      @GetMapping("/data")
      public String data(java.security.Principal principal) {
        return "data for " + principal.getName();
      }
    }
  }
}
