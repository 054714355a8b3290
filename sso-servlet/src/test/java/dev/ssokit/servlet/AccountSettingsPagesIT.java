package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.SsoSettings;
import dev.ssokit.spi.Mail;
import dev.ssokit.testkit.TotpCodes;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: the signed-in user's pages over real HTTP: {@code /account/sign-in} (password, then a
 * code), {@code /account} (profile, password, sessions, connected apps) and {@code /account/mfa}
 * (TOTP enrolment, recovery codes, disable), their CSRF protection and their refusals.
 */
class AccountSettingsPagesIT {
  private static final Pattern SECRET = Pattern.compile("id=\"totp-secret\"[^>]*>([A-Z2-7 ]+)<");
  private static final Pattern CODE = Pattern.compile("<li><code>([a-z2-7-]{19})</code></li>");

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

  /** A browser signed in on the account sign-in page, showing the account page. */
  private Browser signedIn() {
    Browser browser = p.browser();
    HttpResponse<String> form = browser.open(p.uri("/account/sign-in"));
    HttpResponse<String> account = browser.submit(form, Map.of("username", TestProvider.EMAIL,
        "password", TestProvider.PASSWORD));
    assertThat(account.statusCode()).isEqualTo(200);
    assertThat(account.body()).contains("<title>Your account – ");
    return browser;
  }

  private static String csrf(HttpResponse<String> page) {
    return Browser.hiddenFields(page.body()).get("csrf_token");
  }

  /** Posts one of the page's forms: its CSRF token, {@code op} and {@code fields}. */
  private HttpResponse<String> post(Browser browser, String path, String op, Map<String, String> fields) {
    HttpResponse<String> page = browser.get(p.uri(path));
    Map<String, String> form = new HashMap<>(fields);
    form.put("csrf_token", csrf(page));
    form.put("op", op);
    return browser.post(p.uri(path), form);
  }

  @Test
  void whenNotSignedInThenTheAccountPageLeadsToTheSignInPageWhichRefusesAWrongPassword() {
    Browser browser = p.browser();
    HttpResponse<String> account = browser.get(p.uri("/account?ui_locales=de"));
    assertThat(account.statusCode()).isEqualTo(302);
    assertThat(Browser.location(account).orElseThrow().toString()).startsWith(p.uri("/account/sign-in") + "?ui_locales=de");

    HttpResponse<String> form = browser.open(p.uri("/account/sign-in"));
    assertThat(form.body()).contains("Forgot password?").contains("Create account");
    HttpResponse<String> wrong = browser.submit(form, Map.of("username", TestProvider.USERNAME, "password", "nope"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("role=\"alert\"").contains("Wrong username or password.")
        .contains("aria-invalid=\"true\"");
    assertThat(p.browser().post(p.uri("/account/sign-in"), Map.of("username", TestProvider.USERNAME,
        "password", TestProvider.PASSWORD, "csrf_token", "guess")).statusCode()).as("no CSRF cookie").isEqualTo(403);

    assertThat(signedIn()).isNotNull();
  }

  @Test
  void whenAFormLacksTheSessionsCsrfTokenThenNothingChanges() {
    Browser browser = signedIn();
    HttpResponse<String> forged = browser.post(p.uri("/account"), Map.of("op", "profile", "name", "Mallory",
        "email", TestProvider.EMAIL, "csrf_token", "guess"));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(browser.get(p.uri("/account")).body()).doesNotContain("Mallory");

    HttpResponse<String> saved = post(browser, "/account", "profile", Map.of("name", "Alice Liddell",
        "email", TestProvider.EMAIL));
    assertThat(saved.statusCode()).isEqualTo(200);
    assertThat(saved.body()).contains("Your profile is saved.").contains("value=\"Alice Liddell\"");
  }

  @Test
  void whenTheEmailIsChangedOnThePageThenItIsReplacedOnlyOnceTheMailedLinkIsFollowed() {
    Browser browser = signedIn();
    HttpResponse<String> saved = post(browser, "/account", "profile", Map.of("name", "Alice",
        "email", "alice@new.example.com"));
    assertThat(saved.body()).contains("We sent a link to alice@new.example.com")
        .contains("value=\"" + TestProvider.EMAIL + "\"");
    Mail mail = outbox.stream().filter(m -> m.to().equals("alice@new.example.com")).findFirst().orElseThrow();
    Matcher link = Pattern.compile("(http://\\S+/account/verify-email\\?token=\\S+)").matcher(mail.text());
    assertThat(link.find()).isTrue();
    HttpResponse<String> confirm = browser.get(URI.create(link.group(1)));
    assertThat(browser.submit(confirm, Map.of()).body()).contains("Your e-mail address is confirmed");
    assertThat(browser.get(p.uri("/account")).body()).contains("value=\"alice@new.example.com\"");
  }

  @Test
  void whenThePasswordIsChangedOnThePageThenTheCurrentOneIsRequiredAndTheFieldInErrorFocused() {
    Browser browser = signedIn();
    HttpResponse<String> wrong = post(browser, "/account", "password", Map.of("current_password", "nope",
        "new_password", "a brand new passphrase", "new_password_again", "a brand new passphrase"));
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).contains("This is not your current password.")
        .containsPattern("id=\"current_password\"[^>]* autofocus aria-invalid=\"true\"");
    HttpResponse<String> mismatch = post(browser, "/account", "password", Map.of("current_password",
        TestProvider.PASSWORD, "new_password", "a brand new passphrase", "new_password_again", "another"));
    assertThat(mismatch.statusCode()).isEqualTo(400);
    assertThat(mismatch.body()).containsPattern("id=\"new_password_again\"[^>]* autofocus aria-invalid=\"true\"");

    HttpResponse<String> changed = post(browser, "/account", "password", Map.of("current_password",
        TestProvider.PASSWORD, "new_password", "a brand new passphrase", "new_password_again", "a brand new passphrase"));
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(changed.body()).contains("Your password is changed.");
    Browser fresh = p.browser();
    assertThat(fresh.submit(fresh.open(p.uri("/account/sign-in")), Map.of("username",
        TestProvider.USERNAME, "password", TestProvider.PASSWORD)).statusCode()).as("the old password is gone")
        .isEqualTo(401);
  }

  @Test
  void whenAClientIsConnectedThenThePageListsItAndDisconnectsItOnce() {
    Browser browser = p.browser();
    RelyingParty.clientA(p).signIn(browser, RelyingParty.clientA(p).attempt());
    HttpResponse<String> account = browser.get(p.uri("/account"));
    assertThat(account.statusCode()).as("the login page's session serves the account page").isEqualTo(200);
    assertThat(account.body()).contains("<strong>Web App</strong>").contains("this browser");

    HttpResponse<String> revoked = post(browser, "/account", "revoke_app", Map.of("client_id", TestProvider.CLIENT_A));
    assertThat(revoked.body()).contains("The application is disconnected").contains("No application has access");
    HttpResponse<String> again = post(browser, "/account", "revoke_app", Map.of("client_id", TestProvider.CLIENT_A));
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(again.body()).contains("This was ended already.");

    HttpResponse<String> ended = post(browser, "/account", "end_session", Map.of("sid", "not-a-session"));
    assertThat(ended.statusCode()).isEqualTo(404);
  }

  @Test
  void whenTotpIsEnrolledOnThePageThenTheCodesShowOnceTheSignInAsksForACodeAndARecoveryCodeWorksOnce() {
    Browser browser = signedIn();
    HttpResponse<String> start = browser.get(p.uri("/account/mfa"));
    assertThat(start.body()).contains("Set up an authenticator app");
    HttpResponse<String> qr = post(browser, "/account/mfa", "begin", Map.of());
    assertThat(qr.body()).contains("src=\"data:image/svg+xml;base64,");
    Matcher secret = SECRET.matcher(qr.body());
    assertThat(secret.find()).isTrue();
    String key = secret.group(1).replace(" ", "");

    HttpResponse<String> wrong = post(browser, "/account/mfa", "confirm", Map.of("code", "000000"));
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(wrong.body()).contains("id=\"totp-secret\"").containsPattern("id=\"code\"[^>]*aria-invalid=\"true\"");
    HttpResponse<String> codes = post(browser, "/account/mfa", "confirm",
        Map.of("code", TotpCodes.at(key, p.clock.instant())));
    assertThat(codes.statusCode()).isEqualTo(200);
    List<String> recovery = new ArrayList<>();
    Matcher m = CODE.matcher(codes.body());
    while (m.find()) {
      recovery.add(m.group(1));
    }
    assertThat(recovery).hasSize(10);
    assertThat(browser.get(p.uri("/account/mfa")).body()).contains("Two-step verification is on.")
        .doesNotContain(recovery.get(0));
    p.clock.advance(Duration.ofSeconds(30));

    Browser other = p.browser();
    HttpResponse<String> step = other.submit(other.open(p.uri("/account/sign-in")), Map.of("username",
        TestProvider.USERNAME, "password", TestProvider.PASSWORD));
    assertThat(step.body()).contains("<title>Two-step verification – ").contains("name=\"pending\"");
    assertThat(other.get(p.uri("/account")).statusCode()).as("not signed in before the code").isEqualTo(302);
    assertThat(other.submit(step, Map.of("code", "000000")).statusCode()).isEqualTo(401);
    assertThat(other.submit(step, Map.of("code", recovery.get(0))).body()).contains("<title>Your account – ");

    HttpResponse<String> reused = post(other, "/account/mfa", "disable", Map.of("code", recovery.get(0)));
    assertThat(reused.statusCode()).as("a recovery code works once").isEqualTo(400);
    assertThat(reused.body()).containsPattern("id=\"disable-code\"[^>]* autofocus aria-invalid=\"true\"");
    HttpResponse<String> off = post(other, "/account/mfa", "disable", Map.of("code", recovery.get(1)));
    assertThat(off.body()).contains("Two-step verification is off.").contains("Set up an authenticator app");
  }
}
