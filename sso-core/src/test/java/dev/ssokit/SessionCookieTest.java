package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.ssokit.testkit.InProcessBrowser;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 7 item 8: on https the session and interaction-binding cookies carry the {@code __Host-}
 * prefix (RFC 6265bis §4.1.3.2), or {@code __Secure-} when the issuer has a path, so no sibling
 * domain or plain-http page can set them; the session cookie is a browser-session cookie.
 */
class SessionCookieTest {
  private static final String CALLBACK = "https://app.example.com/cb";
  private static final String HOST_LOGIN = "https://app.example.com/login";

  /** Signs in through the headless API and returns every Set-Cookie header the browser was sent. */
  private static List<String> signIn(String issuer) throws Exception {
    SsoProvider provider = SsoProvider.builder(SsoSettings.builder(issuer).interactionUrl(HOST_LOGIN).build()).build();
    provider.clients().register(new ClientRegistration("app", null, List.of(URI.create(CALLBACK)), null,
        Set.of("authorization_code"), Set.of("openid"), "client_secret_basic", "web", null));
    String userId = provider.users().create("user42", "long enough password", null, Map.of()).orElseThrow().id();
    InProcessBrowser browser = new InProcessBrowser(provider);
    String challenge = CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier()).getValue();
    HTTPResponse start = browser.get(issuer + "/authorize?response_type=code&client_id=app&redirect_uri=" + CALLBACK
        + "&scope=openid&code_challenge=" + challenge + "&code_challenge_method=S256");
    String location = start.getLocation().toString();
    String id = URLDecoder.decode(location.substring(location.indexOf('=') + 1), StandardCharsets.UTF_8);
    HTTPResponse done = browser.get(provider.interactions().login(id, userId, List.of("pwd")).toString());
    provider.interactions().consent(id, Set.of("openid"));
    assertThat(done.getStatusCode()).isEqualTo(302);
    List<String> cookies = new java.util.ArrayList<>(start.getHeaderValues("Set-Cookie"));
    cookies.addAll(done.getHeaderValues("Set-Cookie"));
    return cookies;
  }

  @Test
  void whenIssuerIsHttpsWithoutPathThenCookiesAreHostPrefixedAndTheSessionEndsWithTheBrowser() throws Exception {
    List<String> cookies = signIn("https://login.example.com");

    assertThat(cookies).anySatisfy(c -> assertThat(c)
        .startsWith("__Host-ssokit_session_interaction=").contains("; Path=/;").contains("; Secure"));
    assertThat(cookies).anySatisfy(c -> assertThat(c)
        .startsWith("__Host-ssokit_session=").contains("; Path=/;").contains("; Secure").doesNotContain("Max-Age"));
    assertThat(cookies).noneMatch(c -> c.startsWith("ssokit_session"));
  }

  @Test
  void whenIssuerIsHttpsWithPathThenCookiesAreSecurePrefixedAndScopedToThePath() throws Exception {
    List<String> cookies = signIn("https://example.com/sso");

    assertThat(cookies).anySatisfy(c -> assertThat(c)
        .startsWith("__Secure-ssokit_session_interaction=").contains("; Path=/sso;").contains("; Secure"));
    assertThat(cookies).anySatisfy(c -> assertThat(c)
        .startsWith("__Secure-ssokit_session=").contains("; Path=/sso;").contains("; Secure"));
  }

  @Test
  void whenIssuerIsLocalHttpThenCookiesHaveNoPrefix() throws Exception {
    List<String> cookies = signIn("http://localhost:9000");

    assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("ssokit_session=").doesNotContain("Secure"));
  }
}
