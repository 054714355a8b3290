package dev.ssokit.example.multiapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoProvider;
import dev.ssokit.example.multiapp.client.ClientApplication;
import dev.ssokit.example.multiapp.provider.ProviderApplication;
import dev.ssokit.example.multiapp.resource.ResourceServerApplication;
import dev.ssokit.spi.ClientOptions;
import dev.ssokit.testkit.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Three Spring Boot apps on random ports, each from its own properties file: the provider
 * ({@link ProviderApplication}: the starter inside Spring Security, issuer with a path), a stock
 * {@code oauth2Login} relying party ({@link ClientApplication}) and a stock JWT resource server
 * ({@link ResourceServerApplication}). Headless Chromium signs in at the relying party through the
 * provider's login and consent pages; the relying party then calls the resource server and the
 * provider's own {@code @PreAuthorize} API with the user's access token. A token without scope
 * {@code api} is refused by both (403). Screenshots go to {@code target/screenshots/}.
 *
 * <p>IMPORTANT: the three apps share this test's class path, so the relying party and the resource
 * server are started with SSO Kit's auto-configuration excluded: in their own projects they would not
 * have the starter at all. Needs {@code chromium} and {@code chromedriver} (as {@code PagesInBrowserIT}).
 */
class SpringMultiAppIT {
  /** Generous: the build machine may be busy; every wait ends as soon as its condition holds. */
  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final String NOT_THE_STARTER = "--spring.autoconfigure.exclude=dev.ssokit.spring.SsoAutoConfiguration";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern STATUS_AND_BODY = Pattern.compile("(\\d{3}) (.*)", Pattern.DOTALL);

  private static final List<ConfigurableApplicationContext> apps = new ArrayList<>();
  private static final HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();
  private static ConfigurableApplicationContext provider;
  private static String issuer;
  private static URI client;
  private static URI resourceServer;
  private static URI providerApp;
  private static String password;
  private static ChromeDriver driver;

  @BeforeAll
  static void start() throws Exception {
    // the provider's issuer and the client's redirect URI name their ports before either starts
    int providerPort = FreePorts.belowEphemeralRange();
    int clientPort = FreePorts.belowEphemeralRange();
    providerApp = URI.create("http://localhost:" + providerPort);
    issuer = providerApp + "/sso";
    client = URI.create("http://localhost:" + clientPort);
    String clientSecret = HexFormat.of().formatHex(randomBytes(32));
    password = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(12));

    provider = start(new SpringApplicationBuilder(ProviderApplication.class), "--spring.config.name=provider",
        "--server.port=" + providerPort, "--sso.issuer=" + issuer,
        "--sso.clients.web.redirect-uris=" + client + "/login/oauth2/code/sso",
        "--sso.clients.web.client-secret=" + clientSecret, "--app.user.password=" + password);
    ConfigurableApplicationContext resource = start(new SpringApplicationBuilder(ResourceServerApplication.class),
        "--spring.config.name=resource-server", "--server.port=0", NOT_THE_STARTER,
        "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + issuer);
    resourceServer = URI.create("http://localhost:" + resource.getEnvironment().getProperty("local.server.port"));
    start(new SpringApplicationBuilder(ClientApplication.class), "--spring.config.name=client",
        "--server.port=" + clientPort, NOT_THE_STARTER,
        "--spring.security.oauth2.client.registration.sso.client-secret=" + clientSecret,
        "--spring.security.oauth2.client.provider.sso.issuer-uri=" + issuer,
        "--app.resource-server-url=" + resourceServer, "--app.provider-api-url=" + providerApp);

    ChromeOptions options = new ChromeOptions().addArguments("--headless=new", "--no-sandbox",
        "--disable-dev-shm-usage", "--window-size=800,900", "--lang=en-US");
    Path chromium = Path.of("/usr/bin/chromium");
    if (Files.isExecutable(chromium)) {
      options.setBinary(chromium.toFile());
    }
    ChromeDriverService.Builder service = new ChromeDriverService.Builder();
    Path chromedriver = Path.of("/usr/bin/chromedriver");
    if (Files.isExecutable(chromedriver)) {
      service.usingDriverExecutable(chromedriver.toFile());
    }
    driver = new ChromeDriver(service.build(), options);
    Files.createDirectories(SCREENSHOTS);
  }

  private static ConfigurableApplicationContext start(SpringApplicationBuilder app, String... args) {
    ConfigurableApplicationContext context = app.run(args);
    apps.add(context);
    return context;
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    for (int i = apps.size() - 1; i >= 0; i--) {
      apps.get(i).close();
    }
  }

  @Test
  void whenAUserSignsInAtTheRelyingPartyThenItsTokenOpensTheResourceServerAndTheProvidersApi() throws Exception {
    driver.manage().deleteAllCookies();
    driver.get(client + "/");

    // Boot's default chain of the relying party sends the browser to the provider's login page
    awaitHeading("Sign in");
    assertThat(driver.getCurrentUrl()).startsWith(issuer + "/interaction/login");
    screenshot("1-provider-login");
    driver.findElement(By.id("username")).sendKeys("alice");
    driver.findElement(By.id("password")).sendKeys(password);
    driver.findElement(By.cssSelector("button[type=submit]")).click();

    awaitHeading("Allow access?");
    assertThat(driver.getCurrentUrl()).startsWith(issuer + "/interaction/consent");
    screenshot("2-provider-consent");
    driver.findElement(By.cssSelector("button[value=allow]")).click();

    awaitHeading("Signed in as Alice Example");
    // back at the page first asked for (Spring Security's request cache adds ?continue)
    assertThat(URI.create(driver.getCurrentUrl()).resolve("/")).isEqualTo(client.resolve("/"));
    assertThat(URI.create(driver.getCurrentUrl()).getPath()).isEqualTo("/");
    screenshot("3-client-home");
    String subject = text("subject");
    assertThat(subject).isNotBlank();
    assertThat(text("scopes")).isEqualTo("api email openid profile");
    // the stock resource server accepts the provider's token (typ JWT) and its scope api (@PreAuthorize)
    String[] messages = statusAndBody(text("messages"));
    assertThat(messages[0]).as(messages[1]).isEqualTo("200");
    assertThat(messages[1]).contains("\"subject\":\"" + subject + "\"",
        "\"messages\":[\"Hello from the resource server\"]");
    // the provider's own API runs the same token as an Authentication (@PreAuthorize on SCOPE_api)
    String[] me = statusAndBody(text("me"));
    assertThat(me[0]).as(me[1]).isEqualTo("200");
    assertThat(me[1]).contains("\"subject\":\"" + subject + "\"", "\"client_id\":\"web\"");
  }

  @Test
  void whenATokenLacksScopeApiThenTheResourceServerAndTheProvidersApiRefuseIt() throws Exception {
    String token = clientCredentialsTokenWithoutScopeApi();

    HttpResponse<String> messages = get(resourceServer + "/api/messages", token);
    HttpResponse<String> me = get(providerApp + "/api/me", token);
    HttpResponse<String> anonymous = get(resourceServer + "/api/messages", null);

    assertThat(messages.statusCode()).isEqualTo(403);
    assertThat(messages.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
        assertThat(v).startsWith("Bearer").contains("error=\"insufficient_scope\""));
    assertThat(me.statusCode()).isEqualTo(403);
    assertThat(me.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
        assertThat(v).startsWith("Bearer").contains("error=\"insufficient_scope\""));
    assertThat(anonymous.statusCode()).isEqualTo(401);
  }

  /**
   * A valid access token of the provider (typ JWT, as the resource server needs) with scope
   * {@code reports} only: a second client registered here, not in {@code provider.properties}.
   */
  private static String clientCredentialsTokenWithoutScopeApi() throws IOException, InterruptedException {
    String clientId = "reports";
    String secret = provider.getBean(SsoProvider.class).clients().register(new ClientRegistration(clientId, "Reports",
            List.of(), List.of(), Set.of("client_credentials"), Set.of("reports"), "client_secret_basic", "web", "jwt")
            .withOptions(ClientOptions.builder().accessTokenTyp("JWT").build()))
        .clientSecret();
    String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(issuer + "/token")).timeout(WAIT)
        .header("Authorization", "Basic " + basic)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form("grant_type", "client_credentials", "scope", "reports")))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    Matcher token = ACCESS_TOKEN.matcher(response.body());
    assertThat(token.find()).as(response.body()).isTrue();
    return token.group(1);
  }

  private static HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(WAIT).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String[] statusAndBody(String text) {
    Matcher m = STATUS_AND_BODY.matcher(text);
    assertThat(m.matches()).as("'<status> <body>': %s", text).isTrue();
    return new String[] {m.group(1), m.group(2)};
  }

  private static String text(String id) {
    return driver.findElement(By.id(id)).getText();
  }

  private static void awaitHeading(String text) {
    new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBe(By.tagName("h1"), text));
  }

  private static void screenshot(String name) throws IOException {
    Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
        StandardCopyOption.REPLACE_EXISTING);
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static String form(String... pairs) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < pairs.length; i += 2) {
      body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(pairs[i], StandardCharsets.UTF_8))
          .append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
    }
    return body.toString();
  }
}
