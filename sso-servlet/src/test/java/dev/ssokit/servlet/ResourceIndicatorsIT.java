package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationResponse;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import dev.ssokit.ClientRegistration;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientOptions;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 8707 {@code resource} at {@code /authorize} and {@code /par}: carried with the authorization code,
 * the access token's {@code aud} from it, a token request for a resource outside it {@code invalid_target}.
 */
class ResourceIndicatorsIT {
  private static final String CLIENT = "resources-app";
  private static final URI REDIRECT = URI.create("https://resources.example.com/cb");
  private static final URI ORDERS = URI.create("https://orders.example.com/api");
  private static final URI BILLING = URI.create("https://billing.example.com/api");
  private static TestProvider provider;
  private static RelyingParty rp;

  @BeforeAll
  static void start() throws Exception {
    provider = TestProvider.start();
    String secret = provider.provider.clients().register(new ClientRegistration(CLIENT, "Resources", List.of(REDIRECT),
        List.of(), Set.of("authorization_code"), Set.of("openid", "profile"), Client.AUTH_CLIENT_SECRET_BASIC,
        null, null).withOptions(ClientOptions.builder().allowedResources(Set.of(ORDERS, BILLING)).build()))
        .clientSecret();
    rp = RelyingParty.of(provider, CLIENT, secret, REDIRECT);
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  private static List<String> audience(TokenResponse r) throws Exception {
    assertThat(r.indicatesSuccess()).as(() -> r.toErrorResponse().getErrorObject().toJSONObject().toString()).isTrue();
    return SignedJWT.parse(r.toSuccessResponse().getTokens().getAccessToken().getValue()).getJWTClaimsSet()
        .getAudience();
  }

  @Test
  void whenAuthorizationNamedAResourceAndTheTokenRequestNoneThenTheTokenIsForThatResource() throws Exception {
    RelyingParty.Attempt a = rp.attempt(new com.nimbusds.oauth2.sdk.Scope("openid"));
    String code = signIn(a, a.uri(b -> b.resource(ORDERS)));
    assertThat(audience(a.redeem(code))).containsExactly(ORDERS.toString());
  }

  @Test
  void whenTokenRequestNamesAResourceOutsideTheAuthorizationThenInvalidTargetAndTheCodeStillRedeems()
      throws Exception {
    RelyingParty.Attempt a = rp.attempt(new com.nimbusds.oauth2.sdk.Scope("openid"));
    String code = signIn(a, a.uri(b -> b.resource(ORDERS)));
    AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), REDIRECT, a.verifier);
    // BILLING is allowed for the client, but the user authorized ORDERS only (RFC 8707 §2.2)
    TokenResponse refused = rp.token(grant, null, BILLING);
    assertThat(refused.indicatesSuccess()).isFalse();
    assertThat(refused.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_target");
    assertThat(audience(rp.token(grant, null, ORDERS))).containsExactly(ORDERS.toString());
  }

  @Test
  void whenAuthorizationNamedNoResourceThenTheTokenRequestMayNameAnAllowedOne() throws Exception {
    RelyingParty.Attempt a = rp.attempt(new com.nimbusds.oauth2.sdk.Scope("openid"));
    String code = signIn(a, a.uri());
    AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), REDIRECT, a.verifier);
    assertThat(audience(rp.token(grant, null, BILLING))).containsExactly(BILLING.toString());
  }

  @Test
  void whenPushedRequestNamesAResourceThenTheTokenIsForIt() throws Exception {
    RelyingParty.Attempt a = rp.attempt(new com.nimbusds.oauth2.sdk.Scope("openid"));
    AuthenticationRequest request = AuthenticationRequest.parse(a.uri(b -> b.resource(BILLING)));
    PushedAuthorizationResponse pushed = PushedAuthorizationResponse.parse(RelyingParty.send(
        new PushedAuthorizationRequest(rp.metadata.getPushedAuthorizationRequestEndpointURI(), rp.auth, request)
            .toHTTPRequest()));
    assertThat(pushed.indicatesSuccess()).isTrue();
    URI authorize = new AuthorizationRequest.Builder(pushed.toSuccessResponse().getRequestURI(), rp.clientId)
        .endpointURI(rp.metadata.getAuthorizationEndpointURI()).build().toURI();
    String code = signIn(a, authorize);
    assertThat(audience(a.redeem(code))).containsExactly(BILLING.toString());
  }

  @Test
  void whenPushedRequestNamesAResourceNotAllowedThenInvalidTarget() throws Exception {
    RelyingParty.Attempt a = rp.attempt(new com.nimbusds.oauth2.sdk.Scope("openid"));
    AuthenticationRequest request = AuthenticationRequest.parse(a.uri(
        b -> b.resource(URI.create("https://attacker.example/api"))));
    PushedAuthorizationResponse pushed = PushedAuthorizationResponse.parse(RelyingParty.send(
        new PushedAuthorizationRequest(rp.metadata.getPushedAuthorizationRequestEndpointURI(), rp.auth, request)
            .toHTTPRequest()));
    assertThat(pushed.indicatesSuccess()).isFalse();
    assertThat(pushed.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_target");
  }

  private static String signIn(RelyingParty.Attempt a, URI authorize) {
    Browser browser = provider.browser();
    HttpResponse<String> r = browser.open(authorize);
    if (Browser.isLoginPage(r)) {
      r = browser.loginAndConsent(r, TestProvider.USERNAME, TestProvider.PASSWORD);
    }
    Map<String, String> params = a.callback(r);
    assertThat(params).containsKey("code");
    return params.get("code");
  }
}
