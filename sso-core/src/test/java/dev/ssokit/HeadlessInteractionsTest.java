package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A host that owns its login UI drives login and consent through {@code provider.interactions()}. */
class HeadlessInteractionsTest {
  private static final String ISSUER = "http://localhost:9000";
  private static final String HOST_LOGIN = "http://localhost:8081/login";
  private static final String CALLBACK = "https://app.example.com/cb";

  private SsoProvider provider;
  private InProcessBrowser browser;
  private final CodeVerifier verifier = new CodeVerifier();
  private String userId;

  @BeforeEach
  void setUp() {
    provider = SsoProvider.builder(SsoSettings.builder(ISSUER).interactionUrl(HOST_LOGIN).build()).build();
    browser = new InProcessBrowser(provider);
    provider.clients().register(new ClientRegistration("app", null, List.of(URI.create(CALLBACK)), null,
        Set.of("authorization_code"), Set.of("openid", "profile"), "client_secret_basic", "web", null));
    // The subject the host names must be known to the provider's UserDirectory (here the built-in one).
    userId = provider.users().create("user42", "long enough password", null, Map.of()).orElseThrow().id();
  }

  private HTTPResponse browse(String url) throws Exception {
    return browser.get(url);
  }

  private String authorize() throws Exception {
    String challenge = CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue();
    HTTPResponse res = browse(ISSUER + "/authorize?response_type=code&client_id=app&redirect_uri=" + CALLBACK
        + "&scope=openid%20profile&state=s1&code_challenge=" + challenge + "&code_challenge_method=S256");
    assertThat(res.getStatusCode()).isEqualTo(302);
    String location = res.getLocation().toString();
    assertThat(location).startsWith(HOST_LOGIN + "?interaction=");
    return URLDecoder.decode(location.substring(location.indexOf('=') + 1), StandardCharsets.UTF_8);
  }

  @Test
  void whenHostLogsInAndConsentsThenTheClientGetsACodeAndTheSessionGivesSingleSignOn() throws Exception {
    String id = authorize();
    Interactions.Details details = provider.interactions().find(id).orElseThrow();
    assertThat(details.loginRequired()).isTrue();
    assertThat(details.clientId()).isEqualTo("app");
    assertThat(details.scopes()).containsExactlyInAnyOrder("openid", "profile");

    URI afterLogin = provider.interactions().login(id, userId, List.of("pwd", "otp"));
    HTTPResponse consentStep = browse(afterLogin.toString());
    assertThat(consentStep.getLocation().toString()).startsWith(HOST_LOGIN + "?interaction=");
    assertThat(provider.interactions().find(id).orElseThrow().loginRequired()).isFalse();

    URI afterConsent = provider.interactions().consent(id, Set.of("openid", "profile"));
    HTTPResponse done = browse(afterConsent.toString());
    assertThat(done.getLocation().toString()).startsWith(CALLBACK + "?code=").contains("state=s1")
        .contains("iss=http%3A%2F%2Flocalhost%3A9000");
    assertThat(provider.interactions().find(id)).isEmpty();

    // Single sign-on: the next authorization completes at once, without the host's page.
    String challenge = CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier()).getValue();
    HTTPResponse sso = browse(ISSUER + "/authorize?response_type=code&client_id=app&redirect_uri=" + CALLBACK
        + "&scope=openid&code_challenge=" + challenge + "&code_challenge_method=S256");
    assertThat(sso.getLocation().toString()).startsWith(CALLBACK + "?code=");
  }

  @Test
  void whenHostDeniesThenTheClientGetsAccessDenied() throws Exception {
    String id = authorize();
    HTTPResponse res = browse(provider.interactions().deny(id).toString());
    assertThat(res.getLocation().toString()).startsWith(CALLBACK + "?").contains("error=access_denied")
        .contains("state=s1").doesNotContain("code=");
    assertThat(browser.cookies()).doesNotContainKey("ssokit_session");
  }

  @Test
  void whenResumeUrlIsOpenedInAnotherBrowserThenRefused() throws Exception {
    String id = authorize();
    URI next = provider.interactions().login(id, userId, null);
    browser.cookies().clear();
    HTTPResponse res = browse(next.toString());
    assertThat(res.getStatusCode()).isEqualTo(403);
    assertThat(res.getLocation()).isNull();
  }

  @Test
  void whenConsentGivenBeforeLoginOrForUnaskedScopesThenRejected() throws Exception {
    String id = authorize();
    assertThatThrownBy(() -> provider.interactions().consent(id, Set.of("openid"))).isInstanceOf(IllegalStateException.class);
    provider.interactions().login(id, userId, null);
    assertThatThrownBy(() -> provider.interactions().consent(id, Set.of("email"))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> provider.interactions().login("nope", userId, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> provider.interactions().login(id, "unknown-user", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UserDirectory");
  }
}
