package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.ssokit.testkit.TotpCodes;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Issue 10, the whole account journey of an end user in a real browser (headless Chromium) against
 * the standalone server with real SMTP (GreenMail): register, confirm the address from the mail, sign
 * in to a client through the login page (code flow with PKCE, code exchanged), open the account page,
 * enrol TOTP by reading the secret from the page, sign out, sign in again with password and code
 * ({@code amr} has {@code otp} and {@code mfa}), sign in with a recovery code (once: it fails the
 * second time), reset the password through the mailed link, sign in with the new one, delete the
 * account. It runs in English and in German; every page is checked with axe-core in light and dark
 * mode and saved as a screenshot under {@code target/screenshots/journey/}.
 */
class AccountJourneyInBrowserIT {
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP).withPerMethodLifecycle(false);

  private static final Pattern LINK = Pattern.compile("(http://\\S+/account/(verify-email|reset-password)\\?token=\\S+)");
  private static final String PASSWORD = "a long journey passphrase";
  private static final String NEW_PASSWORD = "an even longer journey passphrase";

  private static StandaloneServer server;
  private static HttpServer client;
  private static TestSeed seed;
  private static BrowserChecks browser;
  private static ChromeDriver driver;
  private static volatile CompletableFuture<String> callback = new CompletableFuture<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private int mails;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    client = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    client.createContext("/callback", exchange -> {
      callback.complete(exchange.getRequestURI().getRawQuery());
      byte[] body = "<!doctype html><html lang=\"en\"><title>Client</title><h1>Signed in</h1></html>"
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    client.start();
    seed = TestSeed.write(dir, "shop", URI.create("http://127.0.0.1:" + client.getAddress().getPort() + "/callback"));
    server = StandaloneServer.start(Map.of("SSO_PORT", "0", "SSO_DEMO", "false", "SSO_SEED_FILE",
        seed.file().toString(), "SSO_PRODUCT_NAME", "Example Corp", "SSO_REGISTRATION", "open",
        "SSO_SMTP_HOST", "127.0.0.1", "SSO_SMTP_PORT", String.valueOf(SMTP.getSmtp().getPort()),
        "SSO_SMTP_SECURITY", "none", "SSO_SMTP_FROM", "Example Corp <no-reply@example.com>"));
    browser = new BrowserChecks(Path.of("target", "screenshots", "journey"));
    driver = browser.driver;
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.close();
    }
    if (client != null) {
      client.stop(0);
    }
  }

  @Test
  void whenAUserRunsTheirAccountInEnglishAndGermanThenEveryStepWorksAndEveryPageMeetsWcagAa() throws Exception {
    journey("en", Map.of("account", "Your account", "mfa", "Two-step verification", "sign_in",
        "Sign in to your account"));
    journey("de", Map.of("account", "Ihr Konto", "mfa", "Bestätigung in zwei Schritten", "sign_in",
        "Bei Ihrem Konto anmelden"));

    assertThat(browser.violations).as("axe-core WCAG 2.x A/AA violations").isEmpty();
  }

  private void journey(String lang, Map<String, String> headings) throws Exception {
    driver.manage().deleteAllCookies();
    String email = "erin-" + lang + "@example.com";
    String q = "?ui_locales=" + lang;

    // register, then confirm the address through the mailed link
    driver.get(server.issuer() + "/account/register" + q);
    browser.await("email");
    assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(lang);
    check("register", lang);
    driver.findElement(By.id("name")).sendKeys("Erin " + lang);
    driver.findElement(By.id("email")).sendKeys(email);
    driver.findElement(By.id("password")).sendKeys(PASSWORD);
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    awaitStatus();
    check("register-done", lang);

    driver.get(nextMailLink(email, "verify-email")); // the mailed link carries ui_locales itself
    browser.awaitCss("button[type=submit]");
    check("verify_email", lang);
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    awaitStatus();
    check("verify_email-done", lang);

    // sign in to the client through the login page: code flow with PKCE, code exchanged
    Map<String, Object> tokens = signInToClient(lang, email, PASSWORD, null);
    assertThat(amr(tokens)).containsExactly("pwd");

    // the account page, in the session the login page started
    driver.get(server.issuer() + "/account" + q);
    browser.awaitHeading(headings.get("account"));
    assertThat(driver.findElement(By.id("apps")).getText()).contains("Integration test app");
    assertThat(driver.findElement(By.id("sessions")).findElements(By.tagName("li"))).hasSize(1);
    check("account", lang);

    // a wrong current password: the field in error is marked and focused
    driver.findElement(By.id("current_password")).sendKeys("not my password");
    driver.findElement(By.id("new_password")).sendKeys(NEW_PASSWORD);
    driver.findElement(By.id("new_password_again")).sendKeys(NEW_PASSWORD);
    driver.findElement(By.cssSelector("button[value=password]")).click();
    browser.await("form-error");
    assertThat(browser.focusedId()).isEqualTo("current_password");
    assertThat(driver.findElement(By.id("current_password")).getAttribute("aria-invalid")).isEqualTo("true");
    check("account-error", lang);

    // enrol TOTP: the secret is read from the page, the code computed as an authenticator app does
    driver.findElement(By.id("mfa-link")).click();
    browser.await("begin");
    check("mfa_enrol-start", lang);
    driver.findElement(By.id("begin")).click();
    browser.await("totp-secret");
    assertThat(driver.findElement(By.cssSelector("img.qr")).getAttribute("src")).startsWith("data:image/svg+xml");
    String secret = driver.findElement(By.id("totp-secret")).getText().replace(" ", "");
    check("mfa_enrol-qr", lang);
    driver.findElement(By.id("code")).sendKeys("000000");
    driver.findElement(By.cssSelector("button[value=confirm]")).click();
    browser.await("form-error");
    assertThat(browser.focusedId()).isEqualTo("code");
    check("mfa_enrol-error", lang);
    Instant confirmedAt = Instant.now();
    driver.findElement(By.id("code")).sendKeys(TotpCodes.at(secret, confirmedAt));
    driver.findElement(By.cssSelector("button[value=confirm]")).click();
    browser.await("recovery-codes");
    List<String> recovery = driver.findElement(By.id("recovery-codes")).findElements(By.tagName("li")).stream()
        .map(WebElement::getText).toList();
    assertThat(recovery).hasSize(10);
    check("mfa_enrol-codes", lang);

    // sign out through the link on the account page
    driver.findElement(By.id("back-to-account")).click();
    browser.awaitHeading(headings.get("account"));
    driver.findElement(By.cssSelector("a[href*='/logout']")).click();
    browser.awaitCss("form button[type=submit]");
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    new WebDriverWait(driver, BrowserChecks.WAIT).until(d -> d.findElements(By.cssSelector("button")).isEmpty());

    // sign in again: password, then the code (of the next time step: the confirming code was spent)
    String code = TotpCodes.at(secret, Instant.now().plusSeconds(30));
    tokens = signInToClient(lang, email, PASSWORD, code);
    assertThat(amr(tokens)).contains("pwd", "otp", "mfa");

    // sign out on the account page, then in with a recovery code on the account's own sign-in page
    driver.get(server.issuer() + "/account" + q);
    browser.awaitHeading(headings.get("account"));
    driver.findElement(By.cssSelector("button[value=end_session]")).click();
    browser.awaitHeading(headings.get("sign_in"));
    check("account_sign_in", lang);
    driver.findElement(By.id("username")).sendKeys(email);
    driver.findElement(By.id("password")).sendKeys(PASSWORD);
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    browser.await("code");
    check("account_sign_in-code", lang);
    driver.findElement(By.id("code")).sendKeys(recovery.get(0));
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    browser.awaitHeading(headings.get("account"));

    // the recovery code worked once: it no longer does (regenerating asks for a code)
    driver.findElement(By.id("mfa-link")).click();
    browser.await("regenerate-code");
    check("mfa_enrol-manage", lang);
    driver.findElement(By.id("regenerate-code")).sendKeys(recovery.get(0));
    driver.findElement(By.cssSelector("button[value=regenerate]")).click();
    browser.await("form-error");
    assertThat(browser.focusedId()).isEqualTo("regenerate-code");
    check("mfa_enrol-manage-error", lang);

    // forgot password: from the sign-in page's link, through the mailed link, then sign in with the new one
    driver.findElement(By.id("back-to-account")).click();
    browser.awaitHeading(headings.get("account"));
    driver.findElement(By.cssSelector("button[value=end_session]")).click();
    browser.awaitHeading(headings.get("sign_in"));
    driver.findElement(By.cssSelector("a[href*='/account/forgot-password']")).click();
    browser.await("email");
    check("forgot_password", lang);
    driver.findElement(By.id("email")).sendKeys(email);
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    awaitStatus();
    check("forgot_password-done", lang);
    driver.get(nextMailLink(email, "reset-password"));
    browser.await("password");
    check("reset_password", lang);
    driver.findElement(By.id("password")).sendKeys(NEW_PASSWORD);
    driver.findElement(By.id("password_again")).sendKeys(NEW_PASSWORD);
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    awaitStatus();
    check("reset_password-done", lang);
    driver.findElement(By.id("sign-in-link")).click();
    browser.awaitHeading(headings.get("sign_in"));
    driver.findElement(By.id("username")).sendKeys(email);
    driver.findElement(By.id("password")).sendKeys(NEW_PASSWORD);
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    browser.await("code");
    driver.findElement(By.id("code")).sendKeys(recovery.get(1));
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    browser.awaitHeading(headings.get("account"));

    // and delete the account: confirmed by the box, signed out everywhere
    driver.findElement(By.id("confirm")).click();
    driver.findElement(By.cssSelector("button[value=delete]")).click();
    awaitStatus();
    check("account-deleted", lang);
  }

  /** Through /authorize and the login page (and the consent page the first time); returns the token response. */
  private Map<String, Object> signInToClient(String lang, String email, String password, String totp)
      throws Exception {
    callback = new CompletableFuture<>();
    String verifier = TestSecrets.random() + TestSecrets.random();
    String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    driver.get(server.issuer() + "/authorize?response_type=code&client_id=" + seed.clientId()
        + "&redirect_uri=" + enc(seed.redirectUri().toString()) + "&scope=" + enc("openid profile email")
        + "&state=st-" + lang + "&nonce=n-" + lang + "&code_challenge=" + challenge
        + "&code_challenge_method=S256&ui_locales=" + lang);
    browser.await("username");
    check(totp == null ? "login" : "login-again", lang);
    driver.findElement(By.id("username")).sendKeys(email);
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    if (totp != null) {
      browser.await("code");
      check("mfa_challenge", lang);
      driver.findElement(By.id("code")).sendKeys(totp);
      driver.findElement(By.cssSelector("button[type=submit]")).click();
    }
    new WebDriverWait(driver, BrowserChecks.WAIT).until(d -> callback.isDone()
        || !d.findElements(By.cssSelector("button[value=allow]")).isEmpty());
    if (!callback.isDone()) {
      check("consent", lang);
      driver.findElement(By.cssSelector("button[value=allow]")).click();
    }
    String query = callback.get(BrowserChecks.WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(query).contains("state=st-" + lang);
    String code = Arrays.stream(query.split("&")).filter(p -> p.startsWith("code=")).findFirst().orElseThrow()
        .substring(5);
    HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(server.issuer() + "/token"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((seed.clientId() + ":"
            + seed.clientSecret()).getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=" + code
            + "&redirect_uri=" + enc(seed.redirectUri().toString()) + "&code_verifier=" + verifier))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    return JSONObjectUtils.parse(token.body());
  }

  private static List<String> amr(Map<String, Object> tokens) throws Exception {
    return SignedJWT.parse((String) tokens.get("id_token")).getJWTClaimsSet().getStringListClaim("amr");
  }

  /** The link of the next mail to {@code to} whose link leads to {@code page} (other mails, e.g. notices, pass). */
  private String nextMailLink(String to, String page) throws Exception {
    while (true) {
      assertThat(SMTP.waitForIncomingEmail(BrowserChecks.WAIT.toMillis(), mails + 1)).as("a mail to " + to).isTrue();
      MimeMessage mail = SMTP.getReceivedMessages()[mails++];
      // the decoded text (a long line or a non-ASCII letter makes the part quoted-printable)
      Matcher m = LINK.matcher((String) ((MimeMultipart) mail.getContent()).getBodyPart(0).getContent());
      if (mail.getRecipients(Message.RecipientType.TO)[0].toString().equals(to) && m.find()
          && m.group(2).equals(page)) {
        return m.group(1);
      }
    }
  }

  private static void awaitStatus() {
    new WebDriverWait(driver, BrowserChecks.WAIT).until(d -> !d.findElements(By.cssSelector("[role=status]")).isEmpty());
  }

  private static void check(String page, String lang) throws Exception {
    browser.check(page, lang);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
