package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoProvider;
import dev.ssokit.SsoSettings;
import dev.ssokit.postgres.PostgresStore;
import dev.ssokit.redis.RedisCache;
import dev.ssokit.testkit.PostgresSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two provider instances with the same issuer (the load balancer's URL), sharing one
 * PostgreSQL schema and one Redis key prefix and nothing else, are one provider to clients. A
 * {@link RoutingHttpProxy} plays the load balancer; each test pins the steps to an instance, so
 * which instance serves which request is decided by the test, not by chance.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoadBalancedInstancesIT {
  private static final String A = "A";
  private static final String B = "B";
  private static final URI WEB_REDIRECT = URI.create("http://localhost:8080/web/callback");
  private static final URI CRM_REDIRECT = URI.create("http://localhost:8080/crm/callback");
  private static final String SCOPE = "openid profile offline_access";
  private static final String USERNAME = "alice";
  private static final String PASSWORD = "correct horse battery staple";

  private final Clock clock = Clock.systemUTC();
  private final String prefix = TestRedis.freshPrefix();
  private PostgresSchema schema;
  private RoutingHttpProxy proxy;
  private ProviderNode a;
  private ProviderNode b;
  private URI issuer;
  private BackChannel web;
  private BackChannel crm;

  @BeforeEach
  void startTwoInstances() throws Exception {
    schema = PostgresSchema.create();
    proxy = new RoutingHttpProxy();
    issuer = proxy.uri();
    // one after the other, as a rolling start would: A generates the signing key, B reads it
    a = node();
    b = node();
    proxy.addBackend(A, a.uri());
    proxy.addBackend(B, b.uri());
    SsoProvider admin = a.provider();
    web = new BackChannel(issuer, "web", register(admin, "web", WEB_REDIRECT));
    crm = new BackChannel(issuer, "crm", register(admin, "crm", CRM_REDIRECT));
    admin.users().create(USERNAME, PASSWORD, "alice@example.com", Map.of("name", "Alice"));
  }

  private ProviderNode node() throws Exception {
    PostgresStore store = PostgresStore.connect(schema.jdbcUrl(), schema.user(), schema.password());
    RedisCache cache = RedisCache.connect(TestRedis.url(), prefix, clock);
    return ProviderNode.start(issuer.toString(), iss -> SsoProvider.builder(SsoSettings.builder(iss).build())
            .clock(clock).cache(cache)
            .clientStore(store.clients()).userStore(store.users()).consentStore(store.consents())
            .refreshTokenStore(store.refreshTokens()).signingKeyStore(store.signingKeys()).auditLog(store.auditLog())
            .build())
        .closeWith(cache).closeWith(store);
  }

  private static String register(SsoProvider provider, String clientId, URI redirect) {
    return provider.clients().register(new ClientRegistration(clientId, clientId, List.of(redirect), List.of(),
        Set.of("authorization_code", "refresh_token"), Set.of("openid", "profile", "offline_access"),
        "client_secret_basic", "web", "jwt")).clientSecret();
  }

  @AfterEach
  void stop() throws Exception {
    try {
      proxy.close();
      if (a != null) {
        a.close();
      }
      if (b != null) {
        b.close();
      }
    } finally {
      TestRedis.deleteKeys(prefix);
      schema.close();
    }
  }

  @Test
  void whenCodeIssuedByAIsRedeemedAtBThenTokensAreIssuedAndTheCodeIsSpentOnBoth() throws Exception {
    proxy.pin(A);
    Browser.Flow flow = new Browser().authorize(issuer, "web", WEB_REDIRECT, SCOPE, USERNAME, PASSWORD);
    assertThat(flow.code()).as("code from A").isNotNull();
    assertThat(servedBy()).containsOnly(A);

    proxy.pin(B);
    HTTPResponse atB = web.redeem(flow);

    assertThat(atB.getStatusCode()).as(atB.getBody()).isEqualTo(200);
    assertThat(lastServed()).isEqualTo(new RoutingHttpProxy.Served("POST", "/token", B, 200));
    OIDCTokenResponse tokens = OIDCTokenResponse.parse(atB);
    String accessToken = tokens.getOIDCTokens().getAccessToken().getValue();
    // B signed with the key A generated in PostgreSQL: A accepts what B issued
    assertThat(a.provider().verifyAccessToken(accessToken)).isPresent();

    // OAuth 2.1 §4.1.2: single use across instances, A refuses the code B redeemed
    proxy.pin(A);
    HTTPResponse replayAtA = web.redeem(flow);
    assertThat(replayAtA.getStatusCode()).isEqualTo(400);
    assertThat(replayAtA.getBody()).contains("invalid_grant");
    // RFC 6749 §4.1.2: the replay revoked what the first redemption issued, on both instances
    assertThat(b.provider().verifyAccessToken(accessToken)).isEmpty();
  }

  @Test
  void whenBrowserSignedInOnAThenSecondClientAuthorizesAtBWithoutTheLoginForm() throws Exception {
    Browser browser = new Browser();
    proxy.pin(A);
    Browser.Flow first = browser.authorize(issuer, "web", WEB_REDIRECT, SCOPE, USERNAME, PASSWORD);
    assertThat(first.sawLoginForm()).isTrue();
    String firstSid = sid(web.redeem(first));
    int servedBefore = proxy.served().size();

    proxy.pin(B);
    Browser.Flow second = browser.authorize(issuer, "crm", CRM_REDIRECT, SCOPE, "nobody", "no password");

    assertThat(proxy.served().subList(servedBefore, proxy.served().size()))
        .extracting(RoutingHttpProxy.Served::backend).containsOnly(B);
    assertThat(second.code()).as("code from B, pages seen: %s", second.visited()).isNotNull();
    assertThat(second.sawLoginForm()).isFalse();
    // the same browser session (OIDC Core §2 sid), found by B in Redis
    assertThat(sid(crm.redeem(second))).isEqualTo(firstSid);
  }

  @Test
  void whenTokensRevokedAtBThenIntrospectionAndBearerFilterAtARejectThem() throws Exception {
    proxy.pin(A);
    Browser.Flow flow = new Browser().authorize(issuer, "web", WEB_REDIRECT, SCOPE, USERNAME, PASSWORD);
    OIDCTokenResponse tokens = OIDCTokenResponse.parse(web.redeem(flow));
    BearerAccessToken accessToken = tokens.getOIDCTokens().getBearerAccessToken();
    RefreshToken refreshToken = tokens.getOIDCTokens().getRefreshToken();
    assertThat(refreshToken).isNotNull();
    assertThat(callApi(accessToken).statusCode()).isEqualTo(200);
    assertThat(web.introspect(accessToken.getValue())).containsEntry("active", true);
    assertThat(web.introspect(refreshToken.getValue())).containsEntry("active", true);

    proxy.pin(B);
    assertThat(web.revoke(accessToken).getStatusCode()).isEqualTo(200);
    assertThat(web.revoke(refreshToken).getStatusCode()).isEqualTo(200);
    assertThat(proxy.served().subList(proxy.served().size() - 2, proxy.served().size()))
        .extracting(RoutingHttpProxy.Served::backend).containsOnly(B);

    proxy.pin(A);
    // RFC 7009 §2.2 / RFC 7662 §2.2: revoked at B, inactive at A at once
    assertThat(web.introspect(accessToken.getValue())).containsEntry("active", false);
    assertThat(web.introspect(refreshToken.getValue())).containsEntry("active", false);
    HttpResponse<String> api = callApi(accessToken);
    assertThat(api.statusCode()).isEqualTo(401);
    assertThat(api.headers().firstValue("WWW-Authenticate")).get().asString().contains("error=\"invalid_token\"");
    HTTPResponse refresh = web.refresh(refreshToken.getValue());
    assertThat(refresh.getStatusCode()).isEqualTo(400);
    assertThat(refresh.getBody()).contains("invalid_grant");
    assertThat(servedBySince(proxy.served().size() - 4)).containsOnly(A);
  }

  @Test
  void whenEveryRequestGoesToTheOtherInstanceThenTheWholeFlowWorks() throws Exception {
    proxy.roundRobin();
    Browser browser = new Browser();

    Browser.Flow flow = browser.authorize(issuer, "web", WEB_REDIRECT, SCOPE, USERNAME, PASSWORD);
    assertThat(flow.code()).as("pages seen: %s, last answer: %s", flow.visited(), flow.last().body()).isNotNull();
    HTTPResponse redeemed = web.redeem(flow);
    assertThat(redeemed.getStatusCode()).as(redeemed.getBody()).isEqualTo(200);
    OIDCTokenResponse tokens = OIDCTokenResponse.parse(redeemed);
    HTTPResponse refreshed = web.refresh(tokens.getOIDCTokens().getRefreshToken().getValue());
    assertThat(refreshed.getStatusCode()).as(refreshed.getBody()).isEqualTo(200);

    List<String> backends = servedBy();
    assertThat(backends).hasSizeGreaterThanOrEqualTo(6);
    for (int i = 1; i < backends.size(); i++) {
      assertThat(backends.get(i)).as("request %d", i).isNotEqualTo(backends.get(i - 1));
    }
  }

  private List<String> servedBy() {
    return servedBySince(0);
  }

  private List<String> servedBySince(int from) {
    List<RoutingHttpProxy.Served> all = proxy.served();
    return all.subList(from, all.size()).stream().map(RoutingHttpProxy.Served::backend).toList();
  }

  private RoutingHttpProxy.Served lastServed() {
    List<RoutingHttpProxy.Served> all = proxy.served();
    return all.get(all.size() - 1);
  }

  private static String sid(HTTPResponse tokenResponse) throws Exception {
    assertThat(tokenResponse.getStatusCode()).as(tokenResponse.getBody()).isEqualTo(200);
    String sid = OIDCTokenResponse.parse(tokenResponse).getOIDCTokens().getIDToken()
        .getJWTClaimsSet().getStringClaim("sid");
    assertThat(sid).isNotBlank();
    return sid;
  }

  private HttpResponse<String> callApi(BearerAccessToken token) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(issuer + ProviderNode.API_PATH))
        .header("Authorization", token.toAuthorizationHeader()).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
