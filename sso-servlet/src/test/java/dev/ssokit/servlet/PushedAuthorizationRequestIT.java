package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationRequest;
import com.nimbusds.oauth2.sdk.PushedAuthorizationResponse;
import com.nimbusds.oauth2.sdk.PushedAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
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

/** Pushed authorization requests (RFC 9126) with Nimbus' client side. */
class PushedAuthorizationRequestIT {
  private static final String PAR_ONLY = "par-only";
  private static final URI PAR_ONLY_REDIRECT = URI.create("https://par.example.com/cb");
  private static TestProvider provider;
  private static RelyingParty clientA;
  private static RelyingParty clientB;
  private static RelyingParty parOnly;

  @BeforeAll
  static void start() throws Exception {
    provider = TestProvider.start();
    clientA = RelyingParty.clientA(provider);
    clientB = RelyingParty.clientB(provider);
    String secret = provider.provider.clients().register(new ClientRegistration(PAR_ONLY, null,
        List.of(PAR_ONLY_REDIRECT), List.of(), Set.of("authorization_code"), Set.of("openid"),
        Client.AUTH_CLIENT_SECRET_BASIC, null, null)
        .withOptions(ClientOptions.builder().requirePushedAuthorizationRequests(true).build())).clientSecret();
    parOnly = RelyingParty.of(provider, PAR_ONLY, secret, PAR_ONLY_REDIRECT);
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  private static HTTPResponse push(RelyingParty rp, AuthorizationRequest request) {
    return RelyingParty.sendDocumented(new PushedAuthorizationRequest(
        rp.metadata.getPushedAuthorizationRequestEndpointURI(), rp.auth, request).toHTTPRequest());
  }

  private static URI pushed(RelyingParty rp, RelyingParty.Attempt attempt) throws Exception {
    AuthenticationRequest request = AuthenticationRequest.parse(attempt.uri());
    PushedAuthorizationResponse r = PushedAuthorizationResponse.parse(push(rp, request));
    assertThat(r.indicatesSuccess()).as(() -> r.toErrorResponse().getErrorObject().toJSONObject().toString()).isTrue();
    PushedAuthorizationSuccessResponse ok = r.toSuccessResponse();
    assertThat(ok.getRequestURI().toString()).startsWith("urn:ietf:params:oauth:request_uri:");
    assertThat(ok.getLifetime()).isBetween(60L, 90L);
    return ok.getRequestURI();
  }

  private static URI authorize(RelyingParty rp, URI requestUri) {
    return new AuthorizationRequest.Builder(requestUri, rp.clientId)
        .endpointURI(rp.metadata.getAuthorizationEndpointURI()).build().toURI();
  }

  private static void assertErrorPageWithoutRedirect(HttpResponse<String> r) {
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Browser.location(r)).isEmpty();
  }

  @Test
  void whenDiscoveryIsReadThenTheParEndpointIsAdvertised() throws Exception {
    AuthorizationServerMetadata m = AuthorizationServerMetadata.resolve(new Issuer(provider.issuer));
    assertThat(m.getPushedAuthorizationRequestEndpointURI()).isEqualTo(provider.uri("/par"));
    assertThat(m.requiresPushedAuthorizationRequests()).isFalse();
  }

  @Test
  void whenRequestIsPushedThenItsRequestUriSignsInAndTheCodeIsRedeemed() throws Exception {
    RelyingParty.Attempt attempt = clientA.attempt();
    URI authorize = authorize(clientA, pushed(clientA, attempt));
    assertThat(authorize.getRawQuery()).doesNotContain("scope=").doesNotContain("code_challenge=");
    Browser browser = provider.browser();
    HttpResponse<String> r = browser.loginAndConsent(browser.open(authorize), TestProvider.USERNAME,
        TestProvider.PASSWORD);
    Map<String, String> callback = attempt.callback(r);
    assertThat(callback).containsEntry("state", attempt.state.getValue());
    assertThat(attempt.redeem(callback.get("code")).indicatesSuccess()).isTrue();
  }

  @Test
  void whenRequestUriIsReusedThenAnErrorPageAndNoRedirect() throws Exception {
    URI authorize = authorize(clientA, pushed(clientA, clientA.attempt()));
    Browser browser = provider.browser();
    assertThat(Browser.isLoginPage(browser.open(authorize))).isTrue();
    assertErrorPageWithoutRedirect(browser.get(authorize));
  }

  @Test
  void whenRequestUriWasPushedByAnotherClientThenAnErrorPageAndNoRedirect() throws Exception {
    URI requestUri = pushed(clientA, clientA.attempt());
    assertErrorPageWithoutRedirect(provider.browser().get(authorize(clientB, requestUri)));
  }

  @Test
  void whenRequestUriIsUnknownOrNotPushedThenAnErrorPageAndNoRedirect() {
    assertErrorPageWithoutRedirect(provider.browser().get(authorize(clientA,
        URI.create("urn:ietf:params:oauth:request_uri:forged"))));
    // RFC 9101 §5.2: a remote request URI is never fetched
    HttpResponse<String> remote = provider.browser().get(authorize(clientA,
        URI.create("https://attacker.example/request.jwt")));
    assertThat(Browser.redirectParams(remote)).containsEntry("error", "request_uri_not_supported");
  }

  @Test
  void whenRequestUriHasExpiredThenAnErrorPage() throws Exception {
    URI requestUri = pushed(clientA, clientA.attempt());
    provider.clock.advance(Duration.ofSeconds(91));
    assertErrorPageWithoutRedirect(provider.browser().get(authorize(clientA, requestUri)));
  }

  @Test
  void whenPushedRequestIsInvalidThenTheErrorIsAnsweredToTheClient() throws Exception {
    HTTPResponse badScope = push(clientA, AuthenticationRequest.parse(clientA.attempt(new Scope("openid", "admin"))
        .uri()));
    assertThat(badScope.getStatusCode()).isEqualTo(400);
    assertThat(badScope.getBodyAsJSONObject()).containsEntry("error", "invalid_scope");
    HTTPResponse badRedirect = push(clientA, AuthenticationRequest.parse(clientA.attempt().uri(
        b -> b.redirectionURI(URI.create("https://attacker.example/cb")))));
    assertThat(badRedirect.getStatusCode()).isEqualTo(400);
    assertThat(badRedirect.getBodyAsJSONObject()).containsEntry("error", "invalid_request");
  }

  @Test
  void whenPushedRequestNamesARequestUriThenRefused() throws Exception {
    URI first = pushed(clientA, clientA.attempt());
    // Nimbus' client side refuses to build it (RFC 9126 §2.1), so the form is written here
    HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, provider.uri("/par"));
    request.setAuthorization(((ClientSecretBasic) clientA.auth).toHTTPAuthorizationHeader());
    request.setContentType("application/x-www-form-urlencoded");
    request.setBody("client_id=" + TestProvider.CLIENT_A + "&request_uri="
        + java.net.URLEncoder.encode(first.toString(), java.nio.charset.StandardCharsets.UTF_8));
    HTTPResponse r = RelyingParty.sendDocumented(request);
    assertThat(r.getBodyAsJSONObject()).containsEntry("error", "invalid_request");
    assertThat(RelyingParty.sendDocumented(request).getStatusCode()).isEqualTo(400);
  }

  @Test
  void whenClientDoesNotAuthenticateThenInvalidClient() throws Exception {
    AuthenticationRequest request = AuthenticationRequest.parse(clientA.attempt().uri());
    HTTPResponse anonymous = RelyingParty.sendDocumented(new PushedAuthorizationRequest(provider.uri("/par"), request)
        .toHTTPRequest());
    assertThat(anonymous.getStatusCode()).isEqualTo(401);
    HTTPResponse wrongSecret = RelyingParty.sendDocumented(new PushedAuthorizationRequest(provider.uri("/par"),
        new ClientSecretBasic(clientA.clientId, new Secret("wrong")), request).toHTTPRequest());
    assertThat(wrongSecret.getStatusCode()).isEqualTo(401);
    assertThat(wrongSecret.getBodyAsJSONObject()).containsEntry("error", "invalid_client");
  }

  @Test
  void whenClientIdDiffersFromTheAuthenticatedClientThenRefused() throws Exception {
    AuthenticationRequest forB = AuthenticationRequest.parse(clientB.attempt().uri());
    HTTPResponse r = push(clientA, forB);
    assertThat(r.getStatusCode()).isEqualTo(400);
  }

  @Test
  void whenClientRequiresParAndSendsAPlainRequestThenAnErrorPageAndNoRedirect() throws Exception {
    RelyingParty.Attempt attempt = parOnly.attempt(new Scope("openid"));
    assertErrorPageWithoutRedirect(provider.browser().get(attempt.uri()));
    Browser browser = provider.browser();
    HttpResponse<String> login = browser.open(authorize(parOnly, pushed(parOnly, attempt)));
    assertThat(Browser.isLoginPage(login)).isTrue();
  }

  @Test
  void whenParIsRequiredGloballyThenPlainRequestsAreRefusedAndDiscoverySaysSo() throws Exception {
    try (TestProvider strict = TestProvider.start(s -> s.requirePushedAuthorizationRequests(true))) {
      RelyingParty a = RelyingParty.clientA(strict);
      assertThat(a.metadata.requiresPushedAuthorizationRequests()).isTrue();
      HttpResponse<String> r = strict.browser().get(a.attempt().uri());
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(Browser.location(r)).isEmpty();
      HTTPResponse pushedOk = RelyingParty.sendDocumented(new PushedAuthorizationRequest(
          a.metadata.getPushedAuthorizationRequestEndpointURI(), a.auth,
          AuthenticationRequest.parse(a.attempt().uri())).toHTTPRequest());
      assertThat(pushedOk.getStatusCode()).isEqualTo(201);
    }
  }

  @Test
  void whenParIsCalledWithGetThenMethodNotAllowed() {
    HTTPResponse r = RelyingParty.send(new HTTPRequest(HTTPRequest.Method.GET, provider.uri("/par")));
    assertThat(r.getStatusCode()).isEqualTo(405);
  }
}
