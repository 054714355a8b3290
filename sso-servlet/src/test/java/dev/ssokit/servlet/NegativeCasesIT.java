package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.ssokit.ClientRegistration;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientOptions;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every rejection answers the exact standard error, over HTTP. */
class NegativeCasesIT {
  private static TestProvider provider;
  private static RelyingParty clientA;
  private static RelyingParty clientB;

  @BeforeAll
  static void start() throws Exception {
    provider = TestProvider.start();
    clientA = RelyingParty.clientA(provider);
    clientB = RelyingParty.clientB(provider);
  }

  @AfterAll
  static void stop() throws Exception {
    provider.close();
  }

  private static String error(TokenResponse r) {
    return AuthorizationCodeFlowIT.error(r);
  }

  private static URI withoutParam(URI uri, String name) {
    String q = uri.getRawQuery().replaceAll("(^|&)" + name + "=[^&]*", "");
    return URI.create(uri.toString().substring(0, uri.toString().indexOf('?') + 1) + q.replaceFirst("^&", ""));
  }

  @Test
  void whenRedirectUriIsNotRegisteredThen400PageAndNoRedirect() {
    RelyingParty.Attempt attempt = clientA.attempt();
    URI uri = URI.create(attempt.uri().toString().replace(
        java.net.URLEncoder.encode(TestProvider.REDIRECT_A.toString(), java.nio.charset.StandardCharsets.UTF_8),
        java.net.URLEncoder.encode("https://evil.example.com/callback", java.nio.charset.StandardCharsets.UTF_8)));
    assertThat(uri.toString()).contains("evil.example.com");
    HttpResponse<String> r = provider.browser().get(uri);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Location")).isEmpty();
    assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
  }

  @Test
  void whenClientIsUnknownThen400PageAndNoRedirect() {
    URI uri = URI.create(clientA.attempt().uri().toString().replace("client_id=webapp", "client_id=nobody"));
    HttpResponse<String> r = provider.browser().get(uri);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Location")).isEmpty();
  }

  @Test
  void whenCodeChallengeMethodIsPlainThenRedirectWithInvalidRequest() {
    RelyingParty.Attempt attempt = clientA.attempt();
    URI uri = attempt.uri(b -> b.codeChallenge(attempt.verifier, CodeChallengeMethod.PLAIN));
    assertThat(attempt.callback(provider.browser().get(uri))).containsEntry("error", "invalid_request");
  }

  @Test
  void whenCodeChallengeMethodIsMissingThenRedirectWithInvalidRequest() {
    RelyingParty.Attempt attempt = clientA.attempt();
    URI uri = withoutParam(attempt.uri(), "code_challenge_method");
    assertThat(uri.getRawQuery()).contains("code_challenge=").doesNotContain("code_challenge_method");
    assertThat(attempt.callback(provider.browser().get(uri))).containsEntry("error", "invalid_request");
  }

  @Test
  void whenCodeVerifierIsWrongThenInvalidGrant() {
    RelyingParty.Attempt attempt = clientA.attempt();
    String code = clientA.signIn(provider.browser(), attempt);
    assertThat(error(attempt.redeem(code, new CodeVerifier()))).isEqualTo("invalid_grant");
  }

  @Test
  void whenCodeVerifierIsMissingThenInvalidGrant() throws Exception {
    RelyingParty.Attempt attempt = clientA.attempt();
    String code = clientA.signIn(provider.browser(), attempt);
    HTTPResponse r = RelyingParty.sendDocumented(new TokenRequest.Builder(clientA.metadata.getTokenEndpointURI(),
        clientA.auth, new AuthorizationCodeGrant(new AuthorizationCode(code), clientA.redirectUri)).build()
        .toHTTPRequest());
    assertThat(error(OIDCTokenResponseParser.parse(r))).isEqualTo("invalid_grant");
  }

  @Test
  void whenCodeIsReplayedThenInvalidGrantAndTokensOfFirstUseAreRevoked() {
    RelyingParty.Attempt attempt = clientA.attempt();
    String code = clientA.signIn(provider.browser(), attempt);
    OIDCTokens first = AuthorizationCodeFlowIT.oidcTokens(attempt.redeem(code));
    assertThat(((TokenIntrospectionSuccessResponse) clientA.introspect(first.getAccessToken())).isActive()).isTrue();

    assertThat(error(attempt.redeem(code))).isEqualTo("invalid_grant");

    assertThat(((TokenIntrospectionSuccessResponse) clientA.introspect(first.getAccessToken())).isActive()).isFalse();
    assertThat(((TokenIntrospectionSuccessResponse) clientA.introspect(first.getRefreshToken())).isActive()).isFalse();
    assertThat(error(clientA.refresh(first.getRefreshToken()))).isEqualTo("invalid_grant");
  }

  @Test
  void whenCodeIsRedeemedByAnotherClientThenInvalidGrant() {
    RelyingParty.Attempt attempt = clientA.attempt();
    String code = clientA.signIn(provider.browser(), attempt);
    TokenResponse r = clientB.token(new AuthorizationCodeGrant(new AuthorizationCode(code), clientB.redirectUri,
        attempt.verifier));
    assertThat(error(r)).isEqualTo("invalid_grant");
  }

  @Test
  void whenClientSecretIsWrongThen401InvalidClientWithChallenge() throws Exception {
    TokenRequest request = new TokenRequest(clientA.metadata.getTokenEndpointURI(),
        new ClientSecretBasic(clientA.clientId, new Secret("not-the-secret")), new com.nimbusds.oauth2.sdk.ClientCredentialsGrant(),
        new Scope(TestProvider.API_SCOPE));
    HTTPResponse r = RelyingParty.sendDocumented(request.toHTTPRequest());
    assertThat(r.getStatusCode()).isEqualTo(401);
    assertThat(ErrorObject.parse(r).getCode()).isEqualTo("invalid_client");
    assertThat(r.getHeaderValue("WWW-Authenticate")).startsWith("Basic");
  }

  @Test
  void whenRefreshTokenIsReusedThenInvalidGrantAndNewestTokenOfFamilyIsRevoked() {
    RelyingParty.Attempt attempt = clientA.attempt();
    OIDCTokens first = AuthorizationCodeFlowIT.oidcTokens(attempt.redeem(clientA.signIn(provider.browser(), attempt)));
    OIDCTokens second = AuthorizationCodeFlowIT.oidcTokens(clientA.refresh(first.getRefreshToken()));

    assertThat(error(clientA.refresh(first.getRefreshToken()))).isEqualTo("invalid_grant");

    assertThat(error(clientA.refresh(second.getRefreshToken()))).isEqualTo("invalid_grant");
    assertThat(((TokenIntrospectionSuccessResponse) clientA.introspect(second.getAccessToken())).isActive()).isFalse();
  }

  @Test
  void whenRefreshTokenOfAnotherClientIsUsedThenInvalidGrant() {
    RelyingParty.Attempt attempt = clientA.attempt();
    OIDCTokens tokens = AuthorizationCodeFlowIT.oidcTokens(attempt.redeem(clientA.signIn(provider.browser(), attempt)));
    assertThat(error(clientB.refresh(tokens.getRefreshToken()))).isEqualTo("invalid_grant");
  }

  @Test
  void whenCodeHasExpiredThenInvalidGrant() {
    RelyingParty.Attempt attempt = clientA.attempt();
    String code = clientA.signIn(provider.browser(), attempt);
    provider.clock.advance(Duration.ofSeconds(61));
    assertThat(error(attempt.redeem(code))).isEqualTo("invalid_grant");
  }

  @Test
  void whenAccessTokenIsForAnotherAudienceThenUserInfoAnswers401InvalidToken() {
    TokenResponse response = clientA.clientCredentials(new Scope(TestProvider.API_SCOPE), TestProvider.RESOURCE_A);
    assertThat(response.indicatesSuccess()).isTrue();
    BearerAccessToken token = response.toSuccessResponse().getTokens().getBearerAccessToken();
    HTTPResponse r = RelyingParty.sendDocumented(new com.nimbusds.openid.connect.sdk.UserInfoRequest(
        clientA.metadata.getUserInfoEndpointURI(), token).toHTTPRequest());
    assertThat(r.getStatusCode()).isEqualTo(401);
    assertThat(r.getHeaderValue("WWW-Authenticate")).startsWith("Bearer").contains("error=\"invalid_token\"");
  }

  @Test
  void whenLoginFormLacksCsrfTokenThen403AndNoSession() {
    Browser browser = provider.browser();
    HttpResponse<String> login = browser.open(clientA.attempt().uri());
    assertThat(Browser.isLoginPage(login)).isTrue();
    Map<String, String> form = new java.util.LinkedHashMap<>(Browser.hiddenFields(login.body()));
    form.remove("csrf_token");
    form.put("username", TestProvider.USERNAME);
    form.put("password", TestProvider.PASSWORD);
    HttpResponse<String> r = browser.post(Browser.formAction(login), form);
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("Location")).isEmpty();
    assertThat(browser.cookie("ssokit_session")).isEmpty();
  }

  @Test
  void whenInteractionIsContinuedFromAnotherBrowserThen403() {
    HttpResponse<String> login = provider.browser().open(clientA.attempt().uri());
    Browser other = provider.browser();
    HttpResponse<String> r = other.post(Browser.formAction(login), Map.of(
        "interaction", Browser.hiddenFields(login.body()).get("interaction"),
        "csrf_token", Browser.hiddenFields(login.body()).get("csrf_token"),
        "username", TestProvider.USERNAME, "password", TestProvider.PASSWORD));
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(other.cookie("ssokit_session")).isEmpty();
  }

  @Test
  void whenPromptIsNoneWithoutSessionThenLoginRequired() {
    RelyingParty.Attempt attempt = clientA.attempt();
    assertThat(attempt.callback(provider.browser().get(attempt.uri(b -> b.prompt(new Prompt(Prompt.Type.NONE))))))
        .containsEntry("error", "login_required");
  }

  @Test
  void whenOneAddressKeepsGuessingThenItBacksOffWith429AndRetryAfterButTheAccountIsNotLocked() {
    provider.provider.users().create("bob", "bobs right password", "bob@example.com", Map.of()).orElseThrow();
    Browser browser = provider.browser();
    HttpResponse<String> page = browser.open(clientA.attempt().uri());
    // issue 7 #10: a few free failures per (account, address), then exponential back-off for that pair only
    for (int i = 0; i <= dev.ssokit.SsoSettings.DEFAULT_LOGIN_FREE_FAILURES; i++) {
      page = browser.submit(page, Map.of("username", "bob", "password", "wrong password " + i));
      assertThat(page.statusCode()).isEqualTo(401);
      assertThat(browser.cookie("ssokit_session")).isEmpty();
    }
    HttpResponse<String> waiting = browser.submit(page, Map.of("username", "bob", "password", "bobs right password"));
    assertThat(waiting.statusCode()).isEqualTo(429);
    assertThat(waiting.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(waiting.headers().firstValue("Location")).isEmpty();
    assertThat(browser.cookie("ssokit_session")).isEmpty();

    provider.clock.advance(Duration.ofSeconds(1));
    browser.submit(waiting, Map.of("username", "bob", "password", "bobs right password"));
    assertThat(browser.cookie("ssokit_session")).as("no lockout: the right password works after the wait").isPresent();
  }

  @Test
  void whenTokenRequestRedirectUriDiffersFromAuthorizationRequestThenInvalidGrant() {
    RelyingParty.Attempt attempt = clientA.attempt();
    String code = clientA.signIn(provider.browser(), attempt);
    TokenResponse r = clientA.token(new AuthorizationCodeGrant(new AuthorizationCode(code),
        URI.create("https://app.example.com/other"), attempt.verifier));
    assertThat(error(r)).isEqualTo("invalid_grant");
  }

  @Test
  void whenClientUsesAnotherAuthMethodThanRegisteredThenInvalidClient() throws Exception {
    HTTPResponse r = RelyingParty.sendDocumented(new TokenRequest(clientA.metadata.getTokenEndpointURI(),
        new com.nimbusds.oauth2.sdk.auth.ClientSecretPost(clientA.clientId, new Secret(provider.secretA)),
        new com.nimbusds.oauth2.sdk.ClientCredentialsGrant(), new Scope(TestProvider.API_SCOPE)).toHTTPRequest());
    assertThat(r.getStatusCode()).isEqualTo(401);
    assertThat(ErrorObject.parse(r).getCode()).isEqualTo("invalid_client");
  }

  @Test
  void whenPublicClientIdIsGivenForAConfidentialClientWithoutSecretThenInvalidClient() throws Exception {
    HTTPResponse r = RelyingParty.sendDocumented(new TokenRequest(clientA.metadata.getTokenEndpointURI(),
        clientA.clientId, new com.nimbusds.oauth2.sdk.RefreshTokenGrant(
            new com.nimbusds.oauth2.sdk.token.RefreshToken("x")), null).toHTTPRequest());
    assertThat(r.getStatusCode()).isEqualTo(401);
    assertThat(ErrorObject.parse(r).getCode()).isEqualTo("invalid_client");
  }

  @Test
  void whenRefreshAsksForWiderScopeThenInvalidScopeAndANarrowerScopeWithoutOpenidGetsNoIdToken() throws Exception {
    RelyingParty.Attempt attempt = clientA.attempt(new Scope("openid", "offline_access"));
    OIDCTokens tokens = AuthorizationCodeFlowIT.oidcTokens(attempt.redeem(clientA.signIn(provider.browser(), attempt)));
    assertThat(error(clientA.token(new com.nimbusds.oauth2.sdk.RefreshTokenGrant(tokens.getRefreshToken()),
        new Scope("openid", "offline_access", "email"), null))).isEqualTo("invalid_scope");
    TokenResponse narrower = clientA.token(new com.nimbusds.oauth2.sdk.RefreshTokenGrant(tokens.getRefreshToken()),
        new Scope("offline_access"), null);
    assertThat(narrower.indicatesSuccess()).isTrue();
    assertThat(narrower.toSuccessResponse().getTokens().getAccessToken().getScope().toStringList())
        .containsExactly("offline_access");
    // OIDC Core §12.2: without openid in the refresh's scope, the answer carries no refreshed ID token
    assertThat(narrower.toSuccessResponse().toJSONObject()).doesNotContainKey("id_token");
    TokenResponse full = clientA.token(new com.nimbusds.oauth2.sdk.RefreshTokenGrant(
        narrower.toSuccessResponse().getTokens().getRefreshToken()), null, null);
    assertThat(full.toSuccessResponse().toJSONObject()).containsKey("id_token");
  }

  @Test
  void whenIntrospectingWithoutClientAuthenticationThen401InvalidClient() throws Exception {
    HttpResponse<String> r = provider.browser().post(clientA.metadata.getIntrospectionEndpointURI(), Map.of("token", "x"));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.body()).contains("\"invalid_client\"");
  }

  @Test
  void whenTokenRequestCarriesCredentialsInTheUrlThenInvalidRequestAndNoToken() throws Exception {
    URI url = URI.create(clientA.metadata.getTokenEndpointURI() + "?client_id=" + clientA.clientId
        + "&client_secret=" + ((ClientSecretBasic) clientA.auth).getClientSecret().getValue());
    HttpResponse<String> r = provider.browser().post(url, Map.of("grant_type", "client_credentials"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"invalid_request\"").doesNotContain("access_token");
  }

  @Test
  void whenResourceIsNotRegisteredForTheClientThenInvalidTargetAtEveryGrant() throws Exception {
    URI foreign = URI.create("https://payments.evil.example/");
    assertThat(error(clientA.clientCredentials(new Scope(TestProvider.API_SCOPE), foreign))).isEqualTo("invalid_target");

    RelyingParty.Attempt attempt = clientA.attempt(new Scope("openid", "offline_access"));
    String code = clientA.signIn(provider.browser(), attempt);
    AuthorizationCodeGrant codeGrant = new AuthorizationCodeGrant(new AuthorizationCode(code),
        TestProvider.REDIRECT_A, attempt.verifier);
    assertThat(error(clientA.token(codeGrant, null, foreign))).isEqualTo("invalid_target");
    // RFC 8707 refused before the code is taken: the same code still redeems, for the registered resource
    TokenResponse redeemed = clientA.token(codeGrant, null, TestProvider.RESOURCE_A);
    assertThat(redeemed.indicatesSuccess()).isTrue();
    OIDCTokens tokens = AuthorizationCodeFlowIT.oidcTokens(redeemed);
    assertThat(com.nimbusds.jwt.SignedJWT.parse(tokens.getAccessToken().getValue()).getJWTClaimsSet().getAudience())
        .containsExactly(TestProvider.RESOURCE_A.toString());

    com.nimbusds.oauth2.sdk.RefreshTokenGrant refresh =
        new com.nimbusds.oauth2.sdk.RefreshTokenGrant(tokens.getRefreshToken());
    assertThat(error(clientA.token(refresh, null, foreign))).isEqualTo("invalid_target");
    assertThat(clientA.token(refresh, null, TestProvider.RESOURCE_A).indicatesSuccess()).isTrue();
  }

  @Test
  void whenRevocationRequestCarriesNoClientAuthenticationThen401InvalidClientWithBasicChallenge() throws Exception {
    for (String body : List.of("token=some-token", "token=some-token&token_type_hint=refresh_token", "")) {
      HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, provider.uri("/revoke"));
      request.setContentType("application/x-www-form-urlencoded");
      request.setBody(body);
      HTTPResponse r = RelyingParty.sendDocumented(request);
      // RFC 7009 §2.1 / RFC 6749 §5.2: the client must authenticate; failing that is invalid_client, 401
      assertThat(r.getStatusCode()).as(body).isEqualTo(401);
      assertThat(r.getBody()).as(body).contains("\"invalid_client\"");
      assertThat(r.getHeaderValue("WWW-Authenticate")).as(body).startsWith("Basic");
    }
  }

  private static RelyingParty register(String clientId, ClientOptions options) {
    String secret = provider.provider.clients().register(new ClientRegistration(clientId, null, List.of(), List.of(),
        Set.of("client_credentials"), Set.of(TestProvider.API_SCOPE), Client.AUTH_CLIENT_SECRET_BASIC, null, null,
        options)).clientSecret();
    return RelyingParty.confidential(provider, clientId, secret);
  }

  private static BearerAccessToken clientCredentials(RelyingParty client, URI resource) {
    TokenResponse response = client.clientCredentials(new Scope(TestProvider.API_SCOPE), resource);
    assertThat(response.indicatesSuccess()).as(() -> String.valueOf(response.toErrorResponse().getErrorObject()))
        .isTrue();
    return response.toSuccessResponse().getTokens().getBearerAccessToken();
  }

  private static TokenIntrospectionSuccessResponse introspect(RelyingParty caller, BearerAccessToken token) {
    return (TokenIntrospectionSuccessResponse) caller.introspect(token);
  }

  @Test
  void whenClientIntrospectsATokenNeitherIssuedToItNorForItThenInactiveUnlessAllowedToIntrospectAll() {
    URI payments = URI.create("https://payments.example.com/");
    RelyingParty resourceServer = register(payments.toString(), ClientOptions.DEFAULTS);
    RelyingParty auditor = register("auditor", ClientOptions.builder().introspectAllTokens(true).build());
    RelyingParty caller = register("caller", ClientOptions.builder().allowedResources(Set.of(payments)).build());
    BearerAccessToken ofA = clientCredentials(clientA, null);
    BearerAccessToken forPayments = clientCredentials(caller, payments);

    // RFC 7662 §2.2: "active": false, and nothing else, for a token the caller may not learn about
    TokenIntrospectionSuccessResponse hidden = introspect(clientB, ofA);
    assertThat(hidden.isActive()).isFalse();
    assertThat(hidden.toJSONObject()).containsOnlyKeys("active");
    assertThat(introspect(resourceServer, ofA).isActive()).isFalse();
    assertThat(introspect(clientB, forPayments).isActive()).isFalse();

    // issued to the caller, or the caller is in its audience, or the caller may introspect everything
    assertThat(introspect(clientA, ofA).isActive()).isTrue();
    assertThat(introspect(caller, forPayments).isActive()).isTrue();
    TokenIntrospectionSuccessResponse forMe = introspect(resourceServer, forPayments);
    assertThat(forMe.isActive()).isTrue();
    assertThat(forMe.getClientID().getValue()).isEqualTo("caller");
    assertThat(introspect(auditor, ofA).isActive()).isTrue();
    assertThat(introspect(auditor, ofA).getClientID().getValue()).isEqualTo(TestProvider.CLIENT_A);
  }
}
