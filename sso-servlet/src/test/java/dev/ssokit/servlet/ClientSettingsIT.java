package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.TokenResponse;
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
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-client settings through real HTTP: token lifetimes, consent policy (once, always, skip for
 * first-party clients) and allowed / default acr values.
 */
class ClientSettingsIT {
  private static final String PWD = "urn:ssokit:acr:pwd";
  private static final String MFA = "urn:ssokit:acr:mfa";
  private static TestProvider provider;

  @BeforeAll
  static void start() throws Exception {
    provider = TestProvider.start();
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  private static RelyingParty register(String id, UnaryOperator<ClientOptions.Builder> options) {
    URI redirect = URI.create("https://" + id + ".example.com/callback");
    String secret = provider.provider.clients().register(new ClientRegistration(id, id, List.of(redirect), List.of(),
        Set.of("authorization_code", "refresh_token"), Set.of("openid", "profile", "email", "offline_access"),
        Client.AUTH_CLIENT_SECRET_BASIC, null, null).withOptions(options.apply(ClientOptions.builder()).build()))
        .clientSecret();
    return RelyingParty.of(provider, id, secret, redirect);
  }

  @Test
  void whenClientHasShorterLifetimesThenItsTokensCarryThemAndLongerOnesAreCapped() throws Exception {
    RelyingParty rp = register("short-lived", b -> b.tokenLifetimes(Duration.ofSeconds(60), Duration.ofSeconds(120),
        Duration.ofMinutes(5)));
    RelyingParty.Attempt attempt = rp.attempt();
    OIDCTokens tokens = AuthorizationCodeFlowIT.oidcTokens(attempt.redeem(rp.signIn(provider.browser(), attempt)));
    assertThat(tokens.getAccessToken().getLifetime()).isEqualTo(60);
    JWTClaimsSet at = SignedJWT.parse(tokens.getAccessToken().getValue()).getJWTClaimsSet();
    assertThat(at.getExpirationTime().getTime() - at.getIssueTime().getTime()).isEqualTo(60_000);
    JWTClaimsSet id = tokens.getIDToken().getJWTClaimsSet();
    assertThat(id.getExpirationTime().getTime() - id.getIssueTime().getTime()).isEqualTo(120_000);

    // the refresh token's idle lifetime is the client's five minutes, not the provider's thirty days
    provider.clock.advance(Duration.ofMinutes(6));
    assertThat(AuthorizationCodeFlowIT.error(rp.refresh(tokens.getRefreshToken()))).isEqualTo("invalid_grant");

    RelyingParty longer = register("long-lived", b -> b.tokenLifetimes(Duration.ofDays(1), null, null));
    RelyingParty.Attempt second = longer.attempt();
    OIDCTokens capped = AuthorizationCodeFlowIT.oidcTokens(second.redeem(longer.signIn(provider.browser(), second)));
    assertThat(capped.getAccessToken().getLifetime())
        .isEqualTo(provider.provider.settings().accessTokenLifetime().getSeconds());
  }

  @Test
  void whenConsentPolicyIsAlwaysThenEverySignInAsksAndPromptNoneGetsConsentRequired() {
    RelyingParty rp = register("always-asks", b -> b.consentPolicy(ClientOptions.CONSENT_ALWAYS));
    Browser browser = provider.browser();
    rp.signIn(browser, rp.attempt());

    HttpResponse<String> again = browser.open(rp.attempt().uri());
    assertThat(Browser.isConsentPage(again)).as(again.body()).isTrue();
    RelyingParty.Attempt silent = rp.attempt();
    assertThat(silent.callback(browser.open(silent.uri(b -> b.prompt(new Prompt(Prompt.Type.NONE))))))
        .containsEntry("error", "consent_required");
  }

  @Test
  void whenConsentPolicyIsOnceThenTheSecondSignInDoesNotAsk() {
    RelyingParty rp = register("asks-once", UnaryOperator.identity());
    Browser browser = provider.browser();
    rp.signIn(browser, rp.attempt());

    RelyingParty.Attempt again = rp.attempt();
    assertThat(again.callback(browser.open(again.uri()))).containsKey("code");
  }

  @Test
  void whenFirstPartyClientSkipsConsentThenNoConsentPageIsShown() {
    RelyingParty rp = register("first-party", b -> b.firstParty(true).consentPolicy(ClientOptions.CONSENT_SKIP));
    Browser browser = provider.browser();
    RelyingParty.Attempt attempt = rp.attempt();
    HttpResponse<String> login = browser.open(attempt.uri());
    assertThat(Browser.isLoginPage(login)).isTrue();
    HttpResponse<String> after = browser.submit(login, Map.of("username", TestProvider.USERNAME,
        "password", TestProvider.PASSWORD));
    assertThat(attempt.callback(after)).containsKey("code");
  }

  @Test
  void whenSkipIsAskedForAClientNotMarkedFirstPartyThenRegistrationIsRefused() {
    assertThatThrownBy(() -> register("third-party", b -> b.consentPolicy(ClientOptions.CONSENT_SKIP)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("consent_policy:");
    assertThatThrownBy(() -> register("bad-policy", b -> b.consentPolicy("never")))
        .hasMessageStartingWith("consent_policy:");
    assertThatThrownBy(() -> register("bad-acr", b -> b.allowedAcrValues(List.of("urn:example:gold"))))
        .hasMessageStartingWith("allowed_acr_values:");
  }

  @Test
  void whenClientRequiresMfaByAllowedOrDefaultAcrValuesThenAnAccountWithoutItIsRefusedAfterThePassword() {
    for (RelyingParty rp : List.of(register("mfa-only", b -> b.allowedAcrValues(List.of(MFA))),
        register("mfa-default", b -> b.defaultAcrValues(List.of(MFA))))) {
      RelyingParty.Attempt attempt = rp.attempt();
      Browser browser = provider.browser();
      HttpResponse<String> login = browser.open(attempt.uri());
      assertThat(Browser.isLoginPage(login)).isTrue();
      assertThat(attempt.callback(browser.submit(login, Map.of("username", TestProvider.USERNAME,
          "password", TestProvider.PASSWORD)))).containsEntry("error", "unmet_authentication_requirements");
    }
  }

  @Test
  void whenRequestAsksForAnAcrValueTheClientIsNotAllowedThenInvalidRequest() throws Exception {
    RelyingParty rp = register("pwd-only", b -> b.allowedAcrValues(List.of(PWD)).defaultAcrValues(List.of(PWD)));
    RelyingParty.Attempt refused = rp.attempt();
    assertThat(refused.callback(provider.browser().get(refused.uri(b -> b.customParameter("acr_values", MFA)))))
        .containsEntry("error", "invalid_request");

    RelyingParty.Attempt attempt = rp.attempt();
    TokenResponse response = attempt.redeem(rp.signIn(provider.browser(), attempt));
    assertThat(AuthorizationCodeFlowIT.oidcTokens(response).getIDToken().getJWTClaimsSet().getStringClaim("acr"))
        .isEqualTo(PWD);
  }

  @Test
  void whenOptionsAreWrittenAsMetadataThenTheyReadBackTheSame() {
    ClientOptions options = ClientOptions.builder().tokenLifetimes(Duration.ofSeconds(30), Duration.ofSeconds(40),
        Duration.ofDays(2)).consentPolicy(ClientOptions.CONSENT_SKIP).firstParty(true)
        .allowedAcrValues(List.of(PWD)).defaultAcrValues(List.of(PWD)).build();
    assertThat(ClientOptions.fromMetadata(options.toMetadata())).isEqualTo(options);
    assertThat(options.toMetadata()).containsEntry("access_token_lifetime", 30L).containsEntry("first_party", true);
    assertThatThrownBy(() -> ClientOptions.fromMetadata(Map.of("access_token_lifetime", -5)))
        .hasMessageStartingWith("access_token_lifetime:");
  }
}
