package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.spi.ClientOptions;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The built-in pages' language (OIDC {@code ui_locales}, then {@code Accept-Language}, then the default
 * setting), their branding settings, and the CSP that lets exactly the branding assets in.
 */
class PagesTest {
  private static final String AUTHORIZE = "http://localhost:8080/authorize?response_type=code&client_id=web"
      + "&redirect_uri=" + LoginDriver.enc(LoginDriver.REDIRECT) + "&scope=openid&state=s"
      + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";

  private static SsoProvider provider(SsoSettings.Builder settings) {
    SsoProvider provider = SsoProvider.builder(settings.build()).build();
    LoginDriver.registerClient(provider);
    provider.users().create("alice", "correct horse battery staple", null, Map.of());
    return provider;
  }

  private static SsoProvider provider() {
    return provider(SsoSettings.builder("http://localhost:8080"));
  }

  private static HTTPResponse get(SsoProvider provider, String url, String acceptLanguage, String cookie)
      throws Exception {
    HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, URI.create(url).toURL());
    if (acceptLanguage != null) {
      request.setHeader("Accept-Language", acceptLanguage);
    }
    if (cookie != null) {
      request.setHeader("Cookie", cookie);
    }
    return provider.handle(request);
  }

  /** The login page the authorization request leads to, the browser sending {@code acceptLanguage}. */
  private static HTTPResponse loginPage(SsoProvider provider, String extraParams, String acceptLanguage)
      throws Exception {
    HTTPResponse authorize = get(provider, AUTHORIZE + extraParams, acceptLanguage, null);
    assertThat(authorize.getStatusCode()).isEqualTo(302);
    String cookie = authorize.getHeaderValues("Set-Cookie").get(0).split(";", 2)[0];
    return get(provider, authorize.getLocation().toString(), acceptLanguage, cookie);
  }

  @Test
  void whenUiLocalesIsGivenThenTheLoginPageIsInThatLanguageWhateverTheBrowserPrefers() throws Exception {
    HTTPResponse page = loginPage(provider(), "&ui_locales=de-CH%20fr", "fr-FR,fr;q=0.9");

    assertThat(page.getBody()).contains("<html lang=\"de\">", "<h1>Anmelden</h1>", "Benutzername oder E-Mail-Adresse",
        "<title>Anmelden – SSO Kit</title>");
    assertThat(page.getHeaderValue("Content-Language")).isEqualTo("de");
  }

  @Test
  void whenOnlyAcceptLanguageIsGivenThenItChoosesTheLanguage() throws Exception {
    HTTPResponse page = loginPage(provider(), "", "ja, pt;q=0.8, en;q=0.5");

    assertThat(page.getBody()).contains("<html lang=\"pt-BR\">", "Nome de usuário ou e-mail");
  }

  @Test
  void whenNeitherNamesASupportedLanguageThenTheDefaultLocaleSettingIsUsed() throws Exception {
    SsoProvider spanish = provider(SsoSettings.builder("http://localhost:8080").defaultLocale(Locale.forLanguageTag("es")));

    assertThat(loginPage(spanish, "&ui_locales=ja", "ko").getBody()).contains("<html lang=\"es\">", "Contraseña");
    assertThat(loginPage(provider(), "", null).getBody()).contains("<html lang=\"en\">", "Username or e-mail");
  }

  @Test
  void whenTheLoginFailsThenTheErrorIsInTheInteractionsLanguageAndTheFirstFieldInErrorHasTheFocus() throws Exception {
    SsoProvider provider = provider();
    HTTPResponse authorize = get(provider, AUTHORIZE + "&ui_locales=fr", null, null);
    String cookie = authorize.getHeaderValues("Set-Cookie").get(0).split(";", 2)[0];
    String html = get(provider, authorize.getLocation().toString(), null, cookie).getBody();
    HTTPRequest post = new HTTPRequest(HTTPRequest.Method.POST, URI.create("http://localhost:8080/interaction/login").toURL());
    post.setEntityContentType(com.nimbusds.common.contenttype.ContentType.APPLICATION_URLENCODED);
    post.setHeader("Cookie", cookie);
    post.setHeader("Accept-Language", "de");
    String form = "interaction=" + LoginDriver.enc(LoginDriver.field(html, "interaction")) + "&csrf_token="
        + LoginDriver.enc(LoginDriver.field(html, "csrf_token"));

    post.setBody(form + "&username=alice&password=wrong");
    HTTPResponse wrong = provider.handle(post);
    post.setBody(form + "&username=alice&password=");
    HTTPResponse missing = provider.handle(post);

    assertThat(wrong.getStatusCode()).isEqualTo(401);
    assertThat(wrong.getBody()).contains("Nom d&#39;utilisateur ou mot de passe incorrect.")
        .containsPattern("id=\"username\"[^>]* autofocus aria-invalid=\"true\" aria-describedby=\"login-error\"")
        .containsPattern("id=\"password\"[^>]* aria-invalid=\"true\"");
    assertThat(missing.getStatusCode()).isEqualTo(400);
    assertThat(missing.getBody()).contains("Saisissez votre mot de passe.")
        .containsPattern("id=\"password\"[^>]* autofocus aria-invalid=\"true\"")
        .doesNotContainPattern("id=\"username\"[^>]* autofocus");
  }

  @Test
  void whenAnErrorPageIsShownThenItIsInTheBrowsersLanguage() throws Exception {
    HTTPResponse page = get(provider(), "http://localhost:8080/authorize?client_id=nobody&response_type=code",
        "es-ES,es;q=0.9", null);

    assertThat(page.getStatusCode()).isEqualTo(400);
    assertThat(page.getBody()).contains("<html lang=\"es\">", "<h1>Aplicación desconocida</h1>",
        "La aplicación que te envió aquí no está registrada.");
  }

  @Test
  void whenDiscoveryIsReadThenItListsThePagesLanguages() throws Exception {
    String json = get(provider(), "http://localhost:8080/.well-known/openid-configuration", null, null).getBody();

    assertThat(json).contains("\"ui_locales_supported\":[\"de\",\"en\",\"es\",\"fr\",\"pt-BR\"]");
  }

  @Test
  void whenBrandingIsSetThenPagesShowItAndTheCspAllowsExactlyItsAssets() throws Exception {
    SsoProvider branded = provider(SsoSettings.builder("http://localhost:8080").productName("Acme ID")
        .logoUrl(URI.create("https://cdn.example.com/brand/logo.svg?v=2"))
        .stylesheetUrl(URI.create("https://cdn.example.com/brand/acme.css")).primaryColor("#7A1F5C"));

    HTTPResponse page = loginPage(branded, "", null);

    assertThat(page.getBody()).contains("<title>Sign in – Acme ID</title>",
        "<img src=\"https://cdn.example.com/brand/logo.svg?v&#61;2\" alt=\"Acme ID\">", "--accent: #7A1F5C;",
        "<link rel=\"stylesheet\" href=\"https://cdn.example.com/brand/acme.css\">");
    assertThat(page.getHeaderValue("Content-Security-Policy"))
        .containsPattern("style-src 'nonce-[^']+' https://cdn\\.example\\.com/brand/acme\\.css;")
        .contains("img-src data: https://cdn.example.com/brand/logo.svg;", "font-src https://cdn.example.com;")
        .contains("default-src 'none'", "frame-ancestors 'none'");
  }

  @Test
  void whenNoBrandingIsSetThenTheCspAllowsNoExternalAsset() throws Exception {
    HTTPResponse page = loginPage(provider(), "", null);

    assertThat(page.getHeaderValue("Content-Security-Policy")).contains("img-src data:;").doesNotContain("font-src")
        .containsPattern("style-src 'nonce-[^' ]+';");
    assertThat(page.getBody()).contains("<span>SSO Kit</span>", "--accent: #2456d6;").doesNotContain("<link");
  }

  @Test
  void whenABrandingSettingIsBadThenBuildFailsNamingIt() {
    assertThatThrownBy(() -> SsoSettings.builder("http://localhost:8080").primaryColor("red").build())
        .hasMessageStartingWith("primaryColor: must be #rrggbb");
    assertThatThrownBy(() -> SsoSettings.builder("http://localhost:8080").primaryColor("#f0c000").build())
        .hasMessageStartingWith("primaryColor: white button text on #f0c000 has a contrast of 1.");
    assertThatThrownBy(() -> SsoSettings.builder("http://localhost:8080")
        .logoUrl(URI.create("http://cdn.example.com/logo.png")).build())
        .hasMessageStartingWith("logoUrl: must be an absolute https URL");
    assertThatThrownBy(() -> SsoSettings.builder("http://localhost:8080")
        .stylesheetUrl(URI.create("https://cdn.example.com/a;b.css")).build())
        .hasMessageStartingWith("stylesheetUrl: the path must not contain");
    assertThatThrownBy(() -> SsoSettings.builder("http://localhost:8080").productName(" ").build())
        .hasMessageStartingWith("productName:");
    assertThatThrownBy(() -> SsoProvider.builder(SsoSettings.builder("http://localhost:8080")
        .defaultLocale(Locale.JAPANESE).build()).build())
        .hasMessageStartingWith("defaultLocale: no messages bundle for ja");
  }

  @Test
  void whenTheClientPublishesItsLinksThenTheConsentPageLinksThemInTheUsersLanguage() throws Exception {
    SsoProvider provider = SsoProvider.builder(SsoSettings.builder("http://localhost:8080").build()).build();
    provider.clients().register(new ClientRegistration("web", "Shop & Co", List.of(URI.create(LoginDriver.REDIRECT)),
        null, Set.of("authorization_code"), Set.of("openid"), "none", null, null, ClientOptions.builder()
        .clientUri(URI.create("https://shop.example/")).policyUri(URI.create("https://shop.example/privacy"))
        .tosUri(URI.create("https://shop.example/terms?v=2&lang=de")).build()));
    provider.users().create("alice", "correct horse battery staple", null, Map.of());
    LoginDriver browser = new LoginDriver(provider, "192.0.2.8", Map.of("Accept-Language", "de"));

    String consent = consentPage(browser, browser.start().login("alice", "correct horse battery staple"));

    assertThat(consent).contains("<a href=\"https://shop.example/\" target=\"_blank\" rel=\"noopener noreferrer\">"
            + "Website von Shop &amp; Co</a>",
        "<a href=\"https://shop.example/privacy\" target=\"_blank\" rel=\"noopener noreferrer\">"
            + "Datenschutzerklärung</a>",
        "href=\"https://shop.example/terms?v&#61;2&amp;lang&#61;de\"", ">Nutzungsbedingungen</a>");

    // a client without links: no links paragraph
    SsoProvider plain = provider(SsoSettings.builder("http://localhost:8080"));
    LoginDriver other = new LoginDriver(plain, "192.0.2.9");
    assertThat(consentPage(other, other.start().login("alice", "correct horse battery staple")))
        .contains("name=\"decision\"").doesNotContain("rel=\"noopener noreferrer\"");
  }

  /** Follows the redirects after a login to the consent page; its HTML. */
  private static String consentPage(LoginDriver browser, HTTPResponse afterLogin) throws Exception {
    HTTPResponse r = afterLogin;
    for (int hops = 0; hops < 5 && r.getStatusCode() / 100 == 3; hops++) {
      r = browser.send(new HTTPRequest(HTTPRequest.Method.GET, r.getLocation().toURL()));
    }
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.getBody()).contains("name=\"decision\"");
    return r.getBody();
  }
}
