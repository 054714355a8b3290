package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import dev.ssokit.SsoSettings;
import dev.ssokit.testkit.TotpCodes;
import dev.ssokit.spi.Mail;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: the account pages in a browser: register, follow the mailed link to confirm the address,
 * forgot and reset password through the mailed link, the login page's links, and a login that asks
 * for the TOTP code after the password (then {@code amr} has {@code mfa} and {@code acr} says so).
 */
class AccountPagesIT {
  private static final Pattern LINK = Pattern.compile("(http://\\S+/account/[a-z-]+\\?token=\\S+)");

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

  private URI lastLink(String to) {
    Mail m = outbox.stream().filter(x -> x.to().equals(to)).reduce((a, b) -> b).orElseThrow();
    Matcher matcher = LINK.matcher(m.text());
    assertThat(matcher.find()).isTrue();
    return URI.create(matcher.group(1));
  }

  @Test
  void whenRegisteredInGermanThenThePagesAndTheMailSpeakGerman() {
    Browser browser = p.browser();
    HttpResponse<String> form = browser.get(p.uri("/account/register?ui_locales=de"));
    assertThat(form.body()).contains("<html lang=\"de\">").contains("<title>Konto erstellen – ");

    HttpResponse<String> mismatch = browser.submit(form, Map.of("email", "gus@example.com", "password", "password"));
    assertThat(mismatch.statusCode()).isEqualTo(400);
    assertThat(mismatch.body()).contains("Wählen Sie ein anderes Passwort");

    HttpResponse<String> done = browser.submit(form, Map.of("email", "gus@example.com", "password",
        "guss long password", "name", "Gus"));
    assertThat(done.body()).contains("Fast geschafft: Wir haben einen Link an gus@example.com geschickt.");
    Mail mail = outbox.stream().filter(m -> m.to().equals("gus@example.com")).findFirst().orElseThrow();
    assertThat(mail.subject()).isEqualTo("Bestätigen Sie Ihre E-Mail-Adresse");
    assertThat(mail.text()).startsWith("Hallo Gus,").contains("Bitte bestätigen Sie, dass gus@example.com");
    assertThat(mail.html()).contains("<html lang=\"de\">").contains("E-Mail-Adresse bestätigen</a>");

    HttpResponse<String> confirm = browser.get(lastLink("gus@example.com"));
    // the link carries ui_locales=de: the page opens in the mail's language, whatever the browser's Accept-Language
    assertThat(lastLink("gus@example.com").toString()).contains("&ui_locales=de");
    assertThat(browser.submit(confirm, Map.of()).body()).as("the mail's language, not the browser's default")
        .contains("Ihre E-Mail-Adresse ist bestätigt");
  }

  @Test
  void whenRegisteredOnThePageThenTheMailedLinkConfirmsTheAddressInTheBrowser() {
    Browser browser = p.browser();
    HttpResponse<String> form = browser.get(p.uri("/account/register"));
    assertThat(form.statusCode()).isEqualTo(200);
    assertThat(form.body()).contains("<title>Create account – ");

    HttpResponse<String> weak = browser.submit(form, Map.of("email", "fay@example.com", "password", "password"));
    assertThat(weak.statusCode()).isEqualTo(400);
    assertThat(weak.body()).contains("role=\"alert\"").contains("aria-invalid=\"true\"");

    HttpResponse<String> done = browser.submit(form, Map.of("email", "fay@example.com", "password",
        "fays long password", "name", "Fay"));
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.body()).contains("we sent a link to fay@example.com");

    HttpResponse<String> confirm = browser.get(lastLink("fay@example.com"));
    assertThat(confirm.statusCode()).as("opening the link changes nothing yet").isEqualTo(200);
    HttpResponse<String> confirmed = browser.submit(confirm, Map.of());
    assertThat(confirmed.body()).contains("Your e-mail address is confirmed");
    assertThat(browser.submit(confirm, Map.of()).statusCode()).as("the link works once").isEqualTo(400);

    HttpResponse<String> forged = p.browser().post(p.uri("/account/verify-email"), Map.of("token", "x",
        "csrf_token", "guess"));
    assertThat(forged.statusCode()).as("no CSRF cookie").isEqualTo(403);
  }

  @Test
  void whenAPasswordIsForgottenOnThePageThenTheMailedLinkSetsANewOne() {
    Browser browser = p.browser();
    HttpResponse<String> login = browser.open(RelyingParty.clientA(p).attempt().uri());
    assertThat(login.body()).contains("Forgot password?").contains("Create account");

    HttpResponse<String> forgot = browser.get(p.uri("/account/forgot-password"));
    assertThat(browser.submit(forgot, Map.of("email", TestProvider.EMAIL)).body())
        .contains("If an account with this address exists");
    HttpResponse<String> reset = browser.get(lastLink(TestProvider.EMAIL));
    assertThat(browser.submit(reset, Map.of("password", "a new long passphrase", "password_again", "another one"))
        .statusCode()).isEqualTo(400);
    HttpResponse<String> done = browser.submit(reset, Map.of("password", "a new long passphrase",
        "password_again", "a new long passphrase"));
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.body()).contains("Your password is changed");

    Browser fresh = p.browser();
    HttpResponse<String> page = fresh.open(RelyingParty.clientA(p).attempt().uri());
    HttpResponse<String> after = fresh.submit(page, Map.of("username", TestProvider.USERNAME,
        "password", TestProvider.PASSWORD));
    assertThat(after.statusCode()).as("the old password is gone").isEqualTo(401);
  }

  @Test
  void whenTheAccountHasTotpThenTheLoginPageAsksForACodeAndTheIdTokenSaysMfa() throws Exception {
    // enrol through the account API
    Browser api = p.browser();
    HttpResponse<String> login = api.send(HttpRequest.newBuilder(p.uri("/auth/login")).header("Content-Type",
        "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\""
        + TestProvider.PASSWORD + "\"}")));
    String csrf = com.nimbusds.jose.util.JSONObjectUtils.parse(login.body()).get("csrf_token").toString();
    HttpResponse<String> begun = api.send(HttpRequest.newBuilder(p.uri("/auth/mfa/totp")).header("X-CSRF-Token", csrf)
        .POST(HttpRequest.BodyPublishers.noBody()));
    String secret = com.nimbusds.jose.util.JSONObjectUtils.parse(begun.body()).get("secret").toString();
    assertThat(api.send(HttpRequest.newBuilder(p.uri("/auth/mfa/totp/confirm")).header("X-CSRF-Token", csrf)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            "{\"code\":\"" + TotpCodes.at(secret, p.clock.instant()) + "\"}"))).statusCode()).isEqualTo(200);
    p.clock.advance(Duration.ofSeconds(30));

    RelyingParty rp = RelyingParty.clientA(p);
    RelyingParty.Attempt attempt = rp.attempt();
    Browser browser = p.browser();
    HttpResponse<String> page = browser.open(attempt.uri());
    HttpResponse<String> challenge = browser.submit(page, Map.of("username", TestProvider.USERNAME,
        "password", TestProvider.PASSWORD));
    assertThat(challenge.body()).contains("<title>Two-step verification – ");
    HttpResponse<String> wrong = browser.submit(challenge, Map.of("code", "000000"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    HttpResponse<String> next = browser.submit(challenge,
        Map.of("code", TotpCodes.at(secret, p.clock.instant())));
    if (Browser.isConsentPage(next)) {
      next = browser.submit(next, Map.of("decision", "allow"));
    }
    String code = attempt.callback(next).get("code");
    OIDCTokenResponse tokens = (OIDCTokenResponse) rp.token(new AuthorizationCodeGrant(new AuthorizationCode(code),
        TestProvider.REDIRECT_A, attempt.verifier));
    JWTClaimsSet id = tokens.getOIDCTokens().getIDToken().getJWTClaimsSet();
    assertThat(id.getStringListClaim("amr")).contains("pwd", "otp", "mfa");
    assertThat(id.getStringClaim("acr")).isEqualTo("urn:ssokit:acr:mfa");
  }
}
