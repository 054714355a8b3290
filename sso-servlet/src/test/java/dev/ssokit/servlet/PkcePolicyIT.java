package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.ssokit.ClientRegistration;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientOptions;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PKCE policy (RFC 9700 §2.1.1): PKCE S256 for public clients and clients registered with
 * {@code require_pkce}; a confidential client may instead send an OpenID request with a nonce.
 */
class PkcePolicyIT {
  private static final URI STRICT_REDIRECT = URI.create("https://strict.example.com/callback");
  private static final URI LEGACY_REDIRECT = URI.create("https://legacy.example.com/callback");
  private static TestProvider provider;
  private static RelyingParty confidential;
  private static RelyingParty publicClient;
  private static RelyingParty strict;
  private static RelyingParty legacy;

  @BeforeAll
  static void start() throws Exception {
    provider = TestProvider.start();
    confidential = RelyingParty.clientA(provider);
    publicClient = RelyingParty.publicClient(provider);
    String secret = provider.provider.clients().register(new ClientRegistration("strict", "Strict App",
        List.of(STRICT_REDIRECT), List.of(), Set.of("authorization_code"), Set.of("openid", "profile"),
        Client.AUTH_CLIENT_SECRET_BASIC, null, null).withOptions(ClientOptions.builder().requirePkce(true).build()))
        .clientSecret();
    strict = RelyingParty.of(provider, "strict", secret, STRICT_REDIRECT);
    String legacySecret = provider.provider.clients().register(new ClientRegistration("legacy", "Legacy App",
        List.of(LEGACY_REDIRECT), List.of(), Set.of("authorization_code"), Set.of("openid", "profile"),
        Client.AUTH_CLIENT_SECRET_BASIC, null, null)
        .withOptions(ClientOptions.builder().allowUnprotectedCodeFlow(true).build())).clientSecret();
    legacy = RelyingParty.of(provider, "legacy", legacySecret, LEGACY_REDIRECT);
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  private static URI withoutPkce(RelyingParty.Attempt attempt) {
    URI uri = attempt.uri(b -> b.codeChallenge((CodeVerifier) null, null));
    assertThat(uri.getRawQuery()).doesNotContain("code_challenge");
    return uri;
  }

  @Test
  void whenConfidentialClientSendsNonceWithoutPkceThenSignInSucceeds() throws Exception {
    RelyingParty.Attempt attempt = confidential.attempt();
    Browser browser = provider.browser();
    var r = browser.loginAndConsent(browser.open(withoutPkce(attempt)), TestProvider.USERNAME, TestProvider.PASSWORD);
    String code = attempt.callback(r).get("code");
    assertThat(code).isNotNull();

    OIDCTokens tokens = AuthorizationCodeFlowIT.oidcTokens(attempt.redeem(code, null));
    IDTokenClaimsSet id = new IDTokenClaimsSet(tokens.getIDToken().getJWTClaimsSet());
    assertThat(id.getNonce()).isEqualTo(attempt.nonce);
    assertThat(id.getSubject().getValue()).isEqualTo(provider.userId);
  }

  @Test
  void whenCodeVerifierIsSentForARequestWithoutChallengeThenInvalidGrant() {
    RelyingParty.Attempt attempt = confidential.attempt();
    Browser browser = provider.browser();
    var r = browser.loginAndConsent(browser.open(withoutPkce(attempt)), TestProvider.USERNAME, TestProvider.PASSWORD);
    String code = attempt.callback(r).get("code");
    // RFC 9700 §4.8.2: PKCE downgrade protection.
    assertThat(AuthorizationCodeFlowIT.error(attempt.redeem(code, new CodeVerifier()))).isEqualTo("invalid_grant");
  }

  @Test
  void whenConfidentialClientSendsNeitherPkceNorNonceThenInvalidRequest() {
    RelyingParty.Attempt attempt = confidential.attempt();
    URI uri = attempt.uri(b -> b.codeChallenge((CodeVerifier) null, null).nonce(null));
    assertThat(uri.getRawQuery()).doesNotContain("nonce").doesNotContain("code_challenge");
    assertThat(attempt.callback(provider.browser().get(uri))).containsEntry("error", "invalid_request")
        .containsEntry("state", attempt.state.getValue());
  }

  @Test
  void whenClientIsRegisteredForTheUnprotectedCodeFlowThenNeitherPkceNorNonceIsNeededButADowngradeStillFails() {
    // OpenID conformance: oidcc-ensure-request-without-nonce-succeeds-for-code-flow sends neither
    RelyingParty.Attempt attempt = legacy.attempt(new Scope("openid"));
    URI uri = attempt.uri(b -> b.codeChallenge((CodeVerifier) null, null).nonce(null));
    assertThat(uri.getRawQuery()).doesNotContain("nonce").doesNotContain("code_challenge");
    Browser browser = provider.browser();
    String code = attempt.callback(browser.loginAndConsent(browser.open(uri), TestProvider.USERNAME,
        TestProvider.PASSWORD)).get("code");
    OIDCTokens tokens = AuthorizationCodeFlowIT.oidcTokens(attempt.redeem(code, null));
    assertThat(tokens.getIDToken()).isNotNull();

    // RFC 9700 §4.8.2: a verifier for a code requested without a challenge still fails
    RelyingParty.Attempt downgrade = legacy.attempt(new Scope("openid"));
    String second = downgrade.callback(browser.get(downgrade.uri(b -> b.codeChallenge((CodeVerifier) null, null)
        .nonce(null)))).get("code");
    assertThat(AuthorizationCodeFlowIT.error(downgrade.redeem(second, new CodeVerifier()))).isEqualTo("invalid_grant");

    // a public client or a require_pkce one cannot be registered so
    for (ClientOptions.Builder options : List.of(ClientOptions.builder().allowUnprotectedCodeFlow(true).requirePkce(true),
        ClientOptions.builder().allowUnprotectedCodeFlow(true))) {
      String method = options.build().requirePkce() ? Client.AUTH_CLIENT_SECRET_BASIC : Client.AUTH_NONE;
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> provider.provider.clients().register(
          new ClientRegistration(null, null, List.of(LEGACY_REDIRECT), List.of(), Set.of("authorization_code"),
              Set.of("openid"), method, null, null).withOptions(options.build())))
          .hasMessageStartingWith("allow_unprotected_code_flow:");
    }
  }

  @Test
  void whenConfidentialClientSendsANonceWithoutOpenIdScopeAndWithoutPkceThenInvalidRequest() {
    RelyingParty.Attempt attempt = confidential.attempt(new Scope(TestProvider.API_SCOPE));
    URI uri = new AuthorizationRequest.Builder(ResponseType.CODE, confidential.clientId)
        .endpointURI(confidential.metadata.getAuthorizationEndpointURI()).redirectionURI(confidential.redirectUri)
        .scope(attempt.scope).state(attempt.state).customParameter("nonce", attempt.nonce.getValue()).build().toURI();
    assertThat(uri.getRawQuery()).doesNotContain("openid").doesNotContain("code_challenge").contains("nonce=");
    assertThat(attempt.callback(provider.browser().get(uri))).containsEntry("error", "invalid_request");
  }

  @Test
  void whenClientRequiresPkceThenRequestWithNonceButWithoutPkceIsRefused() {
    RelyingParty.Attempt attempt = strict.attempt(new Scope("openid"));
    assertThat(attempt.callback(provider.browser().get(withoutPkce(attempt))))
        .containsEntry("error", "invalid_request");
  }

  @Test
  void whenClientRequiresPkceAndSendsItThenSignInSucceeds() {
    RelyingParty.Attempt attempt = strict.attempt(new Scope("openid"));
    String code = strict.signIn(provider.browser(), attempt);
    AuthorizationCodeFlowIT.oidcTokens(attempt.redeem(code));
  }

  @Test
  void whenPublicClientSendsNonceWithoutPkceThenInvalidRequest() {
    RelyingParty.Attempt attempt = publicClient.attempt(new Scope("openid"));
    assertThat(attempt.callback(provider.browser().get(withoutPkce(attempt))))
        .containsEntry("error", "invalid_request");
  }

  @Test
  void whenPromptIsNoneWithoutSessionThenLoginRequired() {
    // As OpenID Connect clients send it: no PKCE, a nonce.
    RelyingParty.Attempt attempt = confidential.attempt();
    URI uri = attempt.uri(b -> b.codeChallenge((CodeVerifier) null, null).prompt(new Prompt(Prompt.Type.NONE)));
    assertThat(attempt.callback(provider.browser().get(uri))).containsEntry("error", "login_required")
        .containsEntry("state", attempt.state.getValue()).containsEntry("iss", provider.issuer);
  }
}
