package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoProvider;
import dev.ssokit.SsoSettings;
import dev.ssokit.redis.RedisCache;
import dev.ssokit.testkit.TcpProxy;
import dev.ssokit.testkit.TestServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Redis outage seen from the endpoints (issue 4, failure behaviour): the provider reaches Redis
 * through a {@link TcpProxy}; while it is cut, whatever needs the cache answers a clean 503
 * (OAuth JSON {@code temporarily_unavailable} at back-channel endpoints, an HTML page in the
 * browser), nothing is issued on a half-done step, and once the path is restored the same provider
 * serves again without a restart.
 *
 * <p>What needs the cache: redeeming a code ({@code take}), opaque access tokens ({@code put}),
 * sessions and interactions ({@code /authorize} and the login form), the revocation list
 * (introspection, the bearer filter). What does not: JWT {@code client_credentials} tokens and JWKS.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedisOutageEndpointsIT {
  private static final URI REDIRECT = URI.create("http://localhost:8080/callback");
  private static final String SCOPE = "openid profile";
  private static final String USERNAME = "alice";
  private static final String PASSWORD = "correct horse battery staple";
  /** Longest wait for the provider to serve again once Redis is reachable (pooled dead connections are replaced). */
  private static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(30);

  private final Clock clock = Clock.systemUTC();
  private final String prefix = TestRedis.freshPrefix();
  private TcpProxy redisPath;
  private ProviderNode node;
  private URI issuer;
  private BackChannel web;
  private BackChannel opaqueService;
  private BackChannel jwtService;

  @BeforeEach
  void start() throws Exception {
    TestServices.Redis redis = TestServices.redis();
    redisPath = TcpProxy.start(redis.host(), redis.port());
    RedisCache cache = RedisCache.connect(redis.urlVia("127.0.0.1", redisPath.port()), prefix, clock);
    node = ProviderNode.start(null, iss -> SsoProvider.builder(SsoSettings.builder(iss).build())
        .clock(clock).cache(cache).build()).closeWith(cache);
    issuer = node.uri();
    SsoProvider provider = node.provider();
    web = new BackChannel(issuer, "web", register(provider, "web", Set.of("authorization_code"),
        Set.of("openid", "profile"), "jwt"));
    opaqueService = new BackChannel(issuer, "svc-opaque", register(provider, "svc-opaque",
        Set.of("client_credentials"), Set.of("api"), "opaque"));
    jwtService = new BackChannel(issuer, "svc-jwt", register(provider, "svc-jwt", Set.of("client_credentials"),
        Set.of("api"), "jwt"));
    provider.users().create(USERNAME, PASSWORD, "alice@example.com", Map.of("name", "Alice"));
  }

  private static String register(SsoProvider provider, String clientId, Set<String> grants, Set<String> scopes,
                                 String tokenFormat) {
    return provider.clients().register(new ClientRegistration(clientId, clientId, List.of(REDIRECT), List.of(),
        grants, scopes, "client_secret_basic", "web", tokenFormat)).clientSecret();
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (node != null) {
        node.close();
      }
      redisPath.close();
    } finally {
      TestRedis.deleteKeys(prefix);
    }
  }

  @Test
  void whenRedisIsCutThenEndpointsNeedingItAnswer503AndAfterRestoreTheUnspentCodeStillWorks() throws Exception {
    Browser browser = new Browser();
    Browser.Flow flow = browser.authorize(issuer, "web", REDIRECT, SCOPE, USERNAME, PASSWORD);
    assertThat(flow.code()).isNotNull();
    String jwtBefore = AccessTokenResponse.parse(jwtService.clientCredentials("api")).getTokens()
        .getAccessToken().getValue();

    redisPath.cut();

    // code redemption needs the cache (take): 503, no token, and the code is not spent
    assertTemporarilyUnavailableJson(web.redeem(flow));
    // an opaque access token lives in the cache: none can be issued
    assertTemporarilyUnavailableJson(opaqueService.clientCredentials("api"));
    // introspection checks the revocation list in the cache
    assertTemporarilyUnavailableJson(web.introspectResponse(jwtBefore));
    // a JWT client_credentials token needs neither cache nor database: still issued
    HTTPResponse jwt = jwtService.clientCredentials("api");
    assertThat(jwt.getStatusCode()).as(jwt.getBody()).isEqualTo(200);
    assertThat(get(URI.create(issuer + "/jwks")).statusCode()).isEqualTo(200);

    // the browser: session lookup (signed in) and interaction creation (signed out) need the cache
    URI authorize = Browser.authorizationRequest(issuer, "web", REDIRECT, SCOPE,
        new CodeVerifier()).toURI();
    assertTemporarilyUnavailablePage(browser.get(authorize));
    assertTemporarilyUnavailablePage(new Browser().get(authorize));

    // the host's API: the bearer filter cannot check revocation, so it neither accepts nor rejects the token
    HttpResponse<String> api = callApi(jwtBefore);
    assertThat(api.statusCode()).as(api.body()).isEqualTo(503);
    assertThat(JSONObjectUtils.parse(api.body())).containsEntry("error", "temporarily_unavailable");

    redisPath.restore();

    awaitUntil(() -> opaqueService.clientCredentials("api").getStatusCode() == 200);
    // the code was not consumed by the failed redemption: it is redeemed once, now
    HTTPResponse redeemed = web.redeem(flow);
    assertThat(redeemed.getStatusCode()).as(redeemed.getBody()).isEqualTo(200);
    BearerAccessToken accessToken = OIDCTokenResponse.parse(redeemed).getOIDCTokens().getBearerAccessToken();
    assertThat(callApi(accessToken.getValue()).statusCode()).isEqualTo(200);
    assertThat(web.redeem(flow).getStatusCode()).isEqualTo(400);
    // single sign-on works again with the session made before the outage
    Browser.Flow again = browser.authorize(issuer, "web", REDIRECT, SCOPE, USERNAME, PASSWORD);
    assertThat(again.code()).isNotNull();
    assertThat(again.sawLoginForm()).isFalse();
  }

  @Test
  void whenRedisIsCutDuringLoginThenTheFormAnswers503AndAfterRestoreTheSameLoginCompletes() throws Exception {
    Browser browser = new Browser();
    URI authorize = Browser.authorizationRequest(issuer, "web", REDIRECT, SCOPE,
        new CodeVerifier()).toURI();
    HttpResponse<String> toLogin = browser.get(authorize);
    assertThat(toLogin.statusCode()).isEqualTo(302);
    HttpResponse<String> page = browser.get(URI.create(toLogin.headers().firstValue("Location").orElseThrow()));
    assertThat(page.statusCode()).isEqualTo(200);
    Map<String, String> form = Browser.hiddenInputs(page.body());
    form.put("username", USERNAME);
    form.put("password", PASSWORD);
    URI login = URI.create(issuer + "/interaction/login");

    redisPath.cut();
    assertTemporarilyUnavailablePage(browser.postForm(login, form));
    assertThat(browser.cookie("ssokit_session")).as("no session started during the outage").isEmpty();

    redisPath.restore();
    awaitUntil(() -> get(URI.create(issuer + "/interaction/login?interaction=" + form.get("interaction")))
        .statusCode() != 503);
    HttpResponse<String> loggedIn = browser.postForm(login, form);
    assertThat(loggedIn.statusCode()).as(loggedIn.body()).isEqualTo(303);
    assertThat(browser.cookie("ssokit_session")).isPresent();
  }

  private static void assertTemporarilyUnavailableJson(HTTPResponse response) throws Exception {
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(503);
    assertThat(response.getHeaderValue("Retry-After")).isNotBlank();
    Map<String, Object> body = JSONObjectUtils.parse(response.getBody());
    // RFC 6749 §5.2 error object, and nothing issued
    assertThat(body).containsEntry("error", "temporarily_unavailable")
        .doesNotContainKeys("access_token", "refresh_token", "id_token", "active");
  }

  private static void assertTemporarilyUnavailablePage(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
    assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
    assertThat(response.headers().firstValue("Retry-After")).isPresent();
    assertThat(response.headers().firstValue("Location")).isEmpty();
    assertThat(response.body()).containsIgnoringCase("temporarily unavailable");
  }

  private HttpResponse<String> callApi(String accessToken) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(issuer + ProviderNode.API_PATH))
        .header("Authorization", "Bearer " + accessToken).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Retries {@code condition} until it holds or {@link #RECOVERY_DEADLINE} passes. No pause between
   * attempts: each one is a real request that fails fast while the path is down.
   */
  private static void awaitUntil(Callable<Boolean> condition) throws Exception {
    Instant deadline = Instant.now().plus(RECOVERY_DEADLINE);
    int attempts = 0;
    while (Instant.now().isBefore(deadline)) {
      attempts++;
      if (condition.call()) {
        return;
      }
    }
    throw new AssertionError("the provider did not recover within " + RECOVERY_DEADLINE + " (" + attempts
        + " attempts)");
  }
}
