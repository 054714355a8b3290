package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.UserInfoSuccessResponse;
import com.nimbusds.openid.connect.sdk.claims.AccessTokenHash;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.openid.connect.sdk.validators.AccessTokenValidator;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The authorization code flow end to end, over HTTP, with Nimbus as the client. */
class AuthorizationCodeFlowIT {
  private static TestProvider provider;
  private static RelyingParty clientA;

  @BeforeAll
  static void start() throws Exception {
    provider = TestProvider.start();
    clientA = RelyingParty.clientA(provider);
  }

  @AfterAll
  static void stop() throws Exception {
    provider.close();
  }

  static OIDCTokens oidcTokens(TokenResponse response) {
    assertThat(response.indicatesSuccess()).as(() -> String.valueOf(response.toErrorResponse().getErrorObject())).isTrue();
    return ((OIDCTokenResponse) response.toSuccessResponse()).getOIDCTokens();
  }

  static String error(TokenResponse response) {
    assertThat(response.indicatesSuccess()).isFalse();
    return ((TokenErrorResponse) response).getErrorObject().getCode();
  }

  private IDTokenClaimsSet validateIdToken(JWT idToken, RelyingParty.Attempt attempt) throws Exception {
    IDTokenValidator validator = new IDTokenValidator(new Issuer(provider.issuer), clientA.clientId,
        JWSAlgorithm.RS256, clientA.metadata.getJWKSetURI().toURL());
    return validator.validate(idToken, attempt.nonce);
  }

  @Test
  void whenUserSignsInThenTokensUserInfoRefreshIntrospectionRevocationAndLogoutAllWork() throws Exception {
    Browser browser = provider.browser();
    RelyingParty.Attempt attempt = clientA.attempt();

    // Browser: authorize -> login form -> consent -> back to the client.
    HttpResponse<String> login = browser.open(attempt.uri());
    assertThat(Browser.isLoginPage(login)).as(login.body()).isTrue();
    assertThat(Browser.hiddenFields(login.body())).containsKeys("csrf_token", "interaction");
    HttpResponse<String> consent = browser.submit(login,
        Map.of("username", TestProvider.USERNAME, "password", TestProvider.PASSWORD));
    assertThat(Browser.isConsentPage(consent)).as(consent.body()).isTrue();
    // CSP3: form-action also applies to the redirects after submitting; the consent POST ends at the client.
    assertThat(login.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("form-action 'self' https://app.example.com;").contains("frame-ancestors 'none'");
    assertThat(consent.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("form-action 'self' https://app.example.com;");
    HttpResponse<String> back = browser.submit(consent, Map.of("decision", "allow"));
    Map<String, String> callback = attempt.callback(back);
    assertThat(callback).containsEntry("state", attempt.state.getValue()).containsEntry("iss", provider.issuer)
        .containsKey("code");
    assertThat(browser.cookie("ssokit_session")).isPresent();

    // Token request with client_secret_basic and the PKCE verifier.
    OIDCTokens tokens = oidcTokens(attempt.redeem(callback.get("code")));
    assertThat(tokens.getRefreshToken()).isNotNull();
    IDTokenClaimsSet id = validateIdToken(tokens.getIDToken(), attempt);
    assertThat(id.getSubject().getValue()).isEqualTo(provider.userId);
    assertThat(id.getStringClaim("sid")).isNotBlank();
    assertThat(id.getAuthenticationTime()).isNotNull();
    assertThat(id.getAMR()).extracting(Object::toString).containsExactly("pwd");
    AccessTokenValidator.validate(tokens.getAccessToken(), JWSAlgorithm.RS256, id.getAccessTokenHash());
    assertThat(id.getAccessTokenHash()).isEqualTo(AccessTokenHash.compute(tokens.getAccessToken(), JWSAlgorithm.RS256, null));
    SignedJWT at = SignedJWT.parse(tokens.getAccessToken().getValue());
    assertThat(at.getHeader().getType().getType()).isEqualTo("at+jwt");
    assertThat(at.getJWTClaimsSet().getAudience()).containsExactly(provider.issuer);

    // UserInfo.
    UserInfoResponse userInfoResponse = UserInfoResponse.parse(RelyingParty.sendDocumented(
        new UserInfoRequest(clientA.metadata.getUserInfoEndpointURI(), tokens.getBearerAccessToken()).toHTTPRequest()));
    assertThat(userInfoResponse.indicatesSuccess()).isTrue();
    UserInfo userInfo = ((UserInfoSuccessResponse) userInfoResponse).getUserInfo();
    assertThat(userInfo.getSubject().getValue()).isEqualTo(provider.userId);
    assertThat(userInfo.getEmailAddress()).isEqualTo(TestProvider.EMAIL);
    assertThat(userInfo.getEmailVerified()).isTrue();
    assertThat(userInfo.getName()).isEqualTo("Alice Liddell");
    assertThat(userInfo.getPreferredUsername()).isEqualTo(TestProvider.USERNAME);
    // OIDC Core §5.3.1 / RFC 6750 §2.1, §2.2: POST with the header, and POST with the token in the form body
    UserInfoResponse byPost = UserInfoResponse.parse(RelyingParty.sendDocumented(new UserInfoRequest(
        clientA.metadata.getUserInfoEndpointURI(), com.nimbusds.oauth2.sdk.http.HTTPRequest.Method.POST,
        tokens.getBearerAccessToken()).toHTTPRequest()));
    assertThat(((UserInfoSuccessResponse) byPost).getUserInfo().getSubject().getValue()).isEqualTo(provider.userId);
    HttpResponse<String> byBody = provider.browser().post(clientA.metadata.getUserInfoEndpointURI(),
        Map.of("access_token", tokens.getBearerAccessToken().getValue()));
    assertThat(byBody.statusCode()).isEqualTo(200);
    assertThat(byBody.body()).contains("\"sub\":\"" + provider.userId + "\"");

    // Refresh: new access token, new (rotated) refresh token, and a refreshed ID token for the same user.
    OIDCTokens refreshed = oidcTokens(clientA.refresh(tokens.getRefreshToken()));
    assertThat(refreshed.getAccessToken().getValue()).isNotEqualTo(tokens.getAccessToken().getValue());
    assertThat(refreshed.getRefreshToken().getValue()).isNotEqualTo(tokens.getRefreshToken().getValue());
    assertThat(refreshed.getIDToken().getJWTClaimsSet().getSubject()).isEqualTo(provider.userId);

    // Introspection, revocation, introspection again.
    var active = clientA.introspect(refreshed.getAccessToken());
    assertThat(active.indicatesSuccess()).isTrue();
    assertThat(((TokenIntrospectionSuccessResponse) active).isActive()).isTrue();
    assertThat(((TokenIntrospectionSuccessResponse) active).getSubject().getValue()).isEqualTo(provider.userId);
    assertThat(clientA.revoke(refreshed.getAccessToken()).getStatusCode()).isEqualTo(200);
    assertThat(((TokenIntrospectionSuccessResponse) clientA.introspect(refreshed.getAccessToken())).isActive()).isFalse();

    // RP-initiated logout: back to the client with state, session cookie gone, refresh token dead.
    State logoutState = new State();
    URI logout = new LogoutRequest(clientA.metadata.getEndSessionEndpointURI(), tokens.getIDToken(),
        TestProvider.POST_LOGOUT_A, logoutState).toURI();
    HttpResponse<String> loggedOut = browser.get(logout);
    assertThat(loggedOut.statusCode()).as(loggedOut.body()).isEqualTo(302);
    URI after = Browser.location(loggedOut).orElseThrow();
    assertThat(after.toString()).startsWith(TestProvider.POST_LOGOUT_A + "?");
    assertThat(Browser.query(after)).containsEntry("state", logoutState.getValue());
    assertThat(browser.cookie("ssokit_session")).isEmpty();
    assertThat(error(clientA.refresh(refreshed.getRefreshToken()))).isEqualTo("invalid_grant");
    // A new authorization now needs the password again.
    assertThat(Browser.isLoginPage(browser.open(clientA.attempt().uri()))).isTrue();
  }

  @Test
  void whenResponseModeIsFormPostThenAutoSubmittingFormCarriesCodeStateAndIss() {
    Browser browser = provider.browser();
    RelyingParty.Attempt attempt = clientA.attempt();
    HttpResponse<String> login = browser.open(attempt.uri(b -> b.responseMode(com.nimbusds.oauth2.sdk.ResponseMode.FORM_POST)));
    HttpResponse<String> page = browser.loginAndConsent(login, TestProvider.USERNAME, TestProvider.PASSWORD);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Location")).isEmpty();
    assertThat(Browser.formAction(page)).isEqualTo(TestProvider.REDIRECT_A);
    assertThat(page.body()).contains(".submit()");
    Map<String, String> fields = Browser.hiddenFields(page.body());
    assertThat(fields).containsEntry("state", attempt.state.getValue()).containsEntry("iss", provider.issuer)
        .containsKey("code");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("form-action 'self' https://app.example.com");
    assertThat(oidcTokens(attempt.redeem(fields.get("code"))).getIDToken()).isNotNull();
  }

  @Test
  void whenClientCredentialsWithCustomScopeThenAccessTokenCarriesOnlyThatScope() throws Exception {
    TokenResponse response = clientA.clientCredentials(new Scope("api.write"), null);
    assertThat(response.indicatesSuccess()).isTrue();
    AccessTokenResponse ok = response.toSuccessResponse();
    assertThat(ok.getTokens().getRefreshToken()).isNull();
    var claims = SignedJWT.parse(ok.getTokens().getAccessToken().getValue()).getJWTClaimsSet();
    assertThat(claims.getStringClaim("scope")).isEqualTo("api.write");
    assertThat(claims.getSubject()).isEqualTo(TestProvider.CLIENT_A);
    assertThat(claims.getStringClaim("client_id")).isEqualTo(TestProvider.CLIENT_A);
    assertThat(claims.getAudience()).containsExactly(provider.issuer);
  }

  @Test
  void whenClientCredentialsAsksForAScopeNotRegisteredThenInvalidScope() {
    assertThat(error(clientA.clientCredentials(new Scope("admin"), null))).isEqualTo("invalid_scope");
  }

  @Test
  void whenPublicClientCompletesFlowWithPkceAndNoSecretThenTokensAreIssued() throws Exception {
    RelyingParty spa = RelyingParty.publicClient(provider);
    RelyingParty.Attempt attempt = spa.attempt(new Scope("openid", "profile", "offline_access"));
    String code = spa.signIn(provider.browser(), attempt);
    OIDCTokens tokens = oidcTokens(attempt.redeem(code));
    assertThat(tokens.getIDToken().getJWTClaimsSet().getAudience()).containsExactly(TestProvider.PUBLIC_CLIENT);
    assertThat(tokens.getRefreshToken()).isNotNull();
    assertThat(oidcTokens(spa.refresh(tokens.getRefreshToken())).getAccessToken()).isNotNull();
  }

  private HttpResponse<String> callApi(String authorization) {
    HttpRequest.Builder b = HttpRequest.newBuilder(provider.uri("/api/me")).GET();
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return provider.browser().send(b);
  }

  private AccessToken clientCredentialsToken(String scope) {
    TokenResponse response = clientA.clientCredentials(new Scope(scope), null);
    assertThat(response.indicatesSuccess()).isTrue();
    return response.toSuccessResponse().getTokens().getAccessToken();
  }

  @Test
  void whenApiCalledWithoutTokenThen401WithoutErrorCode() {
    HttpResponse<String> r = callApi(null);
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Bearer").doesNotContain("error=");
  }

  @Test
  void whenApiCalledWithGoodTokenThen200() {
    HttpResponse<String> r = callApi("Bearer " + clientCredentialsToken(TestProvider.API_SCOPE).getValue());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains(TestProvider.CLIENT_A);
  }

  @Test
  void whenApiCalledWithTokenLackingScopeThen403InsufficientScope() {
    HttpResponse<String> r = callApi("Bearer " + clientCredentialsToken("api.write").getValue());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"insufficient_scope\"");
  }

  @Test
  void whenApiCalledWithRevokedTokenThen401InvalidToken() {
    AccessToken token = clientCredentialsToken(TestProvider.API_SCOPE);
    HTTPResponse revoked = clientA.revoke(token);
    assertThat(revoked.getStatusCode()).isEqualTo(200);
    HttpResponse<String> r = callApi("Bearer " + token.getValue());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"");
  }

  @Test
  void whenAccessTokenIsInTheUriQueryThenUserInfoAndApiAnswer400InvalidRequest() throws Exception {
    // client B: its consent, remembered here, must not change what the other tests of this class see for client A
    RelyingParty clientB = RelyingParty.clientB(provider);
    RelyingParty.Attempt attempt = clientB.attempt();
    OIDCTokens tokens = oidcTokens(attempt.redeem(clientB.signIn(provider.browser(), attempt)));
    String userToken = URLEncoder.encode(tokens.getAccessToken().getValue(), StandardCharsets.UTF_8);
    String apiToken = URLEncoder.encode(clientCredentialsToken(TestProvider.API_SCOPE).getValue(), StandardCharsets.UTF_8);

    // OAuth 2.1 §5.2: the RFC 6750 §2.3 query method is gone; such a request is malformed (RFC 6750 §3.1).
    for (String uri : List.of("/userinfo?access_token=" + userToken, "/api/me?access_token=" + apiToken,
        "/api/me?x=1&access_token=" + apiToken)) {
      HttpResponse<String> r = provider.browser().send(HttpRequest.newBuilder(provider.uri(uri)).GET());
      assertThat(r.statusCode()).as(uri).isEqualTo(400);
      assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).as(uri).startsWith("Bearer")
          .contains("error=\"invalid_request\"");
      assertThat(r.body()).as(uri).contains("\"invalid_request\"").doesNotContain("\"sub\"");
    }
    // the same tokens in the Authorization header work
    assertThat(provider.browser().send(HttpRequest.newBuilder(provider.uri("/userinfo"))
        .header("Authorization", "Bearer " + tokens.getAccessToken().getValue()).GET()).statusCode()).isEqualTo(200);
    assertThat(callApi("Bearer " + URLDecoder.decode(apiToken, StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
  }

  @Test
  void whenLoginAndConsentFormsArePostedThenAnswersAre303SeeOther() {
    Browser browser = provider.browser();
    RelyingParty clientB = RelyingParty.clientB(provider);
    RelyingParty.Attempt attempt = clientB.attempt();
    // prompt=consent: the consent page even when another test of this class already consented for client B
    HttpResponse<String> login = browser.open(URI.create(attempt.uri() + "&prompt=consent"));
    Map<String, String> form = new java.util.LinkedHashMap<>(Browser.hiddenFields(login.body()));
    form.put("username", TestProvider.USERNAME);
    form.put("password", TestProvider.PASSWORD);

    // RFC 9700 §4.12: a 307/302 after a credential POST may make the browser re-send the password to the
    // next location; 303 See Other makes it follow with GET.
    HttpResponse<String> afterLogin = browser.post(Browser.formAction(login), form);
    assertThat(afterLogin.statusCode()).as(afterLogin.body()).isEqualTo(303);
    HttpResponse<String> consent = browser.followOnProvider(afterLogin);
    assertThat(Browser.isConsentPage(consent)).as(consent.body()).isTrue();
    form = new java.util.LinkedHashMap<>(Browser.hiddenFields(consent.body()));
    form.put("decision", "allow");
    HttpResponse<String> afterConsent = browser.post(Browser.formAction(consent), form);
    assertThat(afterConsent.statusCode()).isEqualTo(303);
    assertThat(attempt.callback(afterConsent)).containsKey("code").containsEntry("state", attempt.state.getValue());
    // a GET (authorize with a session) still answers 302
    RelyingParty.Attempt again = clientB.attempt();
    assertThat(browser.get(again.uri()).statusCode()).isEqualTo(302);
  }

  @Test
  void whenClientAuthenticatesWithClientSecretPostThenTokensAreIssued() throws Exception {
    String secret = provider.provider.clients().register(new dev.ssokit.ClientRegistration("poster", null, List.of(),
        List.of(), java.util.Set.of("client_credentials"), java.util.Set.of(TestProvider.API_SCOPE),
        dev.ssokit.spi.Client.AUTH_CLIENT_SECRET_POST, null, null)).clientSecret();
    var auth = new com.nimbusds.oauth2.sdk.auth.ClientSecretPost(new com.nimbusds.oauth2.sdk.id.ClientID("poster"),
        new com.nimbusds.oauth2.sdk.auth.Secret(secret));
    TokenResponse response = OIDCTokenResponseParser.parse(RelyingParty.sendDocumented(
        new com.nimbusds.oauth2.sdk.TokenRequest(clientA.metadata.getTokenEndpointURI(), auth,
            new com.nimbusds.oauth2.sdk.ClientCredentialsGrant(), new Scope(TestProvider.API_SCOPE)).toHTTPRequest()));
    assertThat(response.indicatesSuccess()).isTrue();
    // the method registered is the method accepted: the same secret by Basic is refused (OIDC Core §9)
    TokenResponse basic = OIDCTokenResponseParser.parse(RelyingParty.sendDocumented(
        new com.nimbusds.oauth2.sdk.TokenRequest(clientA.metadata.getTokenEndpointURI(),
            new com.nimbusds.oauth2.sdk.auth.ClientSecretBasic(new com.nimbusds.oauth2.sdk.id.ClientID("poster"),
                new com.nimbusds.oauth2.sdk.auth.Secret(secret)),
            new com.nimbusds.oauth2.sdk.ClientCredentialsGrant(), new Scope(TestProvider.API_SCOPE)).toHTTPRequest()));
    assertThat(error(basic)).isEqualTo("invalid_client");
  }
}
