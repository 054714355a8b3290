package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationRequest;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationResponse;
import com.nimbusds.oauth2.sdk.device.DeviceAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.device.DeviceCodeGrant;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.ssokit.ClientRegistration;
import dev.ssokit.spi.Client;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The device authorization grant (RFC 8628) through real HTTP with Nimbus' client side: the device
 * asks for codes and polls, the user types the code, confirms the device, signs in and consents.
 */
class DeviceFlowIT {
  private static final String TV = "living-room-tv";
  private static final ClientID TV_ID = new ClientID(TV);
  private static TestProvider provider;
  private static RelyingParty discovery;

  @BeforeAll
  static void start() throws Exception {
    provider = TestProvider.start();
    provider.provider.clients().register(new ClientRegistration(TV, "Living Room TV", List.of(), List.of(),
        Set.of("urn:ietf:params:oauth:grant-type:device_code", "refresh_token"),
        Set.of("openid", "profile", "offline_access"), Client.AUTH_NONE, null, null));
    discovery = RelyingParty.clientA(provider);
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  private static DeviceAuthorizationResponse authorize(DeviceAuthorizationRequest request) throws ParseException {
    return DeviceAuthorizationResponse.parse(RelyingParty.sendDocumented(request.toHTTPRequest()));
  }

  private static DeviceAuthorizationSuccessResponse startOnDevice() throws Exception {
    URI endpoint = discovery.metadata.getDeviceAuthorizationEndpointURI();
    DeviceAuthorizationResponse r = authorize(new DeviceAuthorizationRequest(endpoint, TV_ID,
        new Scope("openid", "profile", "offline_access")));
    assertThat(r.indicatesSuccess()).isTrue();
    return r.toSuccessResponse();
  }

  private static TokenResponse poll(DeviceAuthorizationSuccessResponse device) throws ParseException {
    return OIDCTokenResponseParser.parse(RelyingParty.sendDocumented(new TokenRequest(
        discovery.metadata.getTokenEndpointURI(), TV_ID, new DeviceCodeGrant(device.getDeviceCode())).toHTTPRequest()));
  }

  private static String error(TokenResponse response) {
    assertThat(response.indicatesSuccess()).isFalse();
    ErrorObject error = ((TokenErrorResponse) response).getErrorObject();
    assertThat(error.getHTTPStatusCode()).as("RFC 8628 §3.5: every poll error is a 400 token error response")
        .isEqualTo(400);
    return error.getCode();
  }

  /** The user's browser: opens the verification URI, types the code; answers the confirmation page. */
  private static HttpResponse<String> typeCode(Browser browser, DeviceAuthorizationSuccessResponse device) {
    HttpResponse<String> form = browser.get(device.getVerificationURI());
    assertThat(form.statusCode()).isEqualTo(200);
    return browser.submit(form, Map.of("user_code", device.getUserCode().getValue().toLowerCase()));
  }

  @Test
  void whenDiscoveryIsReadThenTheDeviceEndpointAndGrantAreAdvertised() {
    assertThat(discovery.metadata.getDeviceAuthorizationEndpointURI()).hasToString(provider.issuer + "/device_authorization");
    assertThat(discovery.metadata.getGrantTypes()).extracting(Object::toString)
        .contains("urn:ietf:params:oauth:grant-type:device_code");
  }

  @Test
  void whenUserConfirmsSignsInAndConsentsThenOnePollGetsTheTokens() throws Exception {
    DeviceAuthorizationSuccessResponse device = startOnDevice();
    assertThat(device.getUserCode().getValue()).matches("[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}");
    assertThat(device.getInterval()).isEqualTo(5);
    assertThat(device.getVerificationURIComplete().toString()).startsWith(provider.issuer + "/device?user_code=");

    assertThat(error(poll(device))).isEqualTo("authorization_pending");
    // RFC 8628 §3.5: polled again before the interval: slow_down, and the interval grows by 5 s
    assertThat(error(poll(device))).isEqualTo("slow_down");
    // 6 s later: more than the first interval, less than the grown one (counted from the last poll)
    provider.clock.advance(Duration.ofSeconds(6));
    assertThat(error(poll(device))).isEqualTo("slow_down");
    provider.clock.advance(Duration.ofSeconds(16));
    assertThat(error(poll(device))).isEqualTo("authorization_pending");

    Browser browser = provider.browser();
    HttpResponse<String> confirm = typeCode(browser, device);
    assertThat(confirm.body()).contains("Living Room TV").contains(device.getUserCode().getValue());
    HttpResponse<String> login = browser.submit(confirm, Map.of("decision", "allow"));
    assertThat(Browser.isLoginPage(login)).as(login.body()).isTrue();
    HttpResponse<String> done = browser.loginAndConsent(login, TestProvider.USERNAME, TestProvider.PASSWORD);
    assertThat(done.statusCode()).isEqualTo(200);
    assertThat(done.body()).contains("Device connected");

    provider.clock.advance(Duration.ofSeconds(16));
    OIDCTokens tokens = AuthorizationCodeFlowIT.oidcTokens(poll(device));
    assertThat(tokens.getIDToken().getJWTClaimsSet().getSubject()).isEqualTo(provider.userId);
    assertThat(tokens.getIDToken().getJWTClaimsSet().getAudience()).containsExactly(TV);
    assertThat(tokens.getRefreshToken()).isNotNull();
    provider.clock.advance(Duration.ofSeconds(16));
    assertThat(error(poll(device))).isEqualTo("invalid_grant");

    // the code cannot be confirmed a second time
    HttpResponse<String> again = typeCode(browser, device);
    assertThat(again.statusCode()).isEqualTo(400);
  }

  @Test
  void whenUserCancelsOnTheConfirmationPageThenThePollIsAccessDenied() throws Exception {
    DeviceAuthorizationSuccessResponse device = startOnDevice();
    Browser browser = provider.browser();
    HttpResponse<String> cancelled = browser.submit(typeCode(browser, device), Map.of("decision", "deny"));
    assertThat(cancelled.body()).contains("Device not connected");
    assertThat(error(poll(device))).isEqualTo("access_denied");
  }

  @Test
  void whenDeviceCodeExpiresThenThePollIsExpiredToken() throws Exception {
    DeviceAuthorizationSuccessResponse device = startOnDevice();
    provider.clock.advance(Duration.ofSeconds(device.getLifetime() + 1));
    assertThat(error(poll(device))).isEqualTo("expired_token");
    assertThat(typeCode(provider.browser(), device).statusCode()).isEqualTo(400);
  }

  @Test
  void whenAnotherClientPollsWithTheDeviceCodeThenInvalidGrant() throws Exception {
    DeviceAuthorizationSuccessResponse device = startOnDevice();
    TokenResponse r = OIDCTokenResponseParser.parse(RelyingParty.sendDocumented(new TokenRequest(
        discovery.metadata.getTokenEndpointURI(), new ClientSecretBasic(new ClientID(TestProvider.CLIENT_A),
        new Secret(provider.secretA)), new DeviceCodeGrant(device.getDeviceCode())).toHTTPRequest()));
    // CLIENT_A is not even registered for the grant
    assertThat(error(r)).isEqualTo("unauthorized_client");
  }

  @Test
  void whenClientIsNotRegisteredForTheGrantOrAsksForOtherScopesThenTheDeviceRequestIsRefused() throws Exception {
    URI endpoint = discovery.metadata.getDeviceAuthorizationEndpointURI();
    DeviceAuthorizationResponse notRegistered = authorize(new DeviceAuthorizationRequest(endpoint,
        new ClientSecretBasic(new ClientID(TestProvider.CLIENT_A), new Secret(provider.secretA)), new Scope("openid"),
        null));
    assertThat(notRegistered.toErrorResponse().getErrorObject().getCode()).isEqualTo("unauthorized_client");
    DeviceAuthorizationResponse wrongScope = authorize(new DeviceAuthorizationRequest(endpoint, TV_ID,
        new Scope("openid", "email")));
    assertThat(wrongScope.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_scope");
    DeviceAuthorizationResponse badSecret = authorize(new DeviceAuthorizationRequest(endpoint,
        new ClientSecretBasic(new ClientID(TestProvider.CLIENT_A), new Secret("wrong")), new Scope("openid"), null));
    assertThat(badSecret.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_client");
    DeviceAuthorizationResponse unknown = authorize(new DeviceAuthorizationRequest(endpoint, new ClientID("nobody"),
        new Scope("openid")));
    assertThat(unknown.toErrorResponse().getErrorObject().getCode()).isEqualTo("invalid_client");
  }

  @Test
  void whenTheVerificationFormIsPostedWithoutItsCsrfTokenThenItIsRefused() {
    Browser browser = provider.browser();
    HttpResponse<String> r = browser.post(provider.uri("/device"), Map.of("user_code", "BCDF-GHJK"));
    assertThat(r.statusCode()).isEqualTo(403);
  }

  @Test
  void whenTooManyWrongCodesAreTypedThenTheAddressIsThrottled() throws Exception {
    try (TestProvider own = TestProvider.start()) {
      Browser browser = own.browser();
      HttpResponse<String> form = browser.get(own.uri("/device"));
      HttpResponse<String> last = null;
      for (int i = 0; i < 11; i++) {
        last = browser.submit(form, Map.of("user_code", "BCDF-GHJK"));
        if (last.statusCode() == 429) {
          break;
        }
        assertThat(last.statusCode()).isEqualTo(400);
      }
      assertThat(last.statusCode()).isEqualTo(429);
      assertThat(last.headers().firstValue("Retry-After")).isPresent();
    }
  }

  @Test
  void whenDeviceEndpointGetsAGetThenMethodNotAllowed() throws Exception {
    HTTPResponse r = RelyingParty.send(new com.nimbusds.oauth2.sdk.http.HTTPRequest(
        com.nimbusds.oauth2.sdk.http.HTTPRequest.Method.GET, provider.uri("/device_authorization").toURL()));
    assertThat(r.getStatusCode()).isEqualTo(405);
  }
}
