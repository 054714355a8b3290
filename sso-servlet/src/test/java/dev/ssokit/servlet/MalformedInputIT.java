package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.ssokit.SsoSettings;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and broken input at every endpoint: nothing may yield a 5xx, and the JSON endpoints
 * answer a JSON object with an {@code error} member.
 */
class MalformedInputIT {
  /** Endpoints answering JSON. */
  static final List<String> JSON_PATHS = List.of("/.well-known/openid-configuration",
      "/.well-known/oauth-authorization-server", "/jwks", "/token", "/userinfo", "/introspect", "/revoke");
  /** Endpoints a browser navigates to (answer HTML pages or redirects). */
  static final List<String> BROWSER_PATHS = List.of("/authorize", "/logout", "/interaction/login",
      "/interaction/consent", "/interaction/resume");
  static final String KB10 = "x".repeat(10 * 1024);
  static final String KB100 = "y".repeat(100 * 1024);

  private static TestProvider provider;

  @BeforeAll
  static void start() throws Exception {
    // every request here comes from one address and many lack credentials: the per-address failure block
    // (10 a minute by default, tested in RateLimitsTest) would otherwise answer 429 in place of what is tested
    provider = TestProvider.start(s -> s.failureLimitPerIp(new SsoSettings.RateLimit(100_000, Duration.ofMinutes(1))));
  }

  @AfterAll
  static void stop() throws Exception {
    provider.close();
  }

  static Stream<String> allPaths() {
    return Stream.concat(JSON_PATHS.stream(), BROWSER_PATHS.stream());
  }

  static Stream<Arguments> pathsAndMethods() {
    return allPaths().flatMap(p -> Stream.of("PUT", "DELETE", "PATCH", "TRACE").map(m -> Arguments.of(p, m)));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    return provider.browser().send(request);
  }

  private static HttpRequest.Builder to(String pathAndQuery) {
    return HttpRequest.newBuilder(provider.uri(pathAndQuery));
  }

  private static HttpRequest.Builder form(String path, String body) {
    return to(path).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  /** Below 500; for JSON endpoints and any error, a JSON object with a string {@code error}. */
  static void assertHandled(String path, HttpResponse<String> r) {
    assertThat(r.statusCode()).as("%s %s -> %s", r.request().method(), path, r.body()).isBetween(200, 499);
    if (JSON_PATHS.contains(path) && r.statusCode() >= 400) {
      assertJsonError(path, r);
    }
  }

  static void assertJsonError(String path, HttpResponse<String> r) {
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .as("%s %s content type", r.request().method(), path).startsWith("application/json");
    Map<String, Object> json;
    try {
      json = JSONObjectUtils.parse(r.body());
    } catch (java.text.ParseException e) {
      throw new AssertionError(path + " answered no JSON: " + r.body(), e);
    }
    assertThat(json.get("error")).as("%s error member", path).isInstanceOf(String.class);
  }

  @ParameterizedTest(name = "{1} {0}")
  @MethodSource("pathsAndMethods")
  void whenMethodIsNotSupportedThenClientError(String path, String method) {
    HttpResponse<String> r = send(to(path).method(method, HttpRequest.BodyPublishers.ofString("a=b")));
    assertHandled(path, r);
    assertThat(r.statusCode()).isGreaterThanOrEqualTo(400);
    if (method.equals("PATCH")) {
      assertThat(r.statusCode()).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).hasValue("GET, POST");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allPaths")
  void whenOptionsThenNoContentWithAllowedMethods(String path) {
    HttpResponse<String> r = send(to(path).method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.headers().firstValue("Allow")).hasValue("GET, POST");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allPaths")
  void whenParametersAreMissingThenClientError(String path) {
    assertHandled(path, send(form(path, "")));
    assertHandled(path, send(to(path).GET()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allPaths")
  void whenParametersAreRepeatedThenClientError(String path) {
    String repeated = "client_id=webapp&client_id=spa&grant_type=client_credentials&grant_type=refresh_token"
        + "&token=a&token=b&interaction=a&interaction=b&response_type=code&response_type=code";
    assertHandled(path, send(form(path, repeated)));
    HttpResponse<String> get = send(to(path + "?" + repeated).GET());
    assertHandled(path, get);
    if (!path.startsWith("/.well-known") && !path.equals("/jwks")) {
      assertThat(get.statusCode()).isGreaterThanOrEqualTo(400);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allPaths")
  void whenValuesAre10KbThenClientError(String path) {
    HttpResponse<String> r = send(form(path, "client_id=" + KB10 + "&token=" + KB10 + "&grant_type=" + KB10
        + "&interaction=" + KB10));
    assertHandled(path, r);
    // A 10 KB URL: Jetty refuses it (414) before any filter runs, so that answer is the container's; never a 5xx.
    HttpResponse<String> longUrl = send(to(path + "?client_id=" + KB10).GET());
    if (longUrl.statusCode() == 414 || longUrl.statusCode() == 431) {
      return;
    }
    assertHandled(path, longUrl);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allPaths")
  void whenBodyIs100KbThenClientError(String path) {
    HttpResponse<String> r = send(form(path, "client_id=webapp&junk=" + KB100));
    assertHandled(path, r);
    assertThat(r.statusCode()).isGreaterThanOrEqualTo(400);
    // The same without Content-Length (chunked), so the limit cannot rely on the header.
    HttpResponse<String> chunked = send(to(path).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new ByteArrayInputStream(("client_id=webapp&junk=" + KB100).getBytes(StandardCharsets.UTF_8)))));
    assertHandled(path, chunked);
    assertThat(chunked.statusCode()).isGreaterThanOrEqualTo(400);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allPaths")
  void whenFormBodyIsGarbageThenClientError(String path) {
    for (String body : List.of("%%%", "=&=&==", "a=%ZZ&b=%", "\u0000\u0001\u00ff", "client_id=%E0%A4%A",
        "&&&&", "grant_type=authorization_code&code=%00%0a%0d")) {
      assertHandled(path, send(form(path, body)));
    }
    assertHandled(path, send(to(path).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, (byte) 0xc3}))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allPaths")
  void whenContentTypeIsWrongThenClientError(String path) {
    for (String type : List.of("application/json", "text/plain", "multipart/form-data; boundary=x", "garbage/;;;",
        "application/x-www-form-urlencoded; charset=nonexistent-charset")) {
      HttpResponse<String> r = send(to(path).header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(
          "{\"grant_type\":\"client_credentials\",\"client_id\":\"webapp\"}")));
      assertHandled(path, r);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("interactionPaths")
  void whenInteractionIdIsUnknownThenClientError(String path) {
    for (String id : List.of("unknown", "", "../../etc/passwd", "%00", KB10.substring(0, 3000), "a\"<script>")) {
      String q = "interaction=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
      HttpResponse<String> get = send(to(path + "?" + q).GET());
      assertHandled(path, get);
      assertThat(get.statusCode()).isEqualTo(400);
      assertThat(get.body()).doesNotContain("<script>");
      HttpResponse<String> post = send(form(path, q + "&csrf_token=x&username=alice&password=x&decision=allow"));
      assertHandled(path, post);
      // resume is GET only (the browser is redirected there): 405 for POST.
      assertThat(post.statusCode()).isEqualTo(path.endsWith("/resume") ? 405 : 400);
    }
  }

  static Stream<String> interactionPaths() {
    return Stream.of("/interaction/login", "/interaction/consent", "/interaction/resume");
  }

  static List<String> brokenJwts() throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(provider.issuer).subject(provider.userId)
        .audience(TestProvider.CLIENT_A).expirationTime(new Date(System.currentTimeMillis() + 600_000))
        .claim("scope", "openid " + TestProvider.API_SCOPE).claim("client_id", TestProvider.CLIENT_A).build();
    RSAKey foreign = new RSAKeyGenerator(2048).keyID(null).generate();
    SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt")).build(), claims);
    forged.sign(new RSASSASigner(foreign));
    SignedJWT forgedWithKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(new JOSEObjectType("at+jwt"))
        .keyID("../../unknown").build(), claims);
    forgedWithKid.sign(new RSASSASigner(foreign));
    String none = new PlainJWT(new PlainHeader.Builder().type(new JOSEObjectType("at+jwt")).build(), claims).serialize();
    String[] parts = forged.serialize().split("\\.");
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    List<String> out = new ArrayList<>(List.of("", "abc", "a.b.c", "....", "a.b", ".", "eyJ.eyJ.", none,
        none + "c2ln", parts[0] + "." + parts[1] + ".", forged.serialize(), forgedWithKid.serialize(),
        b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".",
        b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"at+jwt\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1]
            + "." + parts[2],
        b64.encodeToString("[1,2]".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + "." + parts[2],
        b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
            + b64.encodeToString("not json".getBytes(StandardCharsets.UTF_8)) + "." + parts[2],
        "x".repeat(5000)));
    return out;
  }

  @Test
  void whenIdTokenHintIsBrokenOrForgedThenLogoutAnswersClientErrorAndKeepsTheSession() throws Exception {
    Browser browser = provider.browser();
    RelyingParty a = RelyingParty.clientA(provider);
    a.signIn(browser, a.attempt());
    for (String hint : brokenJwts()) {
      HttpResponse<String> r = browser.get(provider.uri("/logout?id_token_hint=" + URLEncoder.encode(hint,
          StandardCharsets.UTF_8) + "&post_logout_redirect_uri=" + URLEncoder.encode(TestProvider.POST_LOGOUT_A.toString(),
          StandardCharsets.UTF_8)));
      assertHandled("/logout", r);
      assertThat(r.headers().firstValue("Location")).as(hint).isEmpty();
      assertThat(browser.cookie("ssokit_session")).as(hint).isPresent();
    }
  }

  @Test
  void whenBearerTokenIsBrokenOrForgedThenUserInfoAndApiAnswer401InvalidToken() throws Exception {
    for (String token : brokenJwts()) {
      if (token.isEmpty()) {
        continue;
      }
      for (String path : List.of("/userinfo", "/api/me")) {
        HttpResponse<String> r = send(to(path).header("Authorization", "Bearer " + token).GET());
        assertThat(r.statusCode()).as("%s %s", path, token).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
        assertJsonError(path, r);
      }
    }
  }

  @Test
  void whenAuthorizationHeaderIsMalformedThenUserInfoAndApiAnswer4xx() {
    for (String header : List.of("Bearer", "Bearer ", "Bearer a b c", "Basic abc", "bearer", "Token x", "Bearer \"x\"",
        "Bearer " + KB10.substring(0, 7000))) {
      for (String path : List.of("/userinfo", "/api/me")) {
        HttpResponse<String> r = send(to(path).header("Authorization", header).GET());
        assertThat(r.statusCode()).as("%s [%s]", path, header).isBetween(400, 499);
        assertJsonError(path, r);
      }
    }
  }

  @Test
  void whenBasicHeaderIsNotBase64ThenClientAuthenticationFailsWithJsonError() {
    Base64.Encoder b64 = Base64.getEncoder();
    List<String> headers = List.of("Basic !!!not-base64!!!", "Basic ", "Basic", "Basic " + b64.encodeToString(
        "no-colon".getBytes(StandardCharsets.UTF_8)), "Basic " + b64.encodeToString(":".getBytes(StandardCharsets.UTF_8)),
        "Basic " + b64.encodeToString("webapp:".getBytes(StandardCharsets.UTF_8)),
        "Basic " + b64.encodeToString("%zz:%zz".getBytes(StandardCharsets.UTF_8)),
        "Basic " + b64.encodeToString(new byte[] {(byte) 0xff, 0x3a, (byte) 0xfe}), "Basic ====", "Basic a===b");
    for (String path : List.of("/token", "/introspect", "/revoke")) {
      for (String header : headers) {
        HttpResponse<String> r = send(form(path, "grant_type=client_credentials&token=abc").header("Authorization", header));
        assertThat(r.statusCode()).as("%s [%s] %s", path, header, r.body()).isIn(400, 401);
        assertJsonError(path, r);
      }
    }
  }

  @Test
  void whenTokenRequestIsForAnUnknownGrantTypeThenUnsupportedGrantType() {
    // the implicit grant is gone from OAuth 2.1 (the password grant exists, for first-party clients only)
    HttpResponse<String> r = send(form("/token", "grant_type=implicit&username=alice&password=x")
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (TestProvider.CLIENT_A + ":" + provider.secretA).getBytes(StandardCharsets.UTF_8))));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"unsupported_grant_type\"");
  }

  @Test
  void whenAuthorizeHasGarbageParametersForAKnownClientThenErrorsAreRedirectedOrShown() {
    String base = "/authorize?client_id=" + TestProvider.CLIENT_A + "&redirect_uri="
        + URLEncoder.encode(TestProvider.REDIRECT_A.toString(), StandardCharsets.UTF_8);
    for (String extra : List.of("", "&response_type=token", "&response_type=code&scope=", "&response_type=code%20id_token",
        "&response_type=code&scope=openid&code_challenge=abc&code_challenge_method=S256",
        "&response_type=code&scope=openid&max_age=-1", "&response_type=code&scope=openid&max_age=abc",
        "&response_type=code&scope=openid&prompt=none%20login", "&response_type=code&scope=openid&prompt=bogus",
        "&response_type=code&scope=openid&response_mode=fragment", "&response_type=code&scope=openid&request=x.y.z",
        "&response_type=code&scope=openid&request_uri=urn:x", "&response_type=code&scope=openid%20admin",
        "&response_type=code&scope=openid&claims=%7B%7D&ui_locales=%00", "&redirect_uri=https://app.example.com/callback")) {
      HttpResponse<String> r = send(to(base + extra).GET());
      assertThat(r.statusCode()).as(extra).isIn(302, 400);
      if (r.statusCode() == 302) {
        Map<String, String> params = Browser.redirectParams(r);
        assertThat(params).as(extra).containsKey("error").containsEntry("iss", provider.issuer);
        assertThat(URI.create(r.headers().firstValue("Location").orElseThrow()).toString()).startsWith(
            TestProvider.REDIRECT_A.toString());
      }
    }
  }
}
