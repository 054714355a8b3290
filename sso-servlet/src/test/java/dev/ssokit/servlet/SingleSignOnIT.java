package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.openid.connect.sdk.Prompt;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Single sign-on across clients through the browser session, and OIDC Core §3.1.2.1 prompt / max_age. */
class SingleSignOnIT {
  // A provider per test: remembered consents and sessions must not leak between tests.
  private TestProvider provider;
  private RelyingParty clientA;
  private RelyingParty clientB;

  @BeforeEach
  void start() throws Exception {
    provider = TestProvider.start();
    clientA = RelyingParty.clientA(provider);
    clientB = RelyingParty.clientB(provider);
  }

  @AfterEach
  void stop() throws Exception {
    provider.close();
  }

  private Browser signedInAtA() {
    Browser browser = provider.browser();
    RelyingParty.Attempt attempt = clientA.attempt();
    String code = clientA.signIn(browser, attempt);
    assertThat(AuthorizationCodeFlowIT.oidcTokens(attempt.redeem(code)).getIDToken()).isNotNull();
    return browser;
  }

  @Test
  void whenSignedInAtClientAThenClientBNeedsOnlyConsentAndThenNothing() throws Exception {
    Browser browser = signedInAtA();

    RelyingParty.Attempt first = clientB.attempt();
    HttpResponse<String> consent = browser.open(first.uri());
    assertThat(Browser.isConsentPage(consent)).as(consent.body()).isTrue();
    Map<String, String> callback = first.callback(browser.submit(consent, Map.of("decision", "allow")));
    assertThat(callback).containsEntry("state", first.state.getValue()).containsEntry("iss", provider.issuer);
    var tokensB = AuthorizationCodeFlowIT.oidcTokens(first.redeem(callback.get("code")));
    assertThat(tokensB.getIDToken().getJWTClaimsSet().getSubject()).isEqualTo(provider.userId);

    RelyingParty.Attempt second = clientB.attempt();
    Map<String, String> silent = second.callback(browser.get(second.uri()));
    assertThat(silent).containsEntry("state", second.state.getValue()).containsKey("code");
    assertThat(AuthorizationCodeFlowIT.oidcTokens(second.redeem(silent.get("code"))).getIDToken()).isNotNull();
  }

  @Test
  void whenSameSessionThenIdTokensOfBothClientsShareSid() throws Exception {
    Browser browser = provider.browser();
    RelyingParty.Attempt a = clientA.attempt();
    var tokensA = AuthorizationCodeFlowIT.oidcTokens(a.redeem(clientA.signIn(browser, a)));
    RelyingParty.Attempt b = clientB.attempt();
    var tokensB = AuthorizationCodeFlowIT.oidcTokens(b.redeem(clientB.signIn(browser, b)));
    assertThat(tokensB.getIDToken().getJWTClaimsSet().getStringClaim("sid"))
        .isEqualTo(tokensA.getIDToken().getJWTClaimsSet().getStringClaim("sid"));
  }

  @Test
  void whenPromptIsLoginThenLoginFormIsShownAgain() {
    Browser browser = signedInAtA();
    RelyingParty.Attempt attempt = clientA.attempt();
    HttpResponse<String> r = browser.open(attempt.uri(b -> b.prompt(new Prompt(Prompt.Type.LOGIN))));
    assertThat(Browser.isLoginPage(r)).as(r.body()).isTrue();
    Map<String, String> callback = attempt.callback(
        browser.submit(r, Map.of("username", TestProvider.USERNAME, "password", TestProvider.PASSWORD)));
    assertThat(callback).containsKey("code");
  }

  @Test
  void whenMaxAgeIsZeroThenLoginFormIsShownAgain() {
    Browser browser = signedInAtA();
    RelyingParty.Attempt attempt = clientA.attempt();
    HttpResponse<String> r = browser.open(attempt.uri(b -> b.maxAge(0)));
    assertThat(Browser.isLoginPage(r)).as(r.body()).isTrue();
  }

  @Test
  void whenMaxAgeHasElapsedThenLoginFormIsShownAndAuthTimeIsFresh() throws Exception {
    Browser browser = signedInAtA();
    provider.clock.advance(java.time.Duration.ofSeconds(30));
    RelyingParty.Attempt within = clientA.attempt();
    assertThat(within.callback(browser.open(within.uri(b -> b.maxAge(3600))))).containsKey("code");

    RelyingParty.Attempt attempt = clientA.attempt();
    HttpResponse<String> r = browser.open(attempt.uri(b -> b.maxAge(10)));
    assertThat(Browser.isLoginPage(r)).as(r.body()).isTrue();
    Map<String, String> callback = attempt.callback(
        browser.submit(r, Map.of("username", TestProvider.USERNAME, "password", TestProvider.PASSWORD)));
    var idToken = AuthorizationCodeFlowIT.oidcTokens(attempt.redeem(callback.get("code"))).getIDToken();
    assertThat(idToken.getJWTClaimsSet().getLongClaim("auth_time")).isEqualTo(provider.clock.instant().getEpochSecond());
  }

  @Test
  void whenPromptIsNoneWithoutSessionThenLoginRequired() {
    RelyingParty.Attempt attempt = clientA.attempt();
    Map<String, String> callback = attempt.callback(
        provider.browser().get(attempt.uri(b -> b.prompt(new Prompt(Prompt.Type.NONE)))));
    assertThat(callback).containsEntry("error", "login_required").containsEntry("state", attempt.state.getValue())
        .containsEntry("iss", provider.issuer).doesNotContainKey("code");
  }

  @Test
  void whenPromptIsNoneWithSessionButNoConsentThenConsentRequired() {
    Browser browser = signedInAtA();
    RelyingParty.Attempt attempt = clientB.attempt();
    Map<String, String> callback = attempt.callback(browser.get(attempt.uri(b -> b.prompt(new Prompt(Prompt.Type.NONE)))));
    assertThat(callback).containsEntry("error", "consent_required").doesNotContainKey("code");
  }

  @Test
  void whenPromptIsNoneWithSessionAndConsentThenCodeWithoutAnyPage() {
    Browser browser = signedInAtA();
    RelyingParty.Attempt attempt = clientA.attempt();
    Map<String, String> callback = attempt.callback(browser.get(attempt.uri(b -> b.prompt(new Prompt(Prompt.Type.NONE)))));
    assertThat(callback).containsKey("code").doesNotContainKey("error");
  }

  @Test
  void whenUserDeniesConsentThenAccessDenied() {
    Browser browser = signedInAtA();
    RelyingParty.Attempt attempt = clientB.attempt();
    HttpResponse<String> consent = browser.open(attempt.uri());
    assertThat(Browser.isConsentPage(consent)).isTrue();
    Map<String, String> callback = attempt.callback(browser.submit(consent, Map.of("decision", "deny")));
    assertThat(callback).containsEntry("error", "access_denied").containsEntry("state", attempt.state.getValue());
  }
}
