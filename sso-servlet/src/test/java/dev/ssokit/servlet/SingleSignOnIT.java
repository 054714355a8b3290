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

  @Test
  void whenLoggedOutThenTokensOfEveryClientInTheSessionAreRevoked() throws Exception {
    Browser browser = provider.browser();
    RelyingParty.Attempt a = clientA.attempt();
    var tokensA = AuthorizationCodeFlowIT.oidcTokens(a.redeem(clientA.signIn(browser, a)));
    RelyingParty.Attempt b = clientB.attempt();
    var tokensB = AuthorizationCodeFlowIT.oidcTokens(b.redeem(clientB.signIn(browser, b)));

    HttpResponse<String> r = browser.get(new com.nimbusds.openid.connect.sdk.LogoutRequest(
        clientA.metadata.getEndSessionEndpointURI(), tokensA.getIDToken()).toURI());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(browser.cookie("ssokit_session")).isEmpty();

    assertThat(((com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse) clientA.introspect(tokensA.getAccessToken()))
        .isActive()).isFalse();
    assertThat(((com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse) clientB.introspect(tokensB.getAccessToken()))
        .isActive()).isFalse();
    assertThat(AuthorizationCodeFlowIT.error(clientA.refresh(tokensA.getRefreshToken()))).isEqualTo("invalid_grant");
    assertThat(AuthorizationCodeFlowIT.error(clientB.refresh(tokensB.getRefreshToken()))).isEqualTo("invalid_grant");
  }

  @Test
  void whenLogoutHasNoHintThenUserConfirmsAndOnlyTheConfirmedFormLogsOut() {
    Browser browser = signedInAtA();
    java.net.URI logout = provider.uri("/logout?client_id=" + TestProvider.CLIENT_A + "&post_logout_redirect_uri="
        + java.net.URLEncoder.encode(TestProvider.POST_LOGOUT_A.toString(), java.nio.charset.StandardCharsets.UTF_8)
        + "&state=s1");
    HttpResponse<String> confirm = browser.get(logout);
    assertThat(confirm.statusCode()).isEqualTo(200);
    assertThat(Browser.hiddenFields(confirm.body())).containsKey("csrf_token");
    assertThat(browser.cookie("ssokit_session")).isPresent();

    // A cross-site POST without the CSRF token does not log the user out.
    HttpResponse<String> forged = browser.post(Browser.formAction(confirm), Map.of("logout", "yes"));
    assertThat(forged.headers().firstValue("Location")).isEmpty();
    assertThat(browser.cookie("ssokit_session")).isPresent();

    HttpResponse<String> done = browser.post(Browser.formAction(confirm),
        withLogout(Browser.hiddenFields(confirm.body())));
    // RFC 9700 §4.12: after the confirmation POST, 303 See Other (a 302 lets the browser re-POST the form)
    assertThat(done.statusCode()).isEqualTo(303);
    assertThat(Browser.redirectParams(done)).containsEntry("state", "s1");
    assertThat(browser.cookie("ssokit_session")).isEmpty();
  }

  private static Map<String, String> withLogout(Map<String, String> fields) {
    Map<String, String> out = new java.util.LinkedHashMap<>(fields);
    out.put("logout", "yes");
    return out;
  }

  @Test
  void whenAccessTokenIsUsedAsIdTokenHintThenLogoutIsRefused() throws Exception {
    Browser browser = provider.browser();
    RelyingParty.Attempt a = clientA.attempt();
    var tokens = AuthorizationCodeFlowIT.oidcTokens(a.redeem(clientA.signIn(browser, a)));
    HttpResponse<String> r = browser.get(provider.uri("/logout?id_token_hint=" + tokens.getAccessToken().getValue()));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(browser.cookie("ssokit_session")).isPresent();
  }

  @Test
  void whenConsentIsSubmittedTwiceThenTheSecondIsAnErrorPage() {
    Browser browser = provider.browser();
    RelyingParty.Attempt attempt = clientA.attempt();
    HttpResponse<String> consent = browser.submit(browser.open(attempt.uri()),
        Map.of("username", TestProvider.USERNAME, "password", TestProvider.PASSWORD));
    assertThat(Browser.isConsentPage(consent)).isTrue();
    assertThat(attempt.callback(browser.submit(consent, Map.of("decision", "allow")))).containsKey("code");
    HttpResponse<String> again = browser.submit(consent, Map.of("decision", "allow"));
    assertThat(again.statusCode()).isEqualTo(400);
    assertThat(again.headers().firstValue("Location")).isEmpty();
  }

  @Test
  void whenAnotherUserSignsInWithPromptLoginThenCodeIsForThatUserAndSessionIsNew() throws Exception {
    String bob = provider.provider.users().create("bob", "bobs long password", "bob@example.com", Map.of())
        .orElseThrow().id();
    Browser browser = signedInAtA();
    String firstSession = browser.cookie("ssokit_session").orElseThrow();
    RelyingParty.Attempt attempt = clientA.attempt();
    HttpResponse<String> login = browser.open(attempt.uri(b -> b.prompt(new Prompt(Prompt.Type.LOGIN))));
    HttpResponse<String> next = browser.loginAndConsent(login, "bob", "bobs long password");
    var tokens = AuthorizationCodeFlowIT.oidcTokens(attempt.redeem(attempt.callback(next).get("code")));
    assertThat(tokens.getIDToken().getJWTClaimsSet().getSubject()).isEqualTo(bob);
    assertThat(browser.cookie("ssokit_session")).isPresent().get().isNotEqualTo(firstSession);
  }
}
