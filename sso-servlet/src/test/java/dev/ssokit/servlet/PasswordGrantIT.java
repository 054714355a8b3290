package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.oauth2.sdk.ResourceOwnerPasswordCredentialsGrant;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.Secret;
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
 * The legacy resource owner password grant (RFC 6749 §4.3, RFC 9700 §2.4): off unless the operator
 * enables it for a first-party client; throttled as the login page is.
 */
class PasswordGrantIT {
  private static TestProvider provider;
  private static RelyingParty firstParty;

  @BeforeAll
  static void start() throws Exception {
    provider = TestProvider.start();
    String secret = provider.provider.clients().register(new ClientRegistration("own-app", "Own App", List.of(),
        List.of(), Set.of("password", "refresh_token"), Set.of("openid", "profile", "offline_access"),
        Client.AUTH_CLIENT_SECRET_BASIC, null, null).withOptions(ClientOptions.builder().firstParty(true).build()))
        .clientSecret();
    firstParty = RelyingParty.of(provider, "own-app", secret, null);
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  private static TokenResponse password(RelyingParty rp, String username, String password) {
    return rp.token(new ResourceOwnerPasswordCredentialsGrant(username, new Secret(password)),
        new Scope("openid", "offline_access"), null);
  }

  private static String error(TokenResponse response) {
    assertThat(response.indicatesSuccess()).isFalse();
    return ((TokenErrorResponse) response).getErrorObject().getCode();
  }

  @Test
  void whenFirstPartyClientSendsTheRightPasswordThenItGetsTokens() throws Exception {
    OIDCTokens tokens = AuthorizationCodeFlowIT.oidcTokens(password(firstParty, TestProvider.USERNAME,
        TestProvider.PASSWORD));
    assertThat(tokens.getIDToken().getJWTClaimsSet().getSubject()).isEqualTo(provider.userId);
    assertThat(tokens.getIDToken().getJWTClaimsSet().getStringClaim("acr")).isEqualTo("urn:ssokit:acr:pwd");
    assertThat(tokens.getRefreshToken()).isNotNull();
    assertThat(AuthorizationCodeFlowIT.oidcTokens(firstParty.refresh(tokens.getRefreshToken()))).isNotNull();
  }

  @Test
  void whenOtherClientsUseThePasswordGrantThenItIsRefused() {
    // not registered for it
    assertThat(error(password(RelyingParty.clientA(provider), TestProvider.USERNAME, TestProvider.PASSWORD)))
        .isEqualTo("unauthorized_client");
    // and it cannot be registered without the operator's first_party mark
    assertThatThrownBy(() -> provider.provider.clients().register(new ClientRegistration("third", null, List.of(),
        List.of(), Set.of("password"), Set.of("openid"), Client.AUTH_CLIENT_SECRET_BASIC, null, null)))
        .hasMessageStartingWith("grant_types:");
  }

  @Test
  void whenPasswordIsWrongRepeatedlyThenInvalidGrantThenThrottledLikeTheLoginPage() {
    String victim = "bob";
    provider.provider.users().create(victim, "another correct horse battery", "bob@example.com",
        java.util.Map.of());
    int status = 0;
    for (int i = 0; i < 8 && status != 429; i++) {
      TokenResponse r = password(firstParty, victim, "wrong password " + i);
      TokenErrorResponse e = (TokenErrorResponse) r;
      status = e.getErrorObject().getHTTPStatusCode();
      if (status != 429) {
        assertThat(e.getErrorObject().getCode()).isEqualTo("invalid_grant");
      }
    }
    assertThat(status).isEqualTo(429);
    // the pair backs off: even the right password waits
    assertThat(((TokenErrorResponse) password(firstParty, victim, "another correct horse battery"))
        .getErrorObject().getHTTPStatusCode()).isEqualTo(429);
  }

  @Test
  void whenTheLoginPageFailedForAnAccountThenThePasswordGrantBacksOffWithTheSameThrottle() {
    provider.provider.users().create("carol", "carols correct horse battery", "carol@example.com",
        java.util.Map.of("email_verified", true));
    Browser browser = provider.browser();
    int status = 0;
    for (int i = 0; i < 8 && status != 429; i++) {
      RelyingParty.Attempt attempt = RelyingParty.clientA(provider).attempt();
      java.net.http.HttpResponse<String> page = browser.open(attempt.uri());
      status = browser.submit(page, java.util.Map.of("username", "carol", "password", "wrong " + i)).statusCode();
    }
    assertThat(status).as("the login page backs off").isEqualTo(429);
    // one throttle for every door: the grant's right password waits as the page's would
    TokenErrorResponse refused = (TokenErrorResponse) password(firstParty, "carol", "carols correct horse battery");
    assertThat(refused.getErrorObject().getHTTPStatusCode()).isEqualTo(429);
  }

  @Test
  void whenTheGrantNamesTheAccountByItsEmailThenItSignsInAsThePagesDo() throws Exception {
    OIDCTokens tokens = AuthorizationCodeFlowIT.oidcTokens(password(firstParty, TestProvider.EMAIL,
        TestProvider.PASSWORD));
    assertThat(tokens.getIDToken().getJWTClaimsSet().getSubject()).isEqualTo(provider.userId);
  }

  @Test
  void whenClientCredentialsAreWrongThenInvalidClientBeforeAnyPasswordCheck() {
    RelyingParty wrong = RelyingParty.of(provider, "own-app", "not-the-secret", (URI) null);
    assertThat(error(password(wrong, TestProvider.USERNAME, TestProvider.PASSWORD))).isEqualTo("invalid_client");
  }
}
