package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Hostile bytes over raw sockets against the standalone server (in this JVM, so its log is
 * captured as written): malformed request lines, broken percent-encoding, broken UTF-8,
 * duplicate and oversized parameters, at every endpoint with every method. Nothing may answer a
 * 5xx, and no log line may carry a query value, a token or a secret.
 */
class HostileRequestsIT {
  /** In every query and body value: a log line containing it printed request input. */
  private static final String MARK = "m4rk" + UUID.randomUUID().toString().replace("-", "");
  private static final List<String> PATHS = List.of("/.well-known/openid-configuration",
      "/.well-known/oauth-authorization-server", "/jwks", "/authorize", "/token", "/userinfo", "/introspect",
      "/revoke", "/logout", "/interaction/login", "/interaction/consent", "/interaction/resume", "/health",
      "/health/ready", "/no-such-endpoint");
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD",
      "TRACE", "FOO");
  private static final int TIMEOUT_MILLIS = 15_000;

  private static StandaloneServer server;
  private static CapturedLog log;
  private static String clientSecret;
  private static String password;
  private static String accessToken;

  @BeforeAll
  static void start() throws Exception {
    log = CapturedLog.attach();
    server = StandaloneServer.start(Map.of("SSO_PORT", "0"));
    String banner = String.join("\n", server.banner());
    clientSecret = banner.replaceAll("(?s).*client_secret=(\\S+).*", "$1");
    password = banner.replaceAll("(?s).*username=demo password=(\\S+).*", "$1");
    HttpResponse<String> token = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.issuer().resolve("/token"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            ("demo-web:" + clientSecret).getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=api")).build(),
        HttpResponse.BodyHandlers.ofString());
    accessToken = token.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
    assertThat(accessToken).startsWith("eyJ");
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (log != null) {
      log.close();
    }
  }

  /** The status of the raw answer, or -1 when the server closed the connection without one. */
  private record Answer(int status, String head, String body) {}

  private static Answer raw(byte[] request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(request);
        out.flush();
        socket.shutdownOutput();
      } catch (IOException e) {
        // the server may refuse early (oversized body) and close: read what it answered
      }
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) > 0; ) {
          answer.write(buffer, 0, n);
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("no answer within " + TIMEOUT_MILLIS + " ms", e);
      } catch (IOException e) {
        // connection reset after the answer: keep what arrived
      }
      String text = answer.toString(StandardCharsets.ISO_8859_1);
      if (!text.startsWith("HTTP/1.1 ")) {
        return new Answer(-1, text, "");
      }
      int end = text.indexOf("\r\n\r\n");
      return new Answer(Integer.parseInt(text.substring(9, 12)), end < 0 ? text : text.substring(0, end),
          end < 0 ? "" : text.substring(end + 4));
    }
  }

  private static Answer raw(String requestLatin1) throws IOException {
    return raw(requestLatin1.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] request(String method, byte[] target, String contentType, byte[] body) {
    String head = " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
        + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
        + (body == null ? "" : "Content-Length: " + body.length + "\r\n") + "\r\n";
    return concat(utf8(method + " "), target, utf8(head), body == null ? new byte[0] : body);
  }

  /** Queries as raw bytes: browsers' unencoded characters, broken escapes and UTF-8, repeats, sizes. */
  private static List<byte[]> queries() {
    List<byte[]> q = new ArrayList<>();
    for (String s : List.of("", "?state={" + MARK + "}", "?x=%E0%A4%A&m=" + MARK, "?%ZZ=" + MARK,
        "?m=" + MARK + "|^`\\\"<>{}", "?m=%C3%28" + MARK, "?access_token=" + accessToken + "&m=" + MARK,
        "?client_secret=" + clientSecret + "&password=" + password + "&m=" + MARK, "?m=" + MARK + "&m=" + MARK,
        "?big=" + MARK + "A".repeat(6000), "?m=%00" + MARK, "?m=" + MARK + "%", "?m=" + MARK + "%2", "??m=" + MARK,
        "?=" + MARK + "&&&=", "?m=" + MARK + "%u0041", "?m=" + MARK + "%%32%35")) {
      q.add(utf8(s));
    }
    q.add(concat(utf8("?m=" + MARK), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xE0, (byte) 0xA4}));
    q.add(concat(utf8("?m=" + MARK), utf8("\u00e9\u4e2d\ud83d\ude00")));
    return q;
  }

  /** Form bodies: secrets, broken escapes and UTF-8, repeats, above the body limit. */
  private static List<byte[]> bodies() {
    List<byte[]> b = new ArrayList<>();
    for (String s : List.of("m=" + MARK + "&token=" + accessToken + "&client_secret=" + clientSecret,
        "grant_type=client_credentials&client_id=demo-web&client_secret=" + MARK,
        "username=demo&password=" + password + "&m=" + MARK, "m=%ZZ" + MARK, "m=" + MARK + "&m=" + MARK,
        "m=" + MARK + "&" + "n=1&".repeat(5000), "m=" + "B".repeat(70_000) + MARK)) {
      b.add(utf8(s));
    }
    b.add(concat(utf8("m=" + MARK), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF}));
    return b;
  }

  @Test
  void whenHostileRequestsHitEveryEndpointThenNo5xxAndNoSecretInTheLog() throws Exception {
    List<String> failures = new ArrayList<>();
    int sent = 0;
    for (String path : PATHS) {
      for (String method : METHODS) {
        for (byte[] query : queries()) {
          byte[] target = concat(utf8(path), query);
          check(failures, method + " " + path + " #" + sent, raw(request(method, target, null, null)));
          sent++;
        }
        if (method.equals("POST") || method.equals("PUT")) {
          for (byte[] body : bodies()) {
            for (String type : List.of("application/x-www-form-urlencoded", "application/json",
                "application/x-www-form-urlencoded; charset=ISO-8859-1")) {
              check(failures, method + " " + path + " body #" + sent,
                  raw(request(method, utf8(path), type, body)));
              sent++;
            }
          }
        }
      }
    }
    for (String line : malformedRequests()) {
      check(failures, "malformed #" + sent, raw(line));
      sent++;
    }
    assertThat(failures).as("requests answered 5xx or not at all, of %d", sent).isEmpty();
    assertNoSecretInLog();
  }

  private static void check(List<String> failures, String what, Answer a) {
    if (a.status() < 100 || a.status() >= 500) {
      failures.add(what + " -> " + a.status() + " " + a.head().lines().findFirst().orElse("(nothing)"));
    }
  }

  /** Request lines and headers no HTTP client should send. */
  private static List<String> malformedRequests() {
    String end = "Host: localhost\r\nConnection: close\r\n\r\n";
    return List.of(
        "GET /jwks{" + MARK + "} HTTP/1.1\r\n" + end,
        "GET  /jwks?m=" + MARK + " HTTP/1.1\r\n" + end,
        "GET /jwks?m=" + MARK + " HTTP/9.9\r\n" + end,
        "GET /jwks?m=" + MARK + "\r\n\r\n",
        "GET http://evil.example/token?m=" + MARK + " HTTP/1.1\r\n" + end,
        "GET /%2e%2e/jwks?m=" + MARK + " HTTP/1.1\r\n" + end,
        "GET /jwks/../token?m=" + MARK + " HTTP/1.1\r\n" + end,
        "GET /jwks%2F..%2Ftoken?m=" + MARK + " HTTP/1.1\r\n" + end,
        "GET /token;jsessionid=" + MARK + " HTTP/1.1\r\n" + end,
        "GET //token?m=" + MARK + " HTTP/1.1\r\n" + end,
        "GET /authorize?m=" + MARK + " x HTTP/1.1\r\n" + end,
        "GET /jwks?m=" + MARK + " HTTP/1.1\n" + end.replace("\r\n", "\n"),
        "GET /jwks?m=" + MARK + " HTTP/1.1\r\nHost: localhost\r\nNoColon" + MARK + "\r\n\r\n",
        "GET /jwks?m=" + MARK + " HTTP/1.1\r\nHost: localhost\r\nX: a\r\n folded " + MARK + "\r\n\r\n",
        "GET /jwks?m=" + MARK + " HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n",
        "GET /jwks?m=" + MARK + " HTTP/1.1\r\nHost: localhost\r\nX: \u0000" + MARK + "\r\n\r\n",
        "GET /userinfo?m=" + MARK + " HTTP/1.1\r\nAuthorization: Bearer " + MARK + "\u00ff\r\n" + end,
        "GET /userinfo?m=" + MARK + " HTTP/1.1\r\nX-Big: " + "h".repeat(20_000) + MARK + "\r\n" + end,
        "GET /token?m=" + MARK + "x".repeat(20_000) + " HTTP/1.1\r\n" + end,
        "POST /token?m=" + MARK + " HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n" + end + "0\r\n\r\n",
        "POST /token HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + end + "zz\r\nm=" + MARK + "\r\n0\r\n\r\n",
        "POST /token HTTP/1.1\r\nContent-Length: -1\r\n" + end + "m=" + MARK,
        "POST /token HTTP/1.1\r\nContent-Length: 100\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + end + "m=" + MARK,
        "POST /token HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
            + (10 + MARK.length()) + "\r\nExpect: 100-continue\r\n" + end + "m=" + MARK + "&token=",
        "\u0000\u0001\u0002" + MARK + "\r\n\r\n",
        "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + MARK,
        "CONNECT localhost:1 HTTP/1.1\r\n" + end);
  }

  private static void assertNoSecretInLog() {
    // the capture works: the start-up line went through it
    assertThat(log.lines()).anyMatch(l -> l.contains("listening on port " + server.port()));
    for (String line : log.lines()) {
      assertThat(line).doesNotContain(MARK).doesNotContain(clientSecret).doesNotContain(password)
          .doesNotContain(accessToken.substring(0, accessToken.indexOf('.') + 12)).doesNotContain("?m=")
          .doesNotContain("access_token=").doesNotContain("client_secret=");
    }
  }

  @Test
  void whenTheReviewsUrlsAreSentThenEach400AndNothingLogged() throws Exception {
    int before = log.lines().size();
    Answer authorize = raw(request("GET", utf8("/authorize?client_id=x&state={x}"), null, null));
    assertThat(authorize.status()).isEqualTo(400);
    assertThat(authorize.head()).containsIgnoringCase("Content-Type: text/html");
    Answer jwks = raw(request("GET", utf8("/jwks?x=%E0%A4%A"), null, null));
    assertThat(jwks.status()).isEqualTo(400);
    assertThat(jwks.body()).contains("\"error\":\"invalid_request\"");
    Answer token = raw(request("POST", utf8("/token?x={"), "application/x-www-form-urlencoded",
        utf8("grant_type=client_credentials")));
    assertThat(token.status()).isEqualTo(400);
    assertThat(token.body()).contains("\"error\":\"invalid_request\"");
    Answer logout = raw(request("GET", utf8("/logout?id_token_hint=" + accessToken + "&state=a|b"), null, null));
    assertThat(logout.status()).isEqualTo(400);
    assertThat(logout.head()).containsIgnoringCase("Content-Type: text/html");
    Answer ambiguous = raw(request("GET", utf8("/jwks/%2e%2e/x?token=" + accessToken), null, null));
    assertThat(ambiguous.status()).isEqualTo(400);
    // Jetty's own refusal: JSON, and the URL (with its token) not echoed
    assertThat(ambiguous.body()).contains("\"error\":\"invalid_request\"").doesNotContain(accessToken);
    assertThat(log.lines().subList(before, log.lines().size())).isEmpty();
  }

  @Test
  void whenBrowserSendsUnencodedPipeBracesCaretBackslashThenTheAuthorizationRequestIsAccepted() throws Exception {
    String state = "a|b{c}^d\\e";
    String target = "/authorize?response_type=code&client_id=demo-spa&redirect_uri=http://localhost:8080/callback"
        + "&scope=openid&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
        + "&state=" + state;
    Answer toLogin = raw(request("GET", utf8(target), null, null));
    assertThat(toLogin.status()).as(toLogin.body()).isEqualTo(302);
    assertThat(toLogin.head()).contains("Location: " + server.issuer() + "/interaction/login?interaction=");

    // prompt=none without a session: the error goes back to the client with the state as the browser sent it
    Answer none = raw(request("GET", utf8(target + "&prompt=none"), null, null));
    assertThat(none.status()).as(none.body()).isEqualTo(302);
    String location = none.head().lines().filter(l -> l.startsWith("Location: ")).findFirst().orElseThrow()
        .substring("Location: ".length());
    AuthorizationErrorResponse error = AuthorizationResponse.parse(URI.create(location)).toErrorResponse();
    assertThat(error.getErrorObject().getCode()).isEqualTo("login_required");
    assertThat(error.getState().getValue()).isEqualTo(state);
  }
}
