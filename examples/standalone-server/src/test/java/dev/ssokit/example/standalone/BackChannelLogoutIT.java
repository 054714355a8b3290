package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.claims.LogoutTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenValidator;
import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoProvider;
import dev.ssokit.SsoSettings;
import dev.ssokit.contract.MutableClock;
import dev.ssokit.postgres.PostgresStore;
import dev.ssokit.spi.ClientOptions;
import dev.ssokit.testkit.PostgresSchema;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OIDC Back-Channel Logout 1.0 over real HTTP: two provider instances on one PostgreSQL schema,
 * relying parties' logout endpoints on a local JDK HTTP server, the tokens checked with Nimbus'
 * {@link LogoutTokenValidator} against the published JWKS. Time moves by a shared mutable clock and
 * the delivery worker is run by hand, so no test sleeps.
 */
class BackChannelLogoutIT {
  private static final URI REDIRECT = URI.create("http://127.0.0.1:8080/callback");
  private static final String PASSWORD = "correct horse battery";

  private final MutableClock clock = MutableClock.atNow();
  private LogoutReceiver receiver;
  private ProviderNode a;
  private ProviderNode b;
  private final Map<String, String> secrets = new java.util.HashMap<>();
  /** A schema of its own per test: a fresh queue, and the providers migrate it as at a first start. */
  private PostgresSchema db;

  @BeforeEach
  void start() throws Exception {
    db = PostgresSchema.create();
    receiver = LogoutReceiver.start();
    a = node(null);
    b = node(a.uri().toString());
    for (String client : List.of("rp1", "rp2")) {
      secrets.put(client, a.provider().clients().register(new ClientRegistration(client, client, List.of(REDIRECT),
          List.of(), Set.of("authorization_code"), Set.of("openid"), "client_secret_basic", "web", "jwt")
          .withOptions(ClientOptions.builder().backchannelLogout(receiver.uri(client), true).build())).clientSecret());
    }
    a.provider().users().create("alice", PASSWORD, "alice@example.com", Map.of());
  }

  private ProviderNode node(String issuer) throws Exception {
    PostgresStore store = PostgresStore.connect(db.jdbcUrl(), db.user(), db.password());
    return ProviderNode.start(issuer, iss -> SsoProvider.builder(SsoSettings.builder(iss).build()).clock(clock)
        .clientStore(store.clients()).userStore(store.users()).consentStore(store.consents())
        .refreshTokenStore(store.refreshTokens()).signingKeyStore(store.signingKeys()).auditLog(store.auditLog())
        .logoutDeliveryStore(store.logoutDeliveries()).build()).closeWith(store);
  }

  @AfterEach
  void stop() throws Exception {
    b.close();
    a.close();
    receiver.close();
    db.close();
  }

  @Test
  void whenUserSignsOutThenEveryClientOfTheSessionGetsOneValidLogoutTokenFromOneOfTwoInstances() throws Exception {
    OidcTestClient browser = new OidcTestClient(a.uri().toString(), a.uri());
    OIDCTokenResponse rp1 = signIn(browser, "rp1");
    OIDCTokenResponse rp2 = signIn(browser, "rp2");
    String sid = rp1.getOIDCTokens().getIDToken().getJWTClaimsSet().getStringClaim("sid");
    assertThat(sid).isNotNull();
    assertThat(rp2.getOIDCTokens().getIDToken().getJWTClaimsSet().getStringClaim("sid")).isEqualTo(sid);

    // RP-Initiated Logout with the ID token as hint: no confirmation, the session ends
    HttpResponse<String> loggedOut = browser.browserGet(URI.create(a.uri() + "/logout?id_token_hint="
        + rp1.getOIDCTokens().getIDTokenString()));
    assertThat(loggedOut.statusCode()).isEqualTo(200);

    // both instances run their worker at the same moment: each token is claimed and sent once
    List<Integer> sent = runWorkersTogether();
    assertThat(sent.stream().mapToInt(Integer::intValue).sum()).isEqualTo(2);
    assertThat(receiver.received()).extracting(LogoutReceiver.Received::client)
        .containsExactlyInAnyOrder("rp1", "rp2");
    assertThat(receiver.attempts("rp1")).isEqualTo(1);
    assertThat(receiver.attempts("rp2")).isEqualTo(1);

    JWKSet jwks = new OidcTestClient(a.uri().toString(), b.uri()).jwks();
    for (LogoutReceiver.Received r : receiver.received()) {
      assertThat(r.contentType()).startsWith("application/x-www-form-urlencoded");
      LogoutTokenValidator validator = new LogoutTokenValidator(new Issuer(a.uri().toString()),
          new ClientID(r.client()), true,
          new JWSVerificationKeySelector<SecurityContext>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(jwks)), null);
      LogoutTokenClaimsSet claims = validator.validate(JWTParser.parse(r.logoutToken()));
      assertThat(claims.getSessionID().getValue()).isEqualTo(sid);
      assertThat(claims.getSubject().getValue())
          .isEqualTo(rp1.getOIDCTokens().getIDToken().getJWTClaimsSet().getSubject());
      assertThat(claims.toJWTClaimsSet().getClaim("nonce")).isNull();
    }

    // nothing is left: later runs on either instance send nothing again
    assertThat(runWorkersTogether()).containsOnly(0);
    assertThat(receiver.received()).hasSize(2);
  }

  @Test
  void whenReceiverIsDownThenRetriedWithBackOffAndDeliveredOnceItIsUp() throws Exception {
    OidcTestClient browser = new OidcTestClient(a.uri().toString(), a.uri());
    OIDCTokenResponse rp1 = signIn(browser, "rp1");
    browser.browserGet(URI.create(a.uri() + "/logout?id_token_hint=" + rp1.getOIDCTokens().getIDTokenString()));

    receiver.answer(503);
    assertThat(a.provider().deliverLogoutTokens()).isZero();
    assertThat(receiver.attempts("rp1")).isEqualTo(1);
    // not due again before the back-off has passed
    assertThat(b.provider().deliverLogoutTokens()).isZero();
    assertThat(receiver.attempts("rp1")).isEqualTo(1);

    receiver.answer(200);
    clock.advance(Duration.ofSeconds(10));
    assertThat(b.provider().deliverLogoutTokens()).isEqualTo(1);
    assertThat(receiver.attempts("rp1")).isEqualTo(2);
    assertThat(receiver.received()).hasSize(1);
    clock.advance(Duration.ofMinutes(10));
    assertThat(a.provider().deliverLogoutTokens()).isZero();
    assertThat(receiver.attempts("rp1")).isEqualTo(2);
  }

  @Test
  void whenReceiverStaysDownThenGivenUpAfterBoundedAttemptsWithAnAuditEvent() throws Exception {
    OidcTestClient browser = new OidcTestClient(a.uri().toString(), a.uri());
    OIDCTokenResponse rp1 = signIn(browser, "rp1");
    browser.browserGet(URI.create(a.uri() + "/logout?id_token_hint=" + rp1.getOIDCTokens().getIDTokenString()));
    receiver.answer(503);
    for (int i = 0; i < 10; i++) {
      a.provider().deliverLogoutTokens();
      clock.advance(Duration.ofMinutes(10)); // beyond every back-off step
    }
    assertThat(receiver.attempts("rp1")).isEqualTo(6);
    assertThat(db.queryLong("SELECT count(*) FROM sso_audit_event WHERE type = 'backchannel_logout_failed'"
        + " AND client_id = 'rp1'")).isEqualTo(1);
    assertThat(db.queryLong("SELECT count(*) FROM sso_logout_delivery")).isZero();
  }

  @Test
  void whenSessionExpiresThenItsClientsAreToldAtItsExpiry() throws Exception {
    OidcTestClient browser = new OidcTestClient(a.uri().toString(), a.uri());
    signIn(browser, "rp1");
    assertThat(a.provider().deliverLogoutTokens()).isZero();
    clock.advance(SsoSettings.DEFAULT_SESSION_LIFETIME.plusSeconds(1));
    assertThat(b.provider().deliverLogoutTokens()).isEqualTo(1);
    assertThat(receiver.received()).extracting(LogoutReceiver.Received::client).containsExactly("rp1");
  }

  @Test
  void whenAdministratorEndsTheUsersSessionsThenClientsAreToldAndTheBrowserMustSignInAgain() throws Exception {
    OidcTestClient browser = new OidcTestClient(a.uri().toString(), a.uri());
    OIDCTokenResponse rp1 = signIn(browser, "rp1");
    String subject = rp1.getOIDCTokens().getIDToken().getJWTClaimsSet().getSubject();
    // on the instance that holds the browser session (each node has its own in-memory cache here)
    assertThat(a.provider().endSessions(subject)).isEqualTo(1);
    assertThat(a.provider().deliverLogoutTokens()).isEqualTo(1);
    assertThat(receiver.received()).extracting(LogoutReceiver.Received::client).containsExactly("rp1");
    // the browser session is gone: prompt=none answers login_required
    HttpResponse<String> silent = browser.browserGet(URI.create(a.uri() + "/authorize?response_type=code"
        + "&client_id=rp1&redirect_uri=" + REDIRECT + "&scope=openid&prompt=none&nonce=n1"
        + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"));
    assertThat(silent.headers().firstValue("Location").orElseThrow()).contains("error=login_required");
  }

  private OIDCTokenResponse signIn(OidcTestClient browser, String client) throws Exception {
    TokenResponse r = browser.codeFlow(client, secrets.get(client), REDIRECT, new Scope("openid"), "alice", PASSWORD);
    assertThat(r.indicatesSuccess()).as("sign-in of " + client).isTrue();
    return (OIDCTokenResponse) r.toSuccessResponse();
  }

  private List<Integer> runWorkersTogether() throws Exception {
    CyclicBarrier together = new CyclicBarrier(2);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> runs = new ArrayList<>();
      for (SsoProvider p : List.of(a.provider(), b.provider())) {
        Callable<Integer> run = () -> {
          together.await(30, TimeUnit.SECONDS);
          return p.deliverLogoutTokens();
        };
        runs.add(threads.submit(run));
      }
      List<Integer> sent = new ArrayList<>();
      for (Future<Integer> f : runs) {
        sent.add(f.get(60, TimeUnit.SECONDS));
      }
      return sent;
    } finally {
      threads.shutdownNow();
    }
  }
}
