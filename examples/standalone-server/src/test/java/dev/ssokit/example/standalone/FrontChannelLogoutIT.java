package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoProvider;
import dev.ssokit.SsoSettings;
import dev.ssokit.spi.ClientOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * OIDC Front-Channel Logout 1.0 and the RP-Initiated Logout 1.0 pages over real HTTP: iframes of
 * the session's clients on the logged-out page (with {@code iss} and {@code sid} when asked for),
 * the CSP that lets them load, discovery, and the answers to unverifiable sign-out requests.
 */
class FrontChannelLogoutIT {
  private static final URI REDIRECT = URI.create("http://127.0.0.1:8080/callback");
  private static final URI AFTER_LOGOUT = URI.create("http://127.0.0.1:8080/bye");
  private static final URI WITH_SID = URI.create("https://rp1.example/frontchannel");
  private static final URI WITHOUT_SID = URI.create("https://rp2.example/logout?from=op");
  private static final String PASSWORD = "correct horse battery";

  private ProviderNode node;
  private final Map<String, String> secrets = new HashMap<>();

  @BeforeEach
  void start() throws Exception {
    node = ProviderNode.start(null, iss -> SsoProvider.builder(SsoSettings.builder(iss).build()).build());
    register("rp1", ClientOptions.builder().frontchannelLogout(WITH_SID, true).build());
    register("rp2", ClientOptions.builder().frontchannelLogout(WITHOUT_SID, false).build());
    register("rp3", ClientOptions.DEFAULTS);
    node.provider().users().create("alice", PASSWORD, "alice@example.com", Map.of());
  }

  private void register(String client, ClientOptions options) {
    secrets.put(client, node.provider().clients().register(new ClientRegistration(client, client, List.of(REDIRECT),
        List.of(AFTER_LOGOUT), Set.of("authorization_code"), Set.of("openid"), "client_secret_basic", "web", "jwt")
        .withOptions(options)).clientSecret());
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
  }

  @Test
  void whenDiscoveryIsReadThenBothLogoutChannelsAreAdvertisedWithSessionSupport() throws Exception {
    HttpResponse<String> r = new OidcTestClient(issuer(), node.uri())
        .browserGet(URI.create(issuer() + "/.well-known/openid-configuration"));
    Map<String, Object> metadata = JSONObjectUtils.parse(r.body());
    assertThat(metadata).containsEntry("frontchannel_logout_supported", true)
        .containsEntry("frontchannel_logout_session_supported", true)
        .containsEntry("backchannel_logout_supported", true)
        .containsEntry("backchannel_logout_session_supported", true);
  }

  @Test
  void whenUserSignsOutThenLoggedOutPageFramesEachClientsFrontChannelUriWithIssAndSidWhenAsked() throws Exception {
    OidcTestClient browser = new OidcTestClient(issuer(), node.uri());
    OIDCTokenResponse rp1 = signIn(browser, "rp1");
    signIn(browser, "rp2");
    signIn(browser, "rp3");
    String sid = rp1.getOIDCTokens().getIDToken().getJWTClaimsSet().getStringClaim("sid");
    assertThat(sid).as("the ID token carries the session id").isNotNull();

    HttpResponse<String> page = browser.browserGet(URI.create(issuer() + "/logout?id_token_hint="
        + rp1.getOIDCTokens().getIDTokenString()));
    assertThat(page.statusCode()).isEqualTo(200);
    String expected = WITH_SID + "?iss=" + URLEncoder.encode(issuer(), StandardCharsets.UTF_8) + "&sid=" + sid;
    assertThat(iframeSources(page.body())).containsExactlyInAnyOrder(expected, WITHOUT_SID.toString());
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("frame-src https://rp1.example https://rp2.example;");
  }

  @Test
  void whenSignOutHasPostLogoutRedirectThenIframesFirstAndTheClientAfter() throws Exception {
    OidcTestClient browser = new OidcTestClient(issuer(), node.uri());
    OIDCTokenResponse rp1 = signIn(browser, "rp1");
    HttpResponse<String> page = browser.browserGet(URI.create(issuer() + "/logout?id_token_hint="
        + rp1.getOIDCTokens().getIDTokenString() + "&post_logout_redirect_uri=" + AFTER_LOGOUT + "&state=s1"));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(iframeSources(page.body())).hasSize(1);
    assertThat(unescape(page.body())).contains("href=\"" + AFTER_LOGOUT + "?state=s1\"");
  }

  @Test
  void whenNoClientHasFrontChannelThenPostLogoutRedirectIsImmediate() throws Exception {
    OidcTestClient browser = new OidcTestClient(issuer(), node.uri());
    OIDCTokenResponse rp3 = signIn(browser, "rp3");
    HttpResponse<String> r = browser.browserGet(URI.create(issuer() + "/logout?id_token_hint="
        + rp3.getOIDCTokens().getIDTokenString() + "&post_logout_redirect_uri=" + AFTER_LOGOUT));
    assertThat(r.statusCode()).isBetween(302, 303);
    assertThat(r.headers().firstValue("Location")).hasValue(AFTER_LOGOUT.toString());
  }

  @Test
  void whenPostLogoutRedirectComesWithoutHintOrClientIdThenPageSaysItCannotBeChecked() throws Exception {
    HttpResponse<String> r = new OidcTestClient(issuer(), node.uri()).browserGet(URI.create(issuer()
        + "/logout?post_logout_redirect_uri=" + AFTER_LOGOUT));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("cannot be checked").doesNotContain("not registered");
  }

  @Test
  void whenClientIdIdentifiesTheClientThenItsRegisteredPostLogoutRedirectIsUsed() throws Exception {
    HttpResponse<String> r = new OidcTestClient(issuer(), node.uri()).browserGet(URI.create(issuer()
        + "/logout?client_id=rp3&logout_hint=alice&ui_locales=de&post_logout_redirect_uri=" + AFTER_LOGOUT));
    assertThat(r.statusCode()).isBetween(302, 303);
    assertThat(r.headers().firstValue("Location")).hasValue(AFTER_LOGOUT.toString());

    HttpResponse<String> unknown = new OidcTestClient(issuer(), node.uri()).browserGet(URI.create(issuer()
        + "/logout?client_id=nobody&post_logout_redirect_uri=" + AFTER_LOGOUT));
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("client_id is not a registered application");

    HttpResponse<String> other = new OidcTestClient(issuer(), node.uri()).browserGet(URI.create(issuer()
        + "/logout?client_id=rp3&post_logout_redirect_uri=https://evil.example/"));
    assertThat(other.statusCode()).isEqualTo(400);
    assertThat(other.body()).contains("not registered for the application");
  }

  private String issuer() {
    return node.uri().toString();
  }

  private OIDCTokenResponse signIn(OidcTestClient browser, String client) throws Exception {
    TokenResponse r = browser.codeFlow(client, secrets.get(client), REDIRECT, new Scope("openid"), "alice", PASSWORD);
    assertThat(r.indicatesSuccess()).as("sign-in of " + client).isTrue();
    return (OIDCTokenResponse) r.toSuccessResponse();
  }

  private static List<String> iframeSources(String html) {
    return java.util.regex.Pattern.compile("<iframe class=\"frontchannel-logout\" src=\"([^\"]*)\"").matcher(html)
        .results().map(m -> unescape(m.group(1))).toList();
  }

  /** Undoes Mustache's HTML escaping of attribute values. */
  private static String unescape(String html) {
    return html.replace("&#61;", "=").replace("&#x3D;", "=").replace("&amp;", "&").replace("&#x2F;", "/")
        .replace("&#39;", "'").replace("&quot;", "\"");
  }
}
