package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.langtag.LangTag;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.openid.connect.sdk.Display;
import com.nimbusds.openid.connect.sdk.OIDCClaimsRequest;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.UserInfoSuccessResponse;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.ClaimRequirement;
import com.nimbusds.openid.connect.sdk.claims.ClaimsSetRequest;
import com.nimbusds.openid.connect.sdk.claims.UserInfo;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OIDC Core §3.1.2.1 and §5.5 authorization request parameters: {@code claims}, {@code acr_values},
 * {@code id_token_hint}, {@code ui_locales}, {@code claims_locales} and {@code display}.
 */
class OpenIdRequestParametersIT {
  private static final String BOB = "bob";
  private static final String BOB_PASSWORD = "another horse battery staple";
  private static TestProvider provider;
  private static RelyingParty clientA;
  private static RelyingParty publicClient;

  @BeforeAll
  static void start() throws Exception {
    provider = TestProvider.start();
    provider.provider.users().create(BOB, BOB_PASSWORD, "bob@example.com", Map.of("name", "Bob Builder"));
    clientA = RelyingParty.clientA(provider);
    publicClient = RelyingParty.publicClient(provider);
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  private static OIDCTokens signIn(RelyingParty rp, Browser browser, RelyingParty.Attempt attempt, URI uri,
                                   String username, String password) {
    HttpResponse<String> r = browser.open(uri);
    if (Browser.isLoginPage(r)) {
      r = browser.loginAndConsent(r, username, password);
    } else if (Browser.isConsentPage(r)) {
      r = browser.submit(r, Map.of("decision", "allow"));
    }
    return AuthorizationCodeFlowIT.oidcTokens(attempt.redeem(attempt.callback(r).get("code")));
  }

  private static UserInfo userInfo(RelyingParty rp, OIDCTokens tokens) throws Exception {
    UserInfoResponse r = UserInfoResponse.parse(RelyingParty.send(
        new UserInfoRequest(rp.metadata.getUserInfoEndpointURI(), tokens.getBearerAccessToken()).toHTTPRequest()));
    return ((UserInfoSuccessResponse) r).getUserInfo();
  }

  @Test
  void whenClaimsAreRequestedIndividuallyThenIdTokenAndUserInfoCarryThem() throws Exception {
    RelyingParty.Attempt attempt = clientA.attempt(new Scope("openid"));
    OIDCClaimsRequest claims = new OIDCClaimsRequest()
        .withIDTokenClaimsRequest(new ClaimsSetRequest()
            .add(new ClaimsSetRequest.Entry("name").withClaimRequirement(ClaimRequirement.ESSENTIAL)))
        .withUserInfoClaimsRequest(new ClaimsSetRequest()
            .add(new ClaimsSetRequest.Entry("email").withClaimRequirement(ClaimRequirement.ESSENTIAL))
            .add(new ClaimsSetRequest.Entry("email_verified")));
    OIDCTokens tokens = signIn(clientA, provider.browser(), attempt, attempt.uri(b -> b.claims(claims)),
        TestProvider.USERNAME, TestProvider.PASSWORD);

    JWTClaimsSet id = tokens.getIDToken().getJWTClaimsSet();
    assertThat(id.getStringClaim("name")).isEqualTo("Alice Liddell");
    assertThat(id.getClaim("email")).isNull();
    UserInfo info = userInfo(clientA, tokens);
    assertThat(info.getEmailAddress()).isEqualTo(TestProvider.EMAIL);
    assertThat(info.getEmailVerified()).isTrue();
    // Only scope openid: nothing else than what the claims parameter asked for.
    assertThat(info.getName()).isNull();
  }

  @Test
  void whenTokensAreRefreshedThenTheRequestedClaimsAreReleasedAgain() throws Exception {
    RelyingParty.Attempt attempt = clientA.attempt(new Scope("openid", "offline_access"));
    OIDCClaimsRequest claims = new OIDCClaimsRequest()
        .withIDTokenClaimsRequest(new ClaimsSetRequest().add("name"))
        .withUserInfoClaimsRequest(new ClaimsSetRequest().add("email"));
    OIDCTokens first = signIn(clientA, provider.browser(), attempt, attempt.uri(b -> b.claims(claims)),
        TestProvider.USERNAME, TestProvider.PASSWORD);

    OIDCTokens refreshed = AuthorizationCodeFlowIT.oidcTokens(clientA.refresh(first.getRefreshToken()));
    assertThat(refreshed.getIDToken().getJWTClaimsSet().getStringClaim("name")).isEqualTo("Alice Liddell");
    assertThat(userInfo(clientA, refreshed).getEmailAddress()).isEqualTo(TestProvider.EMAIL);
  }

  @Test
  void whenClaimIsRequestedWithValuesThenItIsReleasedOnlyIfTheUsersValueIsOneOfThem() throws Exception {
    RelyingParty.Attempt attempt = clientA.attempt(new Scope("openid"));
    OIDCClaimsRequest claims = new OIDCClaimsRequest().withIDTokenClaimsRequest(new ClaimsSetRequest()
        .add(new ClaimsSetRequest.Entry("name").withValues(List.of("Someone Else", "Alice Liddell")))
        .add(new ClaimsSetRequest.Entry("email").withValue("other@example.com")));
    OIDCTokens tokens = signIn(clientA, provider.browser(), attempt, attempt.uri(b -> b.claims(claims)),
        TestProvider.USERNAME, TestProvider.PASSWORD);
    JWTClaimsSet id = tokens.getIDToken().getJWTClaimsSet();
    assertThat(id.getStringClaim("name")).isEqualTo("Alice Liddell");
    assertThat(id.getClaim("email")).isNull();
  }

  @Test
  void whenClaimOutsideTheClientsRegisteredScopesIsRequestedThenItIsNotReleased() throws Exception {
    // The public client may ask for openid profile offline_access: name yes, email no.
    RelyingParty.Attempt attempt = publicClient.attempt(new Scope("openid"));
    OIDCClaimsRequest claims = new OIDCClaimsRequest().withUserInfoClaimsRequest(new ClaimsSetRequest()
        .add(new ClaimsSetRequest.Entry("email").withClaimRequirement(ClaimRequirement.ESSENTIAL)).add("name"));
    OIDCTokens tokens = signIn(publicClient, provider.browser(), attempt, attempt.uri(b -> b.claims(claims)),
        TestProvider.USERNAME, TestProvider.PASSWORD);
    UserInfo info = userInfo(publicClient, tokens);
    assertThat(info.getName()).isEqualTo("Alice Liddell");
    assertThat(info.getEmailAddress()).isNull();
  }

  @Test
  void whenClaimsParameterIsNotJsonThenInvalidRequest() {
    RelyingParty.Attempt attempt = clientA.attempt();
    URI uri = URI.create(attempt.uri() + "&claims=%7Bnot-json");
    assertThat(attempt.callback(provider.browser().get(uri))).containsEntry("error", "invalid_request");
  }

  @Test
  void whenAcrValuesAreRequestedThenIdTokenCarriesThePasswordAcr() throws Exception {
    RelyingParty.Attempt attempt = clientA.attempt();
    OIDCTokens tokens = signIn(clientA, provider.browser(), attempt,
        attempt.uri(b -> b.acrValues(List.of(new ACR("urn:ssokit:acr:pwd")))), TestProvider.USERNAME,
        TestProvider.PASSWORD);
    assertThat(tokens.getIDToken().getJWTClaimsSet().getStringClaim("acr")).isEqualTo("urn:ssokit:acr:pwd");
  }

  @Test
  void whenAnUnsupportedAcrIsEssentialThenUnmetAuthenticationRequirements() {
    RelyingParty.Attempt attempt = clientA.attempt();
    OIDCClaimsRequest claims = new OIDCClaimsRequest().withIDTokenClaimsRequest(new ClaimsSetRequest().add(
        new ClaimsSetRequest.Entry("acr").withClaimRequirement(ClaimRequirement.ESSENTIAL)
            .withValues(List.of("urn:example:acr:hardware-key"))));
    assertThat(attempt.callback(provider.browser().get(attempt.uri(b -> b.claims(claims)))))
        .containsEntry("error", "unmet_authentication_requirements");
  }

  @Test
  void whenIdTokenHintNamesAnotherUserAndPromptIsNoneThenLoginRequired() throws Exception {
    RelyingParty.Attempt bobs = clientA.attempt();
    JWT bobsIdToken = signIn(clientA, provider.browser(), bobs, bobs.uri(), BOB, BOB_PASSWORD).getIDToken();

    Browser alices = provider.browser();
    RelyingParty.Attempt first = clientA.attempt();
    JWT alicesIdToken = signIn(clientA, alices, first, first.uri(), TestProvider.USERNAME, TestProvider.PASSWORD)
        .getIDToken();

    RelyingParty.Attempt other = clientA.attempt();
    assertThat(other.callback(alices.get(other.uri(b -> b.prompt(new Prompt(Prompt.Type.NONE))
        .idTokenHint(bobsIdToken))))).containsEntry("error", "login_required")
        .containsEntry("state", other.state.getValue());

    RelyingParty.Attempt same = clientA.attempt();
    assertThat(same.callback(alices.get(same.uri(b -> b.prompt(new Prompt(Prompt.Type.NONE))
        .idTokenHint(alicesIdToken))))).containsKey("code").doesNotContainKey("error");
  }

  @Test
  void whenIdTokenHintWasNotIssuedByThisProviderThenInvalidRequest() {
    RelyingParty.Attempt attempt = clientA.attempt();
    JWT forged = new PlainJWT(new JWTClaimsSet.Builder().issuer(provider.issuer).subject(provider.userId).build());
    assertThat(attempt.callback(provider.browser().get(attempt.uri(b -> b.idTokenHint(forged)))))
        .containsEntry("error", "invalid_request");
  }

  @Test
  void whenUiLocalesClaimsLocalesAndDisplayAreGivenThenTheRequestIsAccepted() throws Exception {
    RelyingParty.Attempt attempt = clientA.attempt();
    List<LangTag> de = List.of(LangTag.parse("de"), LangTag.parse("en"));
    URI uri = attempt.uri(b -> b.uiLocales(de).claimsLocales(de).display(Display.POPUP));
    assertThat(uri.getRawQuery()).contains("ui_locales=").contains("claims_locales=").contains("display=popup");
    OIDCTokens tokens = signIn(clientA, provider.browser(), attempt, uri, TestProvider.USERNAME, TestProvider.PASSWORD);
    assertThat(tokens.getIDToken()).isNotNull();
  }

  @Test
  void whenDiscoveryIsReadThenClaimsAcrAndRequestObjectsAreAdvertised() throws Exception {
    Map<String, Object> doc = JSONObjectUtils.parse(RelyingParty.send(new com.nimbusds.oauth2.sdk.http.HTTPRequest(
        com.nimbusds.oauth2.sdk.http.HTTPRequest.Method.GET,
        provider.uri("/.well-known/openid-configuration"))).getBody());
    assertThat(doc).containsEntry("claims_parameter_supported", true)
        .containsEntry("request_parameter_supported", true).containsEntry("request_uri_parameter_supported", false)
        .containsEntry("acr_values_supported", List.of("urn:ssokit:acr:pwd", "urn:ssokit:acr:mfa"));
    assertThat(JSONObjectUtils.getStringList(doc, "request_object_signing_alg_values_supported"))
        .contains("RS256", "PS256", "ES256", "EdDSA", "none");
    assertThat(JSONObjectUtils.getStringList(doc, "claims_supported")).contains("acr");
  }
}
