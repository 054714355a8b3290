package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.common.contenttype.ContentType;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.ssokit.contract.MutableClock;
import dev.ssokit.testkit.UnreachableCache;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 7 #11: request and failure budgets per client address and per client id, 429 + Retry-After beyond. */
class RateLimitsTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:10Z"));

  private SsoProvider provider(SsoSettings.Builder settings) {
    SsoProvider provider = SsoProvider.builder(settings.build()).clock(clock).build();
    LoginDriver.registerClient(provider);
    return provider;
  }

  private static HTTPResponse token(SsoProvider provider, String address, String clientId, String secret)
      throws Exception {
    HTTPRequest req = new HTTPRequest(HTTPRequest.Method.POST, URI.create("http://localhost:8080/token").toURL());
    req.setClientIPAddress(address);
    req.setEntityContentType(ContentType.APPLICATION_URLENCODED);
    req.setAuthorization("Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes()));
    req.setBody("grant_type=client_credentials&scope=api");
    return provider.handle(req);
  }

  private static String service(SsoProvider provider, String id) {
    return provider.clients().register(new ClientRegistration(id, null, List.of(), null,
        Set.of("client_credentials"), Set.of("api"), "client_secret_basic", null, null)).clientSecret();
  }

  @Test
  void whenOneAddressExceedsTheRequestLimitThenTokenAnswers429TemporarilyUnavailableWithRetryAfter() throws Exception {
    SsoProvider provider = provider(SsoSettings.builder("http://localhost:8080")
        .rateLimitPerIp(new SsoSettings.RateLimit(5, Duration.ofMinutes(1))));
    String secret = service(provider, "svc");
    for (int i = 0; i < 5; i++) {
      assertThat(token(provider, "192.0.2.1", "svc", secret).getStatusCode()).isEqualTo(200);
    }

    HTTPResponse limited = token(provider, "192.0.2.1", "svc", secret);

    assertThat(limited.getStatusCode()).isEqualTo(429);
    assertThat(limited.getHeaderValue("Retry-After")).isEqualTo("50");
    assertThat(JSONObjectUtils.parse(limited.getBody())).containsEntry("error", "temporarily_unavailable");
    assertThat(token(provider, "192.0.2.2", "svc", secret).getStatusCode()).as("another address").isEqualTo(200);
    clock.advance(Duration.ofSeconds(50));
    assertThat(token(provider, "192.0.2.1", "svc", secret).getStatusCode()).as("next window").isEqualTo(200);
  }

  @Test
  void whenOneClientIdExceedsItsLimitFromManyAddressesThenItGets429() throws Exception {
    SsoProvider provider = provider(SsoSettings.builder("http://localhost:8080")
        .rateLimitPerClient(new SsoSettings.RateLimit(3, Duration.ofMinutes(1))));
    String secret = service(provider, "svc");
    String other = service(provider, "other");
    for (int i = 0; i < 3; i++) {
      assertThat(token(provider, "192.0.2." + i, "svc", secret).getStatusCode()).isEqualTo(200);
    }

    assertThat(token(provider, "192.0.2.99", "svc", secret).getStatusCode()).isEqualTo(429);
    assertThat(token(provider, "192.0.2.99", "other", other).getStatusCode()).as("another client").isEqualTo(200);
  }

  @Test
  void whenOneAddressFloodsAClientThenItCannotUseUpTheClientsBudget() throws Exception {
    SsoProvider provider = provider(SsoSettings.builder("http://localhost:8080")
        .rateLimitPerIp(new SsoSettings.RateLimit(2, Duration.ofMinutes(1)))
        .rateLimitPerClient(new SsoSettings.RateLimit(4, Duration.ofMinutes(1))));
    String secret = service(provider, "svc");
    for (int i = 0; i < 50; i++) {
      assertThat(token(provider, "192.0.2.1", "svc", secret).getStatusCode()).isEqualTo(i < 2 ? 200 : 429);
    }
    // the flooding address spent 2 requests and one refused one of the client's 4, not 50
    assertThat(token(provider, "192.0.2.2", "svc", secret).getStatusCode()).as("another address").isEqualTo(200);
    clock.advance(Duration.ofSeconds(50));
    assertThat(token(provider, "192.0.2.1", "svc", secret).getStatusCode()).as("next window").isEqualTo(200);
  }

  @Test
  void whenOneAddressSendsManyWrongSecretsThenItIsRefusedWith429BeforeAnyCheck() throws Exception {
    SsoProvider provider = provider(SsoSettings.builder("http://localhost:8080"));
    String secret = service(provider, "svc");
    int unauthorized = 0;
    int limited = 0;
    for (int i = 0; i < 20; i++) {
      int status = token(provider, "192.0.2.1", "svc", "wrong-" + i).getStatusCode();
      unauthorized += status == 401 ? 1 : 0;
      limited += status == 429 ? 1 : 0;
    }

    assertThat(unauthorized).isEqualTo(SsoSettings.DEFAULT_FAILURE_LIMIT_PER_IP.requests());
    assertThat(limited).isEqualTo(20 - unauthorized);
    assertThat(token(provider, "192.0.2.1", "svc", secret).getStatusCode()).as("until the window ends").isEqualTo(429);
    assertThat(token(provider, "192.0.2.2", "svc", secret).getStatusCode()).as("other addresses").isEqualTo(200);
  }

  @Test
  void whenAnAttackerRotatesAddressesWithinOneIpv6Slash64ThenTheyShareOneFailureBudget() throws Exception {
    SsoProvider provider = provider(SsoSettings.builder("http://localhost:8080")
        .failureLimitPerIp(new SsoSettings.RateLimit(3, Duration.ofMinutes(1))));
    String secret = service(provider, "svc");
    for (int i = 1; i <= 3; i++) {
      assertThat(token(provider, "2001:db8:1:2::" + i, "svc", "wrong").getStatusCode()).isEqualTo(401);
    }

    assertThat(token(provider, "2001:db8:1:2:ffff::9", "svc", secret).getStatusCode()).isEqualTo(429);
    assertThat(token(provider, "2001:db8:1:3::1", "svc", secret).getStatusCode()).as("another /64").isEqualTo(200);
  }

  @Test
  void whenOneAddressTriesManyUsernamesThenTheLoginFormAnswers429() throws Exception {
    SsoProvider provider = provider(SsoSettings.builder("http://localhost:8080"));
    LoginDriver browser = new LoginDriver(provider, "192.0.2.1").start();
    int limited = 0;
    for (int i = 0; i < 40; i++) {
      int status = browser.login("user" + i, "password").getStatusCode();
      assertThat(status).isIn(401, 429);
      limited += status == 429 ? 1 : 0;
    }

    assertThat(limited).isEqualTo(40 - SsoSettings.DEFAULT_FAILURE_LIMIT_PER_IP.requests());
  }

  @Test
  void whenAuthorizeIsOverTheLimitThenTheBrowserGetsThe429PageWithRetryAfter() throws Exception {
    SsoProvider provider = provider(SsoSettings.builder("http://localhost:8080")
        .rateLimitPerIp(new SsoSettings.RateLimit(2, Duration.ofMinutes(1))));
    LoginDriver browser = new LoginDriver(provider, "192.0.2.1");
    browser.authorize();
    browser.authorize();

    HTTPResponse limited = browser.authorize();

    assertThat(limited.getStatusCode()).isEqualTo(429);
    assertThat(limited.getHeaderValue("Content-Type")).startsWith("text/html");
    assertThat(limited.getHeaderValue("Retry-After")).isNotNull();
  }

  @Test
  void whenIntrospectionAndRevocationAreOverTheLimitThenTheyAnswer429() throws Exception {
    SsoProvider provider = provider(SsoSettings.builder("http://localhost:8080")
        .rateLimitPerIp(new SsoSettings.RateLimit(1, Duration.ofMinutes(1))));
    String secret = service(provider, "svc");
    for (String endpoint : List.of("/introspect", "/revoke")) {
      int last = 0;
      for (int i = 0; i < 2; i++) {
        HTTPRequest req = new HTTPRequest(HTTPRequest.Method.POST, URI.create("http://localhost:8080" + endpoint).toURL());
        req.setClientIPAddress("192.0.2.1");
        req.setEntityContentType(ContentType.APPLICATION_URLENCODED);
        req.setAuthorization("Basic " + Base64.getEncoder().encodeToString(("svc:" + secret).getBytes()));
        req.setBody("token=abc");
        last = provider.handle(req).getStatusCode();
      }
      assertThat(last).as(endpoint).isEqualTo(429);
    }
  }

  @Test
  void whenDeviceAuthorizationIsOverTheLimitThenItAnswers429AndIssuesNoMoreCodes() throws Exception {
    SsoProvider provider = provider(SsoSettings.builder("http://localhost:8080")
        .rateLimitPerIp(new SsoSettings.RateLimit(2, Duration.ofMinutes(1))));
    provider.clients().register(new ClientRegistration("tv", null, List.of(), null,
        Set.of("urn:ietf:params:oauth:grant-type:device_code"), Set.of("openid"), "none", null, null));
    List<Integer> statuses = new java.util.ArrayList<>();
    HTTPResponse last = null;
    for (int i = 0; i < 3; i++) {
      HTTPRequest req = new HTTPRequest(HTTPRequest.Method.POST,
          URI.create("http://localhost:8080/device_authorization").toURL());
      req.setClientIPAddress("192.0.2.1");
      req.setEntityContentType(ContentType.APPLICATION_URLENCODED);
      req.setBody("client_id=tv&scope=openid");
      last = provider.handle(req);
      statuses.add(last.getStatusCode());
    }
    // every device authorization stores a code pair until it expires: the address budget bounds how many
    assertThat(statuses).containsExactly(200, 200, 429);
    assertThat(last.getHeaderValue("Retry-After")).isNotNull();
    assertThat(last.getBody()).doesNotContain("user_code");
    assertThat(JSONObjectUtils.parse(last.getBody())).containsEntry("error", "temporarily_unavailable");
  }

  @Test
  void whenSeveralLimitsAreExceededThenTheAddressAnswersFirstThenTheClientThenTheFailureBlock() throws Exception {
    SsoSettings.RateLimit one = new SsoSettings.RateLimit(1, Duration.ofMinutes(1));
    SsoProvider provider = provider(SsoSettings.builder("http://localhost:8080")
        .rateLimitPerIp(one).rateLimitPerClient(one).failureLimitPerIp(one));
    String secret = service(provider, "svc");
    assertThat(token(provider, "192.0.2.1", "svc", "wrong").getStatusCode()).isEqualTo(401);

    // the address, the client and the address's failures are all over their limits
    HTTPResponse address = token(provider, "192.0.2.1", "svc", secret);
    // another address: only the client is over
    HTTPResponse client = token(provider, "192.0.2.2", "svc", secret);
    // another endpoint (a request budget of its own per address and client): only the failures are over
    HTTPRequest introspect = new HTTPRequest(HTTPRequest.Method.POST, URI.create("http://localhost:8080/introspect").toURL());
    introspect.setClientIPAddress("192.0.2.1");
    introspect.setEntityContentType(ContentType.APPLICATION_URLENCODED);
    introspect.setAuthorization("Basic " + Base64.getEncoder().encodeToString(("svc:" + secret).getBytes()));
    introspect.setBody("token=abc");
    HTTPResponse failures = provider.handle(introspect);

    for (HTTPResponse limited : List.of(address, client, failures)) {
      assertThat(limited.getStatusCode()).isEqualTo(429);
      assertThat(limited.getHeaderValue("Retry-After")).isEqualTo("50");
    }
    assertThat(JSONObjectUtils.parse(address.getBody()))
        .containsEntry("error_description", "Too many requests from this address.");
    assertThat(JSONObjectUtils.parse(client.getBody()))
        .containsEntry("error_description", "Too many requests for this client.");
    assertThat(JSONObjectUtils.parse(failures.getBody()))
        .containsEntry("error_description", "Too many failed attempts from this address.");
  }

  @Test
  void whenTheCacheIsUnreachableThenRequestsPassAndTheLimitsPauseBeforeAskingItAgain() throws Exception {
    UnreachableCache unreachable = new UnreachableCache();
    SsoProvider provider = SsoProvider.builder(SsoSettings.builder("http://localhost:8080").build())
        .clock(clock).cache(unreachable).build();
    String secret = service(provider, "svc");

    assertThat(token(provider, "192.0.2.1", "svc", secret).getStatusCode()).isEqualTo(200);
    int asked = unreachable.calls();
    assertThat(token(provider, "192.0.2.1", "svc", secret).getStatusCode()).isEqualTo(200);
    assertThat(unreachable.calls()).as("paused: not asked again").isEqualTo(asked);
    clock.advance(Duration.ofSeconds(5));
    assertThat(token(provider, "192.0.2.1", "svc", secret).getStatusCode()).isEqualTo(200);

    assertThat(asked).isEqualTo(1);
    assertThat(unreachable.calls()).as("asked again after the pause").isEqualTo(2);
  }

  @Test
  void whenALimitIsMalformedThenSettingsRefuseIt() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SsoSettings.RateLimit.parse("ten/PT1M"))
        .hasMessageContaining("<requests>/<window>");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> SsoSettings.RateLimit.parse("0/PT1M"))
        .hasMessageContaining("at least 1");
    assertThat(SsoSettings.RateLimit.parse("10/60")).isEqualTo(new SsoSettings.RateLimit(10, Duration.ofMinutes(1)));
    assertThat(SsoSettings.RateLimit.parse("600/1m")).isEqualTo(new SsoSettings.RateLimit(600, Duration.ofMinutes(1)));
    assertThat(SsoSettings.RateLimit.parse("5/PT1H")).isEqualTo(new SsoSettings.RateLimit(5, Duration.ofHours(1)));
    assertThat(Map.of("limit", SsoSettings.DEFAULT_RATE_LIMIT_PER_IP.toString())).containsEntry("limit", "600/PT1M");
  }
}
