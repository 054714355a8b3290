package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The response headers of the standalone server: nosniff everywhere, HSTS on https issuers, the
 * page headers, no server version, and CORS preflights answered only for origins that may read.
 */
class SecurityHeadersIT {
  private static final String DEMO_ORIGIN = "http://localhost:8080";
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI local(StandaloneServer server, String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private HttpResponse<String> preflight(StandaloneServer server, String path, String origin, String method)
      throws Exception {
    return send(HttpRequest.newBuilder(local(server, path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin).header("Access-Control-Request-Method", method)
        .header("Access-Control-Request-Headers", "authorization, content-type"));
  }

  @Test
  void whenAnyAnswerIsSentThenNosniffAndNoServerVersion() throws Exception {
    try (StandaloneServer server = StandaloneServer.start(Map.of("SSO_PORT", "0"))) {
      List<HttpResponse<String>> answers = List.of(
          send(HttpRequest.newBuilder(local(server, "/jwks"))),
          send(HttpRequest.newBuilder(local(server, "/.well-known/openid-configuration"))),
          send(HttpRequest.newBuilder(local(server, "/token")).header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))),
          send(HttpRequest.newBuilder(local(server, "/userinfo"))),
          send(HttpRequest.newBuilder(local(server, "/authorize?client_id=nobody"))),
          send(HttpRequest.newBuilder(local(server, "/jwks")).DELETE()),
          send(HttpRequest.newBuilder(local(server, "/nothing-here"))),
          send(HttpRequest.newBuilder(local(server, "/health"))),
          send(HttpRequest.newBuilder(local(server, "/jwks/%2e%2e/token"))));
      for (HttpResponse<String> r : answers) {
        assertThat(r.headers().firstValue("X-Content-Type-Options")).as(r.uri() + " " + r.statusCode())
            .hasValue("nosniff");
        assertThat(r.headers().firstValue("Server")).as(r.uri().toString()).isEmpty();
        // http issuer: no HSTS (it would pin a host that has no https)
        assertThat(r.headers().firstValue("Strict-Transport-Security")).as(r.uri().toString()).isEmpty();
      }
    }
  }

  @Test
  void whenIssuerIsHttpsThenEveryProviderAnswerCarriesHstsForOneYear() throws Exception {
    try (StandaloneServer server = StandaloneServer.start(Map.of("SSO_PORT", "0", "SSO_ISSUER",
        "https://sso.example.com"))) {
      for (String path : List.of("/jwks", "/.well-known/openid-configuration", "/userinfo", "/authorize?client_id=x")) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(local(server, path)));
        assertThat(r.headers().firstValue("Strict-Transport-Security")).as(path).hasValue("max-age=31536000");
      }
    }
  }

  @Test
  void whenAPageIsRenderedThenItIsolatesItsWindowAndSendsNoReferrer() throws Exception {
    try (StandaloneServer server = StandaloneServer.start(Map.of("SSO_PORT", "0"))) {
      HttpResponse<String> toLogin = send(HttpRequest.newBuilder(local(server, "/authorize?response_type=code"
          + "&client_id=demo-spa&redirect_uri=http://localhost:8080/callback&scope=openid"
          + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256")));
      assertThat(toLogin.statusCode()).isEqualTo(302);
      URI loginPage = URI.create(toLogin.headers().firstValue("Location").orElseThrow());
      HttpResponse<String> login = send(HttpRequest.newBuilder(local(server, loginPage.getRawPath() + "?"
          + loginPage.getRawQuery())));
      HttpResponse<String> error = send(HttpRequest.newBuilder(local(server, "/authorize?client_id=nobody")));
      for (HttpResponse<String> page : List.of(login, error)) {
        HttpHeaders h = page.headers();
        assertThat(h.firstValue("Content-Type").orElseThrow()).as(page.uri().toString()).startsWith("text/html");
        assertThat(h.firstValue("Cross-Origin-Opener-Policy")).as(page.uri().toString()).hasValue("same-origin");
        assertThat(h.firstValue("Referrer-Policy")).as(page.uri().toString()).hasValue("no-referrer");
        assertThat(h.firstValue("X-Content-Type-Options")).as(page.uri().toString()).hasValue("nosniff");
      }
    }
  }

  @Test
  void whenPreflightComesFromAnOriginThatMayNotReadTheEndpointThenNoCorsHeaders() throws Exception {
    try (StandaloneServer server = StandaloneServer.start(Map.of("SSO_PORT", "0"))) {
      // the token and revocation endpoints: only the origins of registered redirect URIs
      for (String path : List.of("/token", "/revoke")) {
        HttpResponse<String> demo = preflight(server, path, DEMO_ORIGIN, "POST");
        assertThat(demo.headers().firstValue("Access-Control-Allow-Origin")).as(path).hasValue(DEMO_ORIGIN);
        assertThat(demo.headers().firstValue("Access-Control-Allow-Credentials")).as(path).isEmpty();
        for (String origin : List.of("https://evil.example", "http://localhost:8081", "null")) {
          HttpResponse<String> r = preflight(server, path, origin, "POST");
          assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(path + " " + origin).isEmpty();
          assertThat(r.headers().firstValue("Access-Control-Allow-Methods")).as(path + " " + origin).isEmpty();
        }
      }
      // navigations and server-to-server endpoints: no origin at all
      for (String path : List.of("/authorize", "/logout", "/introspect", "/interaction/login", "/interaction/consent")) {
        HttpResponse<String> r = preflight(server, path, DEMO_ORIGIN, "POST");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(path).isEmpty();
      }
      // public metadata and the bearer-only UserInfo: any origin, no credentials
      for (String path : List.of("/jwks", "/.well-known/openid-configuration", "/userinfo")) {
        HttpResponse<String> r = preflight(server, path, "https://anywhere.example", "GET");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).as(path).hasValue("*");
      }
    }
  }
}
