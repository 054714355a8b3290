package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The built-in pages in a real browser (headless Chromium through chromedriver) against the
 * standalone server: a user signs in to a client through the login and consent pages, in English
 * and in German ({@code ui_locales=de}), then signs out, and opens the register and forgot-password
 * pages the login page links to. On every page axe-core checks WCAG 2.x A/AA
 * in light and dark mode (prefers-color-scheme emulated through CDP), and a screenshot of each is
 * saved under {@code target/screenshots/} (page-language-scheme.png), through {@link BrowserChecks}.
 */
class PagesInBrowserIT {
  private static final Duration WAIT = BrowserChecks.WAIT;
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private static StandaloneServer server;
  private static HttpServer client;
  private static TestSeed seed;
  private static BrowserChecks browser;
  private static ChromeDriver driver;
  private static volatile CompletableFuture<String> callback = new CompletableFuture<>();

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    // the client's redirect URI: a small server that takes the code the provider sends back
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
    server = StandaloneServer.start(Map.of("SSO_PORT", "0", "SSO_SEED_FILE", seed.file().toString(),
        "SSO_PRODUCT_NAME", "Example Corp", "SSO_REGISTRATION", "open"));
    browser = new BrowserChecks(SCREENSHOTS);
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
  void whenAUserSignsInAndOutInEnglishAndGermanThenEveryPageMeetsWcagAaInLightAndDarkMode() throws Exception {
    signInAndOut("en", null, Map.of("login", "Sign in", "consent", "Allow access?", "error",
        "Wrong username or password.", "logout", "Sign out?", "logged_out", "You are signed out",
        "register", "Create account", "forgot_password", "Forgot password"));
    signInAndOut("de", "de", Map.of("login", "Anmelden", "consent", "Zugriff erlauben?", "error",
        "Benutzername oder Passwort ist falsch.", "logout", "Abmelden?", "logged_out", "Sie sind abgemeldet",
        "register", "Konto erstellen", "forgot_password", "Passwort vergessen"));

    assertThat(browser.violations).as("axe-core WCAG 2.x A/AA violations").isEmpty();
  }

  private void signInAndOut(String lang, String uiLocales, Map<String, String> texts) throws Exception {
    driver.manage().deleteAllCookies();
    callback = new CompletableFuture<>();
    String state = "st-" + lang;
    driver.get(server.issuer() + "/authorize?response_type=code&client_id=" + seed.clientId()
        + "&redirect_uri=" + enc(seed.redirectUri().toString()) + "&scope=" + enc("openid profile email")
        + "&state=" + state + "&nonce=n-" + lang + "&prompt=consent"
        + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
        + (uiLocales == null ? "" : "&ui_locales=" + uiLocales));

    awaitHeading(texts.get("login"));
    assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(lang);
    assertThat(focusedId()).as("the first field has the focus").isEqualTo("username");
    check("login", lang);
    String forgotUrl = driver.findElement(By.linkText(texts.get("forgot_password") + "?")).getAttribute("href");
    String registerUrl = driver.findElement(By.linkText(texts.get("register"))).getAttribute("href");

    // a wrong password: the error is announced (role=alert), the first field in error is focused
    driver.findElement(By.id("username")).sendKeys(seed.username());
    driver.findElement(By.id("password")).sendKeys("not-the-password");
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.id("login-error")));
    assertThat(driver.findElement(By.id("login-error")).getText()).isEqualTo(texts.get("error"));
    assertThat(driver.findElement(By.id("login-error")).getAttribute("role")).isEqualTo("alert");
    assertThat(focusedId()).isEqualTo("username");
    assertThat(driver.findElement(By.id("password")).getAttribute("aria-invalid")).isEqualTo("true");
    check("login-error", lang);

    WebElement password = driver.findElement(By.id("password"));
    password.clear();
    password.sendKeys(seed.password());
    password.submit();
    awaitHeading(texts.get("consent"));
    check("consent", lang);
    driver.findElement(By.cssSelector("button[value=allow]")).click();

    String query = callback.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(query).contains("code=", "state=" + state);

    driver.get(server.issuer() + "/logout" + (uiLocales == null ? "" : "?ui_locales=" + uiLocales));
    awaitHeading(texts.get("logout"));
    check("logout", lang);
    driver.findElement(By.cssSelector("button[type=submit]")).click();
    awaitHeading(texts.get("logged_out"));
    check("logged_out", lang);

    driver.get(server.issuer() + "/authorize?client_id=nobody" + (uiLocales == null ? "" : "&ui_locales=" + uiLocales));
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("p.error")));
    check("error", lang);

    // the account pages the login page links to, in the login page's language
    driver.get(registerUrl);
    awaitHeading(texts.get("register"));
    assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(lang);
    assertThat(focusedId()).isEqualTo("email");
    check("register", lang);
    driver.get(forgotUrl);
    awaitHeading(texts.get("forgot_password"));
    assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo(lang);
    check("forgot_password", lang);
  }

  private static void awaitHeading(String text) {
    browser.awaitHeading(text);
  }

  private static String focusedId() {
    return browser.focusedId();
  }

  private static void check(String page, String lang) throws IOException {
    browser.check(page, lang);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
