package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoProvider;
import dev.ssokit.SsoSettings;
import dev.ssokit.contract.MutableClock;
import dev.ssokit.postgres.PostgresStore;
import dev.ssokit.redis.RedisCache;
import dev.ssokit.testkit.PostgresSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 7 items 5 to 9, over real HTTP against two instances on one PostgreSQL schema and one Redis
 * (the state that ends sessions, codes and tokens is shared, so it holds whichever instance answers).
 * Time moves on a {@link MutableClock} both instances and the cache share: no sleeps.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SessionBoundTokensIT {
  private static final String A = "A";
  private static final String B = "B";
  private static final URI REDIRECT = URI.create("http://localhost:8080/web/callback");
  private static final String SCOPE = "openid profile offline_access";
  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern CSRF = Pattern.compile("name=\"csrf_token\" value=\"([^\"]*)\"");

  private final MutableClock clock = MutableClock.atNow();
  private final String prefix = TestRedis.freshPrefix();
  private PostgresSchema schema;
  private RoutingHttpProxy proxy;
  private ProviderNode a;
  private ProviderNode b;
  private URI issuer;
  private BackChannel web;
  private String aliceId;

  private void start(UnaryOperator<SsoSettings.Builder> settings) throws Exception {
    schema = PostgresSchema.create();
    proxy = new RoutingHttpProxy();
    issuer = proxy.uri();
    a = node(settings);
    b = node(settings);
    proxy.addBackend(A, a.uri());
    proxy.addBackend(B, b.uri());
    SsoProvider admin = a.provider();
    web = new BackChannel(issuer, "web", admin.clients().register(new ClientRegistration("web", "web",
        List.of(REDIRECT), List.of(), Set.of("authorization_code", "refresh_token"),
        Set.of("openid", "profile", "offline_access"), "client_secret_basic", "web", "jwt")).clientSecret());
    aliceId = admin.users().create("alice", PASSWORD, "alice@example.com", Map.of("name", "Alice")).orElseThrow().id();
    admin.users().create("mallory", PASSWORD, "mallory@example.com", Map.of("name", "Mallory"));
  }

  private ProviderNode node(UnaryOperator<SsoSettings.Builder> settings) throws Exception {
    PostgresStore store = PostgresStore.connect(schema.jdbcUrl(), schema.user(), schema.password());
    RedisCache cache = RedisCache.connect(TestRedis.url(), prefix, clock);
    return ProviderNode.start(issuer.toString(), iss -> SsoProvider.builder(settings.apply(SsoSettings.builder(iss))
                .build())
            .clock(clock).cache(cache)
            .clientStore(store.clients()).userStore(store.users()).consentStore(store.consents())
            .refreshTokenStore(store.refreshTokens()).signingKeyStore(store.signingKeys()).auditLog(store.auditLog())
            .build())
        .closeWith(cache).closeWith(store);
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (proxy != null) {
        proxy.close();
      }
      if (a != null) {
        a.close();
      }
      if (b != null) {
        b.close();
      }
    } finally {
      TestRedis.deleteKeys(prefix);
      if (schema != null) {
        schema.close();
      }
    }
  }

  // --- item 5: refresh-token families end -------------------------------------------------------

  @Test
  void whenFamilyIsOlderThanItsAbsoluteLifetimeThenRefreshIsInvalidGrantThoughUsedWithinTheIdleLifetime()
      throws Exception {
    start(s -> s.refreshTokenLifetime(Duration.ofDays(1)).refreshTokenAbsoluteLifetime(Duration.ofDays(3)));
    proxy.pin(A);
    String refreshToken = tokens(web.redeem(new Browser().authorize(issuer, "web", REDIRECT, SCOPE, "alice",
        PASSWORD))).getRefreshToken().getValue();

    // used every 20 hours, on alternating instances: each use is within the idle lifetime
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofHours(20));
      proxy.pin(i % 2 == 0 ? B : A);
      refreshToken = tokens(web.refresh(refreshToken)).getRefreshToken().getValue();
    }
    clock.advance(Duration.ofHours(13)); // 73 hours after the grant

    assertInvalidGrant(web.refresh(refreshToken));
  }

  @Test
  void whenRefreshTokenUnusedLongerThanTheIdleLifetimeThenInvalidGrant() throws Exception {
    start(s -> s.refreshTokenLifetime(Duration.ofDays(1)).refreshTokenAbsoluteLifetime(Duration.ofDays(3)));
    proxy.pin(A);
    String refreshToken = tokens(web.redeem(new Browser().authorize(issuer, "web", REDIRECT, SCOPE, "alice",
        PASSWORD))).getRefreshToken().getValue();
    clock.advance(Duration.ofHours(23));
    refreshToken = tokens(web.refresh(refreshToken)).getRefreshToken().getValue();
    clock.advance(Duration.ofHours(24).plusSeconds(1));

    proxy.pin(B);
    assertInvalidGrant(web.refresh(refreshToken));
  }

  // --- item 6: a code dies with its session -----------------------------------------------------

  @Test
  void whenUserLogsOutAtAThenTheCodeIssuedBeforeIsRefusedAtB() throws Exception {
    start(UnaryOperator.identity());
    proxy.pin(A);
    Browser browser = new Browser();
    Browser.Flow flow = browser.authorize(issuer, "web", REDIRECT, SCOPE, "alice", PASSWORD);
    assertThat(flow.code()).isNotNull();

    logout(browser);

    proxy.pin(B);
    assertInvalidGrant(web.redeem(flow));
  }

  @Test
  void whenSessionIdleTimeoutPassesBeforeRedemptionThenTheCodeIsRefused() throws Exception {
    start(s -> s.sessionIdleTimeout(Duration.ofMinutes(1)).authorizationCodeLifetime(Duration.ofMinutes(10)));
    proxy.pin(A);
    Browser.Flow flow = new Browser().authorize(issuer, "web", REDIRECT, SCOPE, "alice", PASSWORD);
    assertThat(flow.code()).isNotNull();

    clock.advance(Duration.ofMinutes(2)); // the code still has 8 minutes, its session has ended

    proxy.pin(B);
    assertInvalidGrant(web.redeem(flow));
  }

  // --- item 7: idle session timeout -------------------------------------------------------------

  @Test
  void whenSessionUnusedLongerThanTheIdleTimeoutThenTheLoginFormReturnsButUseKeepsItAlive() throws Exception {
    start(s -> s.sessionIdleTimeout(Duration.ofMinutes(10)));
    Browser browser = new Browser();
    proxy.pin(A);
    assertThat(browser.authorize(issuer, "web", REDIRECT, SCOPE, "alice", PASSWORD).sawLoginForm()).isTrue();

    // used every 8 minutes, on alternating instances: 24 minutes after login, still signed in
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofMinutes(8));
      proxy.pin(i % 2 == 0 ? B : A);
      Browser.Flow sso = browser.authorize(issuer, "web", REDIRECT, SCOPE, "nobody", "no password");
      assertThat(sso.sawLoginForm()).as("use %d", i).isFalse();
      assertThat(sso.code()).isNotNull();
    }
    clock.advance(Duration.ofMinutes(10));

    Browser.Flow afterIdle = browser.authorize(issuer, "web", REDIRECT, SCOPE, "alice", PASSWORD);
    assertThat(afterIdle.sawLoginForm()).isTrue();
  }

  @Test
  void whenSessionIsUsedAgainSoonThenItsIdleDeadlineIsNotRewritten() throws Exception {
    start(s -> s.sessionIdleTimeout(Duration.ofMinutes(10)));
    Browser browser = new Browser();
    proxy.pin(A);
    browser.authorize(issuer, "web", REDIRECT, SCOPE, "alice", PASSWORD);
    // RedisCache keeps values under <prefix>v:<key>
    String idleKey = prefix + "v:session-idle:" + sha256(browser.cookie("ssokit_session").orElseThrow());
    String written;
    try (var redis = TestRedis.newClient()) {
      written = redis.get(idleKey);
      assertThat(written).isNotNull();

      clock.advance(Duration.ofSeconds(50)); // less than a tenth of the idle timeout
      browser.authorize(issuer, "web", REDIRECT, SCOPE, "nobody", "no password");
      assertThat(redis.get(idleKey)).as("no cache write for a session used again within a tenth").isEqualTo(written);

      clock.advance(Duration.ofMinutes(1));
      browser.authorize(issuer, "web", REDIRECT, SCOPE, "nobody", "no password");
      assertThat(redis.get(idleKey)).as("slid forward once a tenth has passed").isNotEqualTo(written);
    }
  }

  // --- item 8: a second cookie of the session's name is not trusted -------------------------------

  @Test
  void whenRequestCarriesTwoSessionCookiesThenNeitherSessionIsUsed() throws Exception {
    start(UnaryOperator.identity());
    proxy.pin(A);
    Browser attacker = new Browser();
    attacker.authorize(issuer, "web", REDIRECT, SCOPE, "mallory", PASSWORD);
    Browser victim = new Browser();
    victim.authorize(issuer, "web", REDIRECT, SCOPE, "alice", PASSWORD);
    URI authorize = Browser.authorizationRequest(issuer, "web", REDIRECT, SCOPE,
        new com.nimbusds.oauth2.sdk.pkce.CodeVerifier()).toURI();

    // the attacker's cookie (set from a sibling domain) comes first, as the browser would send it
    HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(authorize)
        .header("Cookie", "ssokit_session=" + attacker.cookie("ssokit_session").orElseThrow()
            + "; ssokit_session=" + victim.cookie("ssokit_session").orElseThrow()).GET().build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(302);
    assertThat(answer.headers().firstValue("Location")).get().asString()
        .as("no code for either account: the login form").contains("/interaction/login").doesNotContain("code=");
  }

  // --- item 9: disabled and deleted accounts ------------------------------------------------------

  @Test
  void whenUserIsDisabledAtAThenItsTokensStopAtBAndItCannotSignInUntilEnabled() throws Exception {
    start(UnaryOperator.identity());
    proxy.pin(A);
    OIDCTokens tokens = tokens(web.redeem(new Browser().authorize(issuer, "web", REDIRECT, SCOPE, "alice",
        PASSWORD)));
    BearerAccessToken accessToken = tokens.getBearerAccessToken();
    assertThat(callApi(accessToken).statusCode()).isEqualTo(200);

    assertThat(a.provider().users().disable(aliceId)).isTrue();

    proxy.pin(B);
    assertEveryTokenRefused(tokens);
    Browser.Flow login = new Browser().authorize(issuer, "web", REDIRECT, SCOPE, "alice", PASSWORD);
    assertThat(login.code()).isNull();
    assertThat(login.last().statusCode()).isEqualTo(401);

    assertThat(b.provider().users().enable(aliceId)).isTrue();
    clock.advance(Duration.ofSeconds(1));
    proxy.pin(A);
    OIDCTokens again = tokens(web.redeem(new Browser().authorize(issuer, "web", REDIRECT, SCOPE, "alice",
        PASSWORD)));
    assertThat(callApi(again.getBearerAccessToken()).statusCode()).as("new tokens work").isEqualTo(200);
    assertThat(callApi(accessToken).statusCode()).as("the old ones stay revoked").isEqualTo(401);
  }

  @Test
  void whenUserIsDeletedAtAThenItsTokensStopAtB() throws Exception {
    start(UnaryOperator.identity());
    proxy.pin(A);
    OIDCTokens tokens = tokens(web.redeem(new Browser().authorize(issuer, "web", REDIRECT, SCOPE, "alice",
        PASSWORD)));

    assertThat(a.provider().users().delete(aliceId)).isTrue();

    proxy.pin(B);
    assertEveryTokenRefused(tokens);
  }

  private void assertEveryTokenRefused(OIDCTokens tokens) throws Exception {
    BearerAccessToken accessToken = tokens.getBearerAccessToken();
    assertThat(web.introspect(accessToken.getValue())).containsEntry("active", false);
    assertThat(web.introspect(tokens.getRefreshToken().getValue())).containsEntry("active", false);
    HttpResponse<String> userInfo = get(URI.create(issuer + "/userinfo"), accessToken);
    assertThat(userInfo.statusCode()).isEqualTo(401);
    HttpResponse<String> api = callApi(accessToken);
    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(api.headers().firstValue("WWW-Authenticate")).get().asString().contains("invalid_token");
    assertInvalidGrant(web.refresh(tokens.getRefreshToken().getValue()));
  }

  // --- helpers --------------------------------------------------------------------------------------

  private void logout(Browser browser) throws Exception {
    HttpResponse<String> page = browser.get(URI.create(issuer + "/logout"));
    Matcher csrf = CSRF.matcher(page.body());
    assertThat(csrf.find()).as("logout confirmation page: %s", page.body()).isTrue();
    HttpResponse<String> done = browser.postForm(URI.create(issuer + "/logout"),
        Map.of("csrf_token", csrf.group(1), "logout", "yes"));
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(browser.cookie("ssokit_session")).isEmpty();
  }

  private static OIDCTokens tokens(HTTPResponse response) throws Exception {
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(200);
    return OIDCTokenResponse.parse(response).getOIDCTokens();
  }

  private static void assertInvalidGrant(HTTPResponse response) {
    assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(400);
    assertThat(response.getBody()).contains("\"invalid_grant\"");
  }

  private HttpResponse<String> callApi(BearerAccessToken token) throws Exception {
    return get(URI.create(issuer + ProviderNode.API_PATH), token);
  }

  private static HttpResponse<String> get(URI uri, BearerAccessToken token) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
        .header("Authorization", token.toAuthorizationHeader()).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String sha256(String value) throws Exception {
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
        .digest(value.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }
}
