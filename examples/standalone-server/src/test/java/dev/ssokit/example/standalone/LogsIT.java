package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code SSO_LOG_FORMAT=json} and {@code SSO_ACCESS_LOG=true} as an operator's log pipeline sees
 * them (a child JVM: logback reads its format at start), and security events as log lines.
 */
class LogsIT {
  private static final URI CALLBACK = URI.create("http://localhost:8080/callback");

  @Test
  void whenJsonFormatThenEveryLineIsAJsonObjectAndAccessLinesHaveNoQuery() throws Exception {
    List<String> lines;
    try (ChildServer.Running child = ChildServer.start(Map.of("SSO_PORT", "0", "SSO_LOG_FORMAT", "json",
        "SSO_ACCESS_LOG", "true", "SSO_TRUSTED_PROXIES", "127.0.0.1"))) {
      String listening = child.awaitLine(l -> l.contains("listening on port"));
      int port = Integer.parseInt(listening.replaceAll(".*listening on port (\\d+).*", "$1"));
      URI issuer = URI.create("http://localhost:" + port);
      HttpClient http = HttpClient.newHttpClient();
      assertThat(http.send(HttpRequest.newBuilder(issuer.resolve("/health?probe=secret-query-value")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      // behind a trusted proxy the access log names the client the proxy names, as the limits do
      assertThat(http.send(HttpRequest.newBuilder(issuer.resolve("/health/ready"))
          .header("X-Forwarded-For", "203.0.113.7").build(), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
      Browser.Flow failed = new Browser().authorize(issuer, "demo-spa", CALLBACK, "openid", "demo",
          "not-the-password");
      assertThat(failed.code()).isNull();
      child.awaitLine(l -> l.contains("login.failure"));
      child.awaitLine(l -> l.contains("\"dev.ssokit.access\"") && l.contains("health"));
      lines = child.stop();
    }

    List<Map<String, Object>> objects = new ArrayList<>();
    for (String line : lines) {
      try {
        objects.add(JSONObjectUtils.parse(line));
      } catch (java.text.ParseException e) {
        throw new AssertionError("not a JSON object: " + line, e);
      }
    }
    assertThat(objects).isNotEmpty().allSatisfy(o -> assertThat(o).containsKeys("timestamp", "level", "logger",
        "message"));
    List<Map<String, Object>> access = objects.stream().filter(o -> "dev.ssokit.access".equals(o.get("logger")))
        .toList();
    assertThat(access).extracting(o -> (String) o.get("message"))
        .anySatisfy(m -> assertThat(m).startsWith("GET /health 200 ").endsWith(" 127.0.0.1"))
        .anySatisfy(m -> assertThat(m).startsWith("GET /health/ready 200 ").endsWith(" 203.0.113.7"))
        .anySatisfy(m -> assertThat(m).startsWith("GET /authorize 302 "))
        .allSatisfy(m -> assertThat(m).doesNotContain("?").doesNotContain("secret-query-value"));
    assertThat(access).allSatisfy(o -> assertThat(o).containsKey("request_id"));
    assertThat(objects).filteredOn(o -> "dev.ssokit.audit".equals(o.get("logger")))
        .anySatisfy(o -> {
          assertThat(o).containsEntry("level", "WARN").containsEntry("client_id", "demo-spa");
          assertThat((String) o.get("message")).contains("login.failure");
        });
    assertThat(lines).noneMatch(l -> l.contains("not-the-password"));
    // the demo banner is logged, its secrets are not
    assertThat(lines).anyMatch(l -> l.contains("client_id=demo-web client_secret=(not logged"))
        .anyMatch(l -> l.contains("username=demo password=(not logged"))
        .noneMatch(l -> l.matches(".*(client_secret|password)=[^(].*"));
  }

  @Test
  void whenLoginFailsThenASecurityEventLineNamesTypeAndClientWithoutThePassword() throws Exception {
    try (CapturedLog log = CapturedLog.attach();
         StandaloneServer server = StandaloneServer.start(Map.of("SSO_PORT", "0"))) {
      new Browser().authorize(server.issuer(), "demo-spa", CALLBACK, "openid", "demo", "wrong-password-1");
      assertThat(log.lines()).anySatisfy(l -> assertThat(l)
          .startsWith("WARN dev.ssokit.audit - security event login.failure client_id=demo-spa"));
      assertThat(log.lines()).noneMatch(l -> l.contains("wrong-password-1"));
    }
  }

  @Test
  void whenAccessLogIsOffThenNoAccessLines() throws Exception {
    try (CapturedLog log = CapturedLog.attach();
         StandaloneServer server = StandaloneServer.start(Map.of("SSO_PORT", "0"))) {
      HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.issuer().resolve("/health")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(log.lines()).noneMatch(l -> l.contains("dev.ssokit.access"));
    }
  }
}
