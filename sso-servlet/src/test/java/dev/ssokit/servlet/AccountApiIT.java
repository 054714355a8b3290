package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoSettings;
import dev.ssokit.testkit.OpenApiContract;
import dev.ssokit.testkit.TotpCodes;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.Mail;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: the account API {@code /auth/*} over real HTTP: registration with e-mail verification,
 * login by username or e-mail, profile, password change and reset (sessions and refresh tokens
 * ended), sessions, connected apps, TOTP, deletion, and every refusal (rate limits included); every
 * exchange held against the OpenAPI document ({@link OpenApiContract}).
 */
class AccountApiIT {
  private static final Pattern LINK = Pattern.compile("(http://[^\\s]+/account/([a-z-]+)\\?token=([A-Za-z0-9_%-]+))");
  private static final String NEW_PASSWORD = "a new and long passphrase";

  private final List<Mail> outbox = new CopyOnWriteArrayList<>();
  private TestProvider p;

  @BeforeEach
  void start() throws Exception {
    p = TestProvider.start(s -> s.registration(SsoSettings.Registration.OPEN), b -> b.mailSender(outbox::add));
  }

  @AfterEach
  void stop() {
    p.close();
  }

  // ---- a tiny JSON client with its own cookie jar ----------------------------------------------

  private final class Api {
    final Browser browser = p.browser();
    String csrf;

    HttpResponse<String> call(String method, String path, String json) {
      return call(method, path, json, Map.of());
    }

    HttpResponse<String> call(String method, String path, String json, Map<String, String> headers) {
      HttpResponse<String> response = undocumented(method, path, json, headers);
      // every answer is documented: operation, status, media type, challenge and retry headers, body schema;
      // every accepted request too (a refused one may be malformed on purpose)
      String below = "/auth" + path.split("\\?")[0];
      OpenApiContract.packaged().check(method, below, response.statusCode(), response.headers().map(), response.body());
      if (response.statusCode() < 400) {
        OpenApiContract.packaged().checkRequest(method, below, json == null ? null : "application/json", json);
      }
      return response;
    }

    /** An exchange the OpenAPI document does not describe (an unknown path or method): not held against it. */
    HttpResponse<String> undocumented(String method, String path, String json, Map<String, String> headers) {
      HttpRequest.Builder r = HttpRequest.newBuilder(p.uri("/auth" + path))
          .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
      if (json != null) {
        r.header("Content-Type", "application/json");
      }
      if (csrf != null && !headers.containsKey("X-CSRF-Token")) {
        r.header("X-CSRF-Token", csrf);
      }
      headers.forEach(r::header);
      return browser.send(r);
    }

    HttpResponse<String> login(String username, String password) {
      HttpResponse<String> r = call("POST", "/login", json("username", username, "password", password));
      if (r.statusCode() == 200) {
        csrf = (String) body(r).get("csrf_token");
      }
      return r;
    }
  }

  private static String json(Object... kv) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return JSONObjectUtils.toJSONString(m);
  }

  private static Map<String, Object> body(HttpResponse<String> r) {
    try {
      return JSONObjectUtils.parse(r.body());
    } catch (java.text.ParseException e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }

  /** The token of the last mail to {@code to} linking to page {@code page}. */
  private String mailedToken(String to, String page) {
    for (int i = outbox.size() - 1; i >= 0; i--) {
      Mail m = outbox.get(i);
      Matcher matcher = LINK.matcher(m.text());
      if (m.to().equals(to) && matcher.find() && matcher.group(2).equals(page)) {
        assertThat(m.html().replace("&#61;", "=")).contains(matcher.group(1)); // HTML-escaped "="
        return java.net.URLDecoder.decode(matcher.group(3), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no mail to " + to + " with a " + page + " link in " + outbox);
  }

  private Api registeredAndVerified(String email, String password) {
    Api api = new Api();
    assertThat(api.call("POST", "/register", json("email", email, "password", password, "name", "Bob"))
        .statusCode()).isEqualTo(201);
    assertThat(api.call("POST", "/verify-email", json("token", mailedToken(email, "verify-email"))).statusCode())
        .isEqualTo(200);
    assertThat(api.login(email, password).statusCode()).isEqualTo(200);
    return api;
  }

  // ---- registration and verification ----------------------------------------------------------

  @Test
  void whenRegisteredThenTheMailedLinkVerifiesOnceAndOnlyThenTheLoginWorks() {
    Api api = new Api();
    HttpResponse<String> reg = api.call("POST", "/register",
        json("username", "bob", "email", "bob@example.com", "password", "bobs long password", "name", "Bob"));
    assertThat(reg.statusCode()).isEqualTo(201);
    assertThat(body(reg)).containsEntry("username", "bob").containsEntry("email_verified", false)
        .containsEntry("verification_mail_sent", true).containsEntry("name", "Bob");

    HttpResponse<String> early = api.login("bob", "bobs long password");
    assertThat(early.statusCode()).isEqualTo(403);
    assertThat(body(early)).containsEntry("type", "https://ssokit.dev/problems/email-not-verified");

    String token = mailedToken("bob@example.com", "verify-email");
    HttpResponse<String> verified = api.call("POST", "/verify-email", json("token", token));
    assertThat(verified.statusCode()).isEqualTo(200);
    assertThat(body(verified)).containsEntry("email_verified", true);
    HttpResponse<String> again = api.call("POST", "/verify-email", json("token", token));
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
        .startsWith("application/problem+json"));

    assertThat(api.login("BOB@example.com", "bobs long password").statusCode()).as("by e-mail").isEqualTo(200);
    assertThat(body(api.call("GET", "/me", null))).containsEntry("sub", body(reg).get("sub"))
        .containsEntry("mfa_enabled", false);
  }

  @Test
  void whenRegistrationIsRefusedThenTheProblemNamesTheReason() throws Exception {
    Api api = new Api();
    assertThat(api.call("POST", "/register", json("email", "not-an-address", "password", "bobs long password"))
        .statusCode()).isEqualTo(400);
    HttpResponse<String> weak = api.call("POST", "/register", json("email", "x@example.com", "password", "password"));
    assertThat(weak.statusCode()).isEqualTo(400);
    assertThat(weak.body()).contains("\"field\":\"password\"");
    assertThat(api.call("POST", "/register", json("email", TestProvider.EMAIL, "password", "bobs long password"))
        .statusCode()).as("address taken").isEqualTo(409);
    assertThat(api.call("POST", "/register", "[1]").statusCode()).isEqualTo(400);
    assertThat(api.call("POST", "/register", json("email", 5)).statusCode()).isEqualTo(400);
    assertThat(api.browser.send(HttpRequest.newBuilder(p.uri("/auth/register"))
        .POST(HttpRequest.BodyPublishers.ofString("email=a")).header("Content-Type", "application/x-www-form-urlencoded"))
        .statusCode()).as("a cross-site form cannot post here").isEqualTo(415);
    assertThat(api.call("POST", "/register", json("email", "c@example.com", "password", "bobs long password"),
        Map.of("Origin", "https://evil.example")).statusCode()).isEqualTo(403);

    try (TestProvider closed = TestProvider.start()) {
      HttpResponse<String> r = closed.browser().send(HttpRequest.newBuilder(closed.uri("/auth/register"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(json("email", "d@example.com", "password", "bobs long password"))));
      assertThat(r.statusCode()).as("registration is closed by default").isEqualTo(403);
    }
  }

  @Test
  void whenRegistrationIsByInvitationThenTheInvitationRegistersOnceAndProvesTheAddress() throws Exception {
    try (TestProvider invited = TestProvider.start(s -> s.registration(SsoSettings.Registration.INVITE),
        b -> b.mailSender(outbox::add))) {
      String link = invited.provider.users().invite("gil@example.com");
      assertThat(link).startsWith(invited.issuer + "/account/register?invitation=");
      assertThat(outbox).extracting(Mail::to).containsExactly("gil@example.com");
      assertThat(link).as("opens the page in the mail's language").endsWith("&ui_locales=en");
      String invitation = java.net.URLDecoder.decode(link.substring(link.indexOf('=') + 1, link.indexOf('&')),
          java.nio.charset.StandardCharsets.UTF_8);
      Browser b = invited.browser();
      java.util.function.Function<String, HttpResponse<String>> register = body -> b.send(HttpRequest.newBuilder(
          invited.uri("/auth/register")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)));

      assertThat(register.apply(json("email", "gil@example.com", "password", "gils long password")).statusCode())
          .as("no invitation").isEqualTo(403);
      HttpResponse<String> ok = register.apply(json("email", "gil@example.com", "password", "gils long password",
          "invitation", invitation));
      assertThat(ok.statusCode()).isEqualTo(201);
      assertThat(body(ok)).containsEntry("email_verified", true).containsEntry("verification_mail_sent", false);
      assertThat(register.apply(json("email", "hal@example.com", "password", "hals long password",
          "invitation", invitation)).statusCode()).as("single use").isEqualTo(403);
    }
  }

  // ---- rate limits ------------------------------------------------------------------------------

  @Test
  void whenTheAddressUsesUpTheRequestRateThenTheApiAnswers429WithRetryAfterUntilTheWindowEnds() throws Exception {
    p.close();
    p = TestProvider.start(s -> s.registration(SsoSettings.Registration.OPEN)
        .rateLimitPerIp(new SsoSettings.RateLimit(3, Duration.ofMinutes(1))), b -> b.mailSender(outbox::add));
    Api api = new Api();

    List<Integer> statuses = new java.util.ArrayList<>();
    HttpResponse<String> r;
    do {
      r = api.call("GET", "/me", null);
      statuses.add(r.statusCode());
    } while (r.statusCode() != 429 && statuses.size() < 10);
    assertThat(statuses).containsExactly(401, 401, 401, 429);
    // the limiter's answer: OAuth error JSON, as at every rate-limited endpoint
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v ->
        assertThat(v).startsWith("application/json"));
    assertThat(body(r)).containsEntry("error", "temporarily_unavailable");
    long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 60L);
    assertThat(api.call("POST", "/login", json("username", TestProvider.USERNAME, "password", TestProvider.PASSWORD))
        .statusCode()).as("every /auth route shares the budget").isEqualTo(429);

    p.clock.advance(Duration.ofSeconds(retryAfter));
    assertThat(api.login(TestProvider.USERNAME, TestProvider.PASSWORD).statusCode()).as("a new window").isEqualTo(200);
  }

  @Test
  void whenWrongPasswordsRepeatThenTheSignInBacksOffWith429AndRetryAfterAsAProblem() {
    Api api = new Api();
    List<Integer> statuses = new java.util.ArrayList<>();
    HttpResponse<String> r;
    do {
      r = api.login(TestProvider.USERNAME, "wrong password!");
      statuses.add(r.statusCode());
    } while (r.statusCode() != 429 && statuses.size() < 10);
    assertThat(statuses).as("the free failures, then the back-off")
        .startsWith(401, 401, 401).endsWith(429).doesNotContain(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v ->
        assertThat(v).startsWith("application/problem+json"));
    assertThat(body(r)).containsEntry("status", 429L).containsEntry("title", "Too Many Requests");
    long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
    assertThat(api.login(TestProvider.USERNAME, TestProvider.PASSWORD).statusCode())
        .as("the backing-off pair waits, even with the right password").isEqualTo(429);

    p.clock.advance(Duration.ofSeconds(retryAfter));
    assertThat(api.login(TestProvider.USERNAME, TestProvider.PASSWORD).statusCode()).isEqualTo(200);
  }

  // ---- session, CSRF, profile -----------------------------------------------------------------

  @Test
  void whenCookieCallsChangeStateThenTheyNeedTheCsrfTokenAndTheIssuerOrigin() {
    Api api = new Api();
    assertThat(api.call("GET", "/me", null).statusCode()).isEqualTo(401);
    assertThat(api.login(TestProvider.USERNAME, "wrong password!").statusCode()).isEqualTo(401);
    assertThat(api.login(TestProvider.USERNAME, TestProvider.PASSWORD).statusCode()).isEqualTo(200);

    assertThat(api.call("PUT", "/me", json("name", "Eve"), Map.of("X-CSRF-Token", "forged")).statusCode())
        .isEqualTo(403);
    assertThat(api.call("PUT", "/me", json("name", "Eve"), Map.of("Origin", "https://evil.example")).statusCode())
        .isEqualTo(403);
    assertThat(api.call("PUT", "/me", json("sub", "other")).statusCode()).isEqualTo(400);
    assertThat(api.undocumented("PATCH", "/me", json("name", "x"), Map.of()).statusCode()).isEqualTo(405);
    assertThat(api.undocumented("GET", "/nothing-here", null, Map.of()).statusCode()).isEqualTo(404);

    HttpResponse<String> ok = api.call("PUT", "/me", json("name", "Alice L.", "locale", "en-GB"),
        Map.of("Origin", p.issuer));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(body(ok)).containsEntry("name", "Alice L.").containsEntry("locale", "en-GB");
  }

  @Test
  void whenTheEmailChangesThenTheNewAddressReplacesTheOldOnlyOnceConfirmed() {
    Api api = new Api();
    api.login(TestProvider.USERNAME, TestProvider.PASSWORD);

    HttpResponse<String> r = api.call("PUT", "/me", json("email", "alice@new.example"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(body(r)).containsEntry("email", TestProvider.EMAIL).containsEntry("pending_email", "alice@new.example");

    String token = mailedToken("alice@new.example", "verify-email");
    assertThat(body(api.call("POST", "/verify-email", json("token", token)))).containsEntry("email", "alice@new.example")
        .containsEntry("email_verified", true);
    assertThat(new Api().login("alice@new.example", TestProvider.PASSWORD).statusCode()).isEqualTo(200);
  }

  // ---- passwords ------------------------------------------------------------------------------

  @Test
  void whenThePasswordChangesThenOtherSessionsAndRefreshTokensEndButNotTheCallersSession() {
    Api mine = new Api();
    mine.login(TestProvider.USERNAME, TestProvider.PASSWORD);
    Api other = new Api();
    other.login(TestProvider.USERNAME, TestProvider.PASSWORD);
    RelyingParty rp = RelyingParty.clientA(p);
    RelyingParty.Attempt attempt = rp.attempt();
    OIDCTokenResponse tokens = (OIDCTokenResponse) rp.token(new com.nimbusds.oauth2.sdk.AuthorizationCodeGrant(
        new com.nimbusds.oauth2.sdk.AuthorizationCode(rp.signIn(p.browser(), attempt)),
        TestProvider.REDIRECT_A, attempt.verifier));

    assertThat(mine.call("POST", "/change-password", json("current_password", "wrong", "new_password", NEW_PASSWORD))
        .statusCode()).isEqualTo(400);
    assertThat(mine.call("POST", "/change-password",
        json("current_password", TestProvider.PASSWORD, "new_password", NEW_PASSWORD)).statusCode()).isEqualTo(204);

    assertThat(mine.call("GET", "/me", null).statusCode()).as("the caller stays signed in").isEqualTo(200);
    assertThat(other.call("GET", "/me", null).statusCode()).as("the other session ended").isEqualTo(401);
    TokenResponse refreshed = rp.refresh(tokens.getOIDCTokens().getRefreshToken());
    assertThat(refreshed.indicatesSuccess()).as("refresh tokens revoked").isFalse();
    assertThat(new Api().login(TestProvider.USERNAME, TestProvider.PASSWORD).statusCode()).isEqualTo(401);
    assertThat(new Api().login(TestProvider.USERNAME, NEW_PASSWORD).statusCode()).isEqualTo(200);
  }

  @Test
  void whenAPasswordIsForgottenThenTheAnswerIsTheSameAndTheMailedTokenResetsOnceAndEndsEverySession() {
    Api signedIn = new Api();
    signedIn.login(TestProvider.USERNAME, TestProvider.PASSWORD);
    Api anonymous = new Api();

    HttpResponse<String> known = anonymous.call("POST", "/forgot-password", json("email", TestProvider.EMAIL));
    HttpResponse<String> unknown = anonymous.call("POST", "/forgot-password", json("email", "nobody@example.com"));
    assertThat(known.statusCode()).isEqualTo(202);
    assertThat(unknown.statusCode()).isEqualTo(202);
    assertThat(unknown.body()).isEqualTo(known.body());
    assertThat(outbox).extracting(Mail::to).containsExactly(TestProvider.EMAIL);

    String token = mailedToken(TestProvider.EMAIL, "reset-password");
    assertThat(anonymous.call("POST", "/reset-password", json("token", token, "password", "password")).statusCode())
        .as("a weak password is refused and the link still works").isEqualTo(400);
    assertThat(anonymous.call("POST", "/reset-password", json("token", token, "password", NEW_PASSWORD)).statusCode())
        .isEqualTo(204);
    assertThat(anonymous.call("POST", "/reset-password", json("token", token, "password", NEW_PASSWORD)).statusCode())
        .as("single use").isEqualTo(400);
    assertThat(anonymous.call("POST", "/reset-password", json("token", "x".repeat(500), "password", NEW_PASSWORD))
        .statusCode()).isEqualTo(400);

    assertThat(signedIn.call("GET", "/me", null).statusCode()).as("every session ended").isEqualTo(401);
    assertThat(new Api().login(TestProvider.USERNAME, NEW_PASSWORD).statusCode()).isEqualTo(200);
    assertThat(outbox).extracting(Mail::subject).contains("Your password was changed");
  }

  @Test
  void whenAResetLinkExpiresThenItIsRefused() {
    new Api().call("POST", "/forgot-password", json("email", TestProvider.EMAIL));
    String token = mailedToken(TestProvider.EMAIL, "reset-password");

    p.clock.advance(Duration.ofMinutes(31));

    assertThat(new Api().call("POST", "/reset-password", json("token", token, "password", NEW_PASSWORD)).statusCode())
        .isEqualTo(400);
  }

  // ---- sessions and connected apps ------------------------------------------------------------

  @Test
  void whenASessionIsRevokedThenItEnds() {
    Api mine = new Api();
    mine.login(TestProvider.USERNAME, TestProvider.PASSWORD);
    Api other = new Api();
    other.login(TestProvider.USERNAME, TestProvider.PASSWORD);

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> items = (List<Map<String, Object>>) body(mine.call("GET", "/sessions", null)).get("items");
    assertThat(items).hasSize(2);
    String otherSid = items.stream().filter(i -> Boolean.FALSE.equals(i.get("current"))).findFirst().orElseThrow()
        .get("sid").toString();

    assertThat(mine.call("DELETE", "/sessions/unknown", null).statusCode()).isEqualTo(404);
    assertThat(mine.call("DELETE", "/sessions/" + otherSid, null).statusCode()).isEqualTo(204);
    assertThat(other.call("GET", "/me", null).statusCode()).isEqualTo(401);
    assertThat(mine.call("GET", "/me", null).statusCode()).isEqualTo(200);
  }

  @Test
  void whenAConnectedAppIsRevokedThenItsRefreshAndAccessTokensStopWorking() throws Exception {
    RelyingParty rp = RelyingParty.clientA(p);
    RelyingParty.Attempt attempt = rp.attempt();
    OIDCTokenResponse tokens = (OIDCTokenResponse) rp.token(new com.nimbusds.oauth2.sdk.AuthorizationCodeGrant(
        new com.nimbusds.oauth2.sdk.AuthorizationCode(rp.signIn(p.browser(), attempt)),
        TestProvider.REDIRECT_A, attempt.verifier));
    Api api = new Api();
    api.login(TestProvider.USERNAME, TestProvider.PASSWORD);

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> apps = (List<Map<String, Object>>) body(api.call("GET", "/consents", null)).get("items");
    assertThat(apps).extracting(a -> a.get("client_id")).containsExactly(TestProvider.CLIENT_A);
    assertThat(apps.get(0)).containsEntry("client_name", "Web App");

    p.clock.advance(Duration.ofSeconds(1)); // the revocation covers tokens issued up to now (whole seconds)
    assertThat(api.call("DELETE", "/consents/" + TestProvider.CLIENT_A, null).statusCode()).isEqualTo(204);
    assertThat(api.call("DELETE", "/consents/" + TestProvider.CLIENT_A, null).statusCode()).isEqualTo(404);

    assertThat(rp.refresh(tokens.getOIDCTokens().getRefreshToken()).indicatesSuccess()).isFalse();
    assertThat(p.provider.verifyAccessToken(tokens.getOIDCTokens().getAccessToken().getValue())).isEmpty();
    assertThat(body(api.call("GET", "/consents", null)).get("items")).asList().isEmpty();
  }

  // ---- bearer callers -------------------------------------------------------------------------

  @Test
  void whenAnAccessTokenCarriesTheAccountScopeThenItMayCallTheApiWithoutCsrf() {
    String secret = p.provider.clients().register(new ClientRegistration("account-ui", "Account UI",
        List.of(URI.create("https://account.example.com/cb")), List.of(), Set.of("authorization_code"),
        Set.of("openid", "sso:account"), Client.AUTH_CLIENT_SECRET_BASIC, null, null)).clientSecret();
    RelyingParty rp = RelyingParty.of(p, "account-ui", secret, URI.create("https://account.example.com/cb"));
    RelyingParty.Attempt withScope = rp.attempt(new Scope("openid", "sso:account"));
    String token = rp.token(new com.nimbusds.oauth2.sdk.AuthorizationCodeGrant(
        new com.nimbusds.oauth2.sdk.AuthorizationCode(rp.signIn(p.browser(), withScope)),
        URI.create("https://account.example.com/cb"), withScope.verifier)).toSuccessResponse().getTokens()
        .getAccessToken().getValue();
    RelyingParty.Attempt without = rp.attempt(new Scope("openid"));
    String weak = rp.token(new com.nimbusds.oauth2.sdk.AuthorizationCodeGrant(
        new com.nimbusds.oauth2.sdk.AuthorizationCode(rp.signIn(p.browser(), without)),
        URI.create("https://account.example.com/cb"), without.verifier)).toSuccessResponse().getTokens()
        .getAccessToken().getValue();
    Api api = new Api();

    assertThat(api.call("GET", "/me", null, Map.of("Authorization", "Bearer " + token)).statusCode()).isEqualTo(200);
    assertThat(api.call("PUT", "/me", json("nickname", "al"), Map.of("Authorization", "Bearer " + token)).statusCode())
        .isEqualTo(200);
    HttpResponse<String> forbidden = api.call("GET", "/me", null, Map.of("Authorization", "Bearer " + weak));
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
        assertThat(v).contains("insufficient_scope"));
    assertThat(api.call("GET", "/me", null, Map.of("Authorization", "Bearer nonsense")).statusCode()).isEqualTo(401);

    assertThat(api.call("POST", "/logout", null, Map.of("Authorization", "Bearer " + token)).statusCode())
        .isEqualTo(204);
    assertThat(api.call("GET", "/me", null, Map.of("Authorization", "Bearer " + token)).statusCode())
        .as("the token was revoked").isEqualTo(401);
  }

  // ---- MFA ------------------------------------------------------------------------------------

  /** The resource owner password grant of a first-party client, as a legacy app would send it; the answer body. */
  private String passwordGrant(String username, String password) {
    String secret = p.provider.clients().register(new ClientRegistration("legacy-app", null, List.of(), List.of(),
        Set.of("password"), Set.of("openid"), Client.AUTH_CLIENT_SECRET_BASIC, null, null)
        .withOptions(dev.ssokit.spi.ClientOptions.builder().firstParty(true).build())).clientSecret();
    try {
      return java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(p.uri("/token"))
          .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
              ("legacy-app:" + secret).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&scope=openid&username="
              + java.net.URLEncoder.encode(username, java.nio.charset.StandardCharsets.UTF_8) + "&password="
              + java.net.URLEncoder.encode(password, java.nio.charset.StandardCharsets.UTF_8)))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (java.io.IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void whenTotpIsEnrolledThenLoginNeedsACodeOnceAndRecoveryCodesWorkOnce() {
    Api api = registeredAndVerified("carol@example.com", "carols long password");
    HttpResponse<String> begun = api.call("POST", "/mfa/totp", null);
    assertThat(begun.statusCode()).isEqualTo(201);
    String secret = (String) body(begun).get("secret");
    assertThat((String) body(begun).get("otpauth_uri")).startsWith("otpauth://totp/localhost:carol%40example.com?secret="
        + secret);
    assertThat((String) body(begun).get("qr_svg")).startsWith("<svg");

    assertThat(api.call("POST", "/mfa/totp/confirm", json("code", "000000")).statusCode()).isEqualTo(400);
    HttpResponse<String> confirmed = api.call("POST", "/mfa/totp/confirm",
        json("code", TotpCodes.at(secret, p.clock.instant())));
    assertThat(confirmed.statusCode()).isEqualTo(200);
    @SuppressWarnings("unchecked")
    List<String> recovery = (List<String>) body(confirmed).get("recovery_codes");
    assertThat(recovery).hasSize(10).doesNotHaveDuplicates();
    assertThat(api.call("POST", "/mfa/totp", null).statusCode()).as("enrolled already").isEqualTo(409);
    assertThat(passwordGrant("carol@example.com", "carols long password"))
        .as("the legacy password grant cannot bypass the second factor")
        .contains("\"invalid_grant\"").contains("second factor");

    HttpResponse<String> noCode = new Api().login("carol@example.com", "carols long password");
    assertThat(noCode.statusCode()).isEqualTo(401);
    assertThat(body(noCode)).containsEntry("type", "https://ssokit.dev/problems/mfa-required");

    p.clock.advance(Duration.ofSeconds(30));
    String code = TotpCodes.at(secret, p.clock.instant());
    HttpResponse<String> withCode = new Api().call("POST", "/login",
        json("username", "carol@example.com", "password", "carols long password", "code", code));
    assertThat(withCode.statusCode()).isEqualTo(200);
    assertThat(body(withCode).get("amr")).asList().contains("pwd", "otp", "mfa");
    assertThat(new Api().call("POST", "/login",
        json("username", "carol@example.com", "password", "carols long password", "code", code)).statusCode())
        .as("a code is accepted once").isEqualTo(401);

    String rc = recovery.get(0);
    assertThat(new Api().call("POST", "/login", json("username", "carol@example.com", "password",
        "carols long password", "code", rc.toUpperCase(java.util.Locale.ROOT))).statusCode()).isEqualTo(200);
    assertThat(new Api().call("POST", "/login", json("username", "carol@example.com", "password",
        "carols long password", "code", rc)).statusCode()).as("a recovery code works once").isEqualTo(401);
    assertThat(body(api.call("GET", "/mfa", null))).containsEntry("totp_enabled", true)
        .containsEntry("recovery_codes_left", 9L);

    HttpResponse<String> regenerated = api.call("POST", "/mfa/recovery-codes", json("code", recovery.get(1)));
    assertThat(regenerated.statusCode()).isEqualTo(200);
    assertThat(api.call("POST", "/mfa/disable", json("code", recovery.get(2))).statusCode())
        .as("old recovery codes stopped working").isEqualTo(400);
    @SuppressWarnings("unchecked")
    List<String> fresh = (List<String>) body(regenerated).get("recovery_codes");
    assertThat(api.call("POST", "/mfa/disable", json("code", fresh.get(0))).statusCode()).isEqualTo(204);
    assertThat(new Api().login("carol@example.com", "carols long password").statusCode()).isEqualTo(200);
  }

  // ---- logout and deletion --------------------------------------------------------------------

  @Test
  void whenLoggedOutThenTheSessionEndsAndWhenDeletedThenTheAccountIsGone() {
    Api api = registeredAndVerified("dave@example.com", "daves long password");
    assertThat(api.call("POST", "/logout", null).statusCode()).isEqualTo(204);
    assertThat(api.call("GET", "/me", null).statusCode()).isEqualTo(401);

    api.login("dave@example.com", "daves long password");
    p.clock.advance(Duration.ofMinutes(6));
    assertThat(api.call("DELETE", "/me", null).statusCode()).as("the sign-in is too old").isEqualTo(401);
    api.login("dave@example.com", "daves long password");
    assertThat(api.call("DELETE", "/me", null, Map.of("X-CSRF-Token", "forged")).statusCode()).isEqualTo(403);
    assertThat(api.call("DELETE", "/me", null).statusCode()).isEqualTo(204);
    assertThat(api.call("GET", "/me", null).statusCode()).isEqualTo(401);
    assertThat(new Api().login("dave@example.com", "daves long password").statusCode()).isEqualTo(401);
  }
}
