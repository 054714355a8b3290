package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.example.standalone.springclient.SpringClientApplication;
import dev.ssokit.testkit.FreePorts;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A stock Spring Security {@code oauth2Login} client (Spring Boot, default settings, confidential
 * client, no PKCE) signs in against the standalone server: the interoperability the PKCE policy
 * (RFC 9700 §2.1.1: a nonce instead of PKCE for confidential OpenID clients) exists for.
 */
class SpringOAuth2LoginClientIT {
  private static final String REGISTRATION = "ssokit";
  /** More steps than app, authorize, login, consent, callback and back to the app take. */
  private static final int MAX_STEPS = 15;

  @Test
  void whenStockSpringOAuth2LoginClientSignsInThenItsUserPageShowsTheUser(@TempDir Path dir) throws Exception {
    int appPort = FreePorts.belowEphemeralRange();
    URI app = URI.create("http://localhost:" + appPort);
    URI redirect = URI.create(app + "/login/oauth2/code/" + REGISTRATION);
    TestSeed seed = TestSeed.write(dir, "spring-app", redirect);
    try (StandaloneServer server = StandaloneServer.start(Map.of("SSO_PORT", "0",
        "SSO_SEED_FILE", seed.file().toString()));
         ConfigurableApplicationContext client = new SpringApplicationBuilder(SpringClientApplication.class)
             .properties(Map.of(
                 "server.port", appPort,
                 "spring.security.oauth2.client.registration." + REGISTRATION + ".client-id", seed.clientId(),
                 "spring.security.oauth2.client.registration." + REGISTRATION + ".client-secret", seed.clientSecret(),
                 "spring.security.oauth2.client.registration." + REGISTRATION + ".scope", "openid,profile,email",
                 "spring.security.oauth2.client.provider." + REGISTRATION + ".issuer-uri", server.issuer().toString()))
             .run()) {
      assertThat(client.getEnvironment().getProperty("local.server.port")).isEqualTo(String.valueOf(appPort));
      Browser browser = new Browser();
      List<String> visited = new ArrayList<>();
      HttpResponse<String> r = browser.get(app.resolve("/"));
      for (int step = 0; step < MAX_STEPS && (r.statusCode() != 200 || isForm(r)); step++) {
        visited.add(r.uri().getPath());
        if (isForm(r)) {
          Map<String, String> form = Browser.hiddenInputs(r.body());
          if (r.uri().getPath().equals("/interaction/login")) {
            form.put("username", seed.username());
            form.put("password", seed.password());
          } else {
            form.put("decision", "allow");
          }
          r = browser.postForm(r.uri().resolve(r.uri().getPath()), form);
        } else {
          assertThat(r.statusCode()).as("%s: %s", r.uri(), r.body()).isIn(302, 303);
          r = browser.get(r.uri().resolve(r.headers().firstValue("Location").orElseThrow()));
        }
      }
      assertThat(visited).as("%s: %s", r.uri(), r.body())
          .contains("/authorize", "/interaction/login", "/login/oauth2/code/" + REGISTRATION);
      assertThat(r.uri().getPath()).isEqualTo("/");
      assertThat(r.body()).startsWith("signed in: sub=").endsWith("email=alice@example.com");
    }
  }

  private static boolean isForm(HttpResponse<String> r) {
    return r.statusCode() == 200 && r.uri().getPath().startsWith("/interaction/");
  }
}
