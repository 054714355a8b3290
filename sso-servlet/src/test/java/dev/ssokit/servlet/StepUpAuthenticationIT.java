package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.openid.connect.sdk.OIDCClaimsRequest;
import com.nimbusds.openid.connect.sdk.claims.ACR;
import com.nimbusds.openid.connect.sdk.claims.ClaimRequirement;
import com.nimbusds.openid.connect.sdk.claims.ClaimsSetRequest;
import dev.ssokit.ClientRegistration;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientOptions;
import dev.ssokit.testkit.TotpCodes;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 step-up over real HTTP: {@code acr_values}, an essential {@code acr} claim or a client that
 * allows only the multi-factor acr make a password-only session answer the MFA challenge (and only
 * the challenge) before a code is issued; a multi-factor session is not asked again; an account without
 * a second factor gets {@code unmet_authentication_requirements}; {@code acr} / {@code amr} say what
 * was done.
 */
class StepUpAuthenticationIT {
  private static final String PWD = "urn:ssokit:acr:pwd";
  private static final String MFA = "urn:ssokit:acr:mfa";

  private TestProvider p;

  @BeforeEach
  void start() throws Exception {
    p = TestProvider.start();
  }

  @AfterEach
  void stop() {
    p.close();
  }

  /** Signs {@code browser} in through {@code POST /auth/login} (password only) and answers its CSRF token. */
  private String passwordSession(Browser browser) throws Exception {
    HttpResponse<String> login = browser.send(HttpRequest.newBuilder(p.uri("/auth/login"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            "{\"username\":\"" + TestProvider.USERNAME + "\",\"password\":\"" + TestProvider.PASSWORD + "\"}")));
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    assertThat(JSONObjectUtils.parse(login.body()).get("amr")).asList().containsExactly("pwd");
    return JSONObjectUtils.parse(login.body()).get("csrf_token").toString();
  }

  /** Enrols and confirms TOTP in the session of {@code browser}; answers the secret (the clock then moves 30 s on). */
  private String enrolTotp(Browser browser, String csrf) throws Exception {
    HttpResponse<String> begun = browser.send(HttpRequest.newBuilder(p.uri("/auth/mfa/totp"))
        .header("X-CSRF-Token", csrf).POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(begun.statusCode()).as(begun.body()).isEqualTo(201);
    String secret = JSONObjectUtils.parse(begun.body()).get("secret").toString();
    HttpResponse<String> confirmed = browser.send(HttpRequest.newBuilder(p.uri("/auth/mfa/totp/confirm"))
        .header("X-CSRF-Token", csrf).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"code\":\"" + TotpCodes.at(secret, p.clock.instant()) + "\"}")));
    assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
    p.clock.advance(Duration.ofSeconds(30)); // the confirmation's code is spent: the next one is another step's
    return secret;
  }

  private RelyingParty register(String id, List<String> allowedAcr) {
    URI redirect = URI.create("https://" + id + ".example.com/callback");
    String secret = p.provider.clients().register(new ClientRegistration(id, id, List.of(redirect), List.of(),
        Set.of("authorization_code", "refresh_token", "password"), Set.of("openid", "profile", "email", "offline_access"),
        Client.AUTH_CLIENT_SECRET_BASIC, null, null)
        .withOptions(ClientOptions.builder().allowedAcrValues(allowedAcr).firstParty(true)
            .consentPolicy(ClientOptions.CONSENT_SKIP).build())).clientSecret();
    return RelyingParty.of(p, id, secret, redirect);
  }

  private static boolean isChallenge(HttpResponse<String> page) {
    return page.statusCode() == 200 && page.body().contains("name=\"code\"") && !page.body().contains("name=\"password\"");
  }

  /** The ID token of a successful callback. */
  private static JWTClaimsSet idToken(RelyingParty.Attempt attempt, HttpResponse<String> callback) throws Exception {
    Map<String, String> params = attempt.callback(callback);
    assertThat(params).as("authorization response").containsKey("code");
    return AuthorizationCodeFlowIT.oidcTokens(attempt.redeem(params.get("code"))).getIDToken().getJWTClaimsSet();
  }

  private static HttpResponse<String> consentIfAsked(Browser browser, HttpResponse<String> r) {
    return Browser.isConsentPage(r) ? browser.submit(r, Map.of("decision", "allow")) : r;
  }

  @Test
  void whenAcrValuesAskForMfaThenAPasswordOnlySessionAnswersOnlyTheChallengeAndIsNotAskedAgain() throws Exception {
    Browser browser = p.browser();
    String secret = enrolTotp(browser, passwordSession(browser));
    RelyingParty rp = RelyingParty.clientA(p);

    // the password-only session is good enough for a request without acr_values
    RelyingParty.Attempt plain = rp.attempt();
    HttpResponse<String> first = consentIfAsked(browser, browser.open(plain.uri()));
    JWTClaimsSet pwdToken = idToken(plain, first);
    assertThat(pwdToken.getStringClaim("acr")).isEqualTo(PWD);
    assertThat(pwdToken.getStringListClaim("amr")).containsExactly("pwd");

    RelyingParty.Attempt stepUp = rp.attempt();
    HttpResponse<String> challenge = browser.open(stepUp.uri(b -> b.acrValues(List.of(new ACR(MFA)))));
    assertThat(isChallenge(challenge)).as("the MFA challenge, not the password form: " + challenge.body()).isTrue();
    assertThat(browser.submit(challenge, Map.of("code", "000000")).statusCode()).isEqualTo(401);
    HttpResponse<String> done = consentIfAsked(browser,
        browser.submit(challenge, Map.of("code", TotpCodes.at(secret, p.clock.instant()))));
    JWTClaimsSet mfaToken = idToken(stepUp, done);
    assertThat(mfaToken.getStringClaim("acr")).isEqualTo(MFA);
    assertThat(mfaToken.getStringListClaim("amr")).contains("pwd", "otp", "mfa");
    assertThat(mfaToken.getSubject()).isEqualTo(pwdToken.getSubject());

    // the session now has the second factor: the next request for it gets a code without a page
    RelyingParty.Attempt again = rp.attempt();
    JWTClaimsSet next = idToken(again, browser.get(again.uri(b -> b.acrValues(List.of(new ACR(MFA))))));
    assertThat(next.getStringClaim("acr")).isEqualTo(MFA);
    assertThat(next.getStringListClaim("amr")).contains("otp", "mfa");
  }

  @Test
  void whenTheClientAllowsOnlyMfaThenAnAccountWithoutItIsRefusedAndWithItTheSessionStepsUp() throws Exception {
    RelyingParty rp = register("mfa-only", List.of(MFA));
    Browser browser = p.browser();

    // a fresh login of an account without a second factor: the password is right, the requirement cannot be met
    RelyingParty.Attempt refused = rp.attempt();
    HttpResponse<String> loginPage = browser.open(refused.uri());
    assertThat(Browser.isLoginPage(loginPage)).isTrue();
    assertThat(refused.callback(browser.submit(loginPage, Map.of("username", TestProvider.USERNAME,
        "password", TestProvider.PASSWORD))))
        .containsEntry("error", "unmet_authentication_requirements")
        .containsEntry("state", refused.state.getValue());

    String secret = enrolTotp(browser, passwordSession(browser));
    RelyingParty.Attempt stepUp = rp.attempt();
    HttpResponse<String> challenge = browser.open(stepUp.uri());
    assertThat(isChallenge(challenge)).as(challenge.body()).isTrue();
    JWTClaimsSet id = idToken(stepUp, browser.submit(challenge,
        Map.of("code", TotpCodes.at(secret, p.clock.instant()))));
    assertThat(id.getStringClaim("acr")).isEqualTo(MFA);
    assertThat(id.getStringListClaim("amr")).contains("pwd", "otp", "mfa");

    // the password grant never reaches the multi-factor acr: refused for this client
    var grant = rp.token(new com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant(TestProvider.USERNAME,
        new com.nimbusds.oauth2.sdk.auth.Secret(TestProvider.PASSWORD)));
    assertThat(AuthorizationCodeFlowIT.error(grant)).isEqualTo("unauthorized_client");
  }

  @Test
  void whenAPasswordOnlySessionWithoutSecondFactorIsAskedForMfaThenTheClientHearsWhy() throws Exception {
    Browser browser = p.browser();
    passwordSession(browser);
    RelyingParty rp = RelyingParty.clientA(p);

    RelyingParty.Attempt byAcrValues = rp.attempt();
    assertThat(byAcrValues.callback(browser.open(byAcrValues.uri(b -> b.acrValues(List.of(new ACR(MFA)))))))
        .containsEntry("error", "unmet_authentication_requirements");

    // OIDC Core §5.5.1.1: an essential acr claim requires it as well
    RelyingParty.Attempt byClaim = rp.attempt();
    OIDCClaimsRequest claims = new OIDCClaimsRequest().withIDTokenClaimsRequest(new ClaimsSetRequest().add(
        new ClaimsSetRequest.Entry("acr").withClaimRequirement(ClaimRequirement.ESSENTIAL).withValues(List.of(MFA))));
    assertThat(byClaim.callback(browser.open(byClaim.uri(b -> b.claims(claims)))))
        .containsEntry("error", "unmet_authentication_requirements");

    // OIDC Core §3.1.2.1: prompt=none cannot show the challenge
    RelyingParty.Attempt silent = rp.attempt();
    assertThat(silent.callback(browser.get(silent.uri(b -> b.acrValues(List.of(new ACR(MFA)))
        .prompt(new com.nimbusds.openid.connect.sdk.Prompt("none"))))))
        .containsEntry("error", "interaction_required");

    // acr_values naming both classes are met by the password session
    RelyingParty.Attempt either = rp.attempt();
    HttpResponse<String> r = consentIfAsked(browser,
        browser.open(either.uri(b -> b.acrValues(List.of(new ACR(MFA), new ACR(PWD))))));
    assertThat(idToken(either, r).getStringClaim("acr")).isEqualTo(PWD);
  }
}
