package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.TokenIntrospectionSuccessResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.sun.net.httpserver.HttpServer;
import dev.ssokit.ClientRegistration;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pairwise subject identifiers (OIDC Core §8): one user, clients on different sectors see different
 * {@code sub} values, clients on one sector the same; every place a client sees or presents a subject
 * agrees; {@code sector_identifier_uri} is fetched and must list every redirect URI.
 */
class PairwiseSubjectsIT {
  private static final URI ONE = URI.create("https://one.example.com/cb");
  private static final URI ONE_OTHER_PATH = URI.create("https://one.example.com/second/cb");
  private static final URI TWO = URI.create("https://two.example.com/cb");
  private static final URI MULTI_A = URI.create("https://a.multi.example.com/cb");
  private static final URI MULTI_B = URI.create("https://b.multi.example.com/cb");
  private static final AtomicReference<String> SECTOR_DOCUMENT = new AtomicReference<>();
  private static TestProvider provider;
  private static HttpServer sectorServer;
  private static URI sectorUri;

  @BeforeAll
  static void start() throws Exception {
    provider = TestProvider.start(s -> s.pairwiseSalt("a-salt-of-at-least-16-characters"),
        b -> b.allowLoopbackFetchesForTests());
    sectorServer = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    sectorServer.createContext("/sector.json", x -> {
      byte[] body = SECTOR_DOCUMENT.get().getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().add("Content-Type", "application/json");
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    sectorServer.start();
    sectorUri = URI.create("http://127.0.0.1:" + sectorServer.getAddress().getPort() + "/sector.json");
  }

  @AfterAll
  static void stop() {
    sectorServer.stop(0);
    provider.close();
  }

  private static ClientRegistration pairwise(String id, List<URI> redirects, URI sector) {
    return new ClientRegistration(id, id, redirects, List.of(), Set.of("authorization_code"),
        Set.of("openid", "profile"), Client.AUTH_CLIENT_SECRET_BASIC, null, null)
        .withOptions(ClientOptions.builder().subjectType("pairwise").sectorIdentifierUri(sector)
            .introspectAllTokens(false).build());
  }

  private static RelyingParty register(String id, List<URI> redirects, URI sector) {
    String secret = provider.provider.clients().register(pairwise(id, redirects, sector)).clientSecret();
    return RelyingParty.of(provider, id, secret, redirects.get(0));
  }

  private static OIDCTokens signIn(RelyingParty rp, Browser browser) {
    RelyingParty.Attempt a = rp.attempt(new com.nimbusds.oauth2.sdk.Scope("openid", "profile"));
    return AuthorizationCodeFlowIT.oidcTokens(a.redeem(rp.signIn(browser, a)));
  }

  private static String sub(OIDCTokens tokens) throws Exception {
    return tokens.getIDToken().getJWTClaimsSet().getSubject();
  }

  @Test
  void whenDiscoveryIsReadThenPairwiseIsAdvertised() throws Exception {
    OIDCProviderMetadata m = OIDCProviderMetadata.resolve(new Issuer(provider.issuer));
    assertThat(m.getSubjectTypes()).extracting(Object::toString).containsExactly("public", "pairwise");
  }

  @Test
  void whenClientsAreOnDifferentSectorsThenTheySeeDifferentSubjectsAndOneSectorTheSame() throws Exception {
    RelyingParty one = register("pw-one", List.of(ONE), null);
    RelyingParty oneAgain = register("pw-one-again", List.of(ONE_OTHER_PATH), null);
    RelyingParty two = register("pw-two", List.of(TWO), null);
    Browser browser = provider.browser();
    String subOne = sub(signIn(one, browser));
    String subOneAgain = sub(signIn(oneAgain, browser));
    String subTwo = sub(signIn(two, browser));
    String subPublic = sub(signIn(RelyingParty.clientA(provider), browser));

    assertThat(subPublic).isEqualTo(provider.userId);
    assertThat(subOne).isNotEqualTo(provider.userId).doesNotContain(provider.userId).isEqualTo(subOneAgain);
    assertThat(subTwo).isNotEqualTo(subOne).isNotEqualTo(provider.userId);
    // stable: a second sign-in on the same sector gives the same value
    assertThat(sub(signIn(one, provider.browser()))).isEqualTo(subOne);
  }

  @Test
  void whenPairwiseClientUsesItsTokensThenEveryPlaceShowsItsOwnSubject() throws Exception {
    String carol = provider.provider.users().create("carol", "carols long password", "carol@example.com",
        Map.of("name", "Carol")).orElseThrow().id();
    RelyingParty rp = register("pw-everywhere", List.of(URI.create("https://everywhere.example.com/cb")), null);
    RelyingParty.Attempt a = rp.attempt(new com.nimbusds.oauth2.sdk.Scope("openid", "profile"));
    Browser browser = provider.browser();
    HttpResponse<String> login = browser.open(a.uri());
    OIDCTokens tokens = AuthorizationCodeFlowIT.oidcTokens(a.redeem(
        a.callback(browser.loginAndConsent(login, "carol", "carols long password")).get("code")));
    String sub = sub(tokens);
    assertThat(sub).isNotEqualTo(carol);
    // RFC 9068 access token, UserInfo (OIDC Core §5.3.2: the ID token's sub), introspection
    assertThat(SignedJWT.parse(tokens.getAccessToken().getValue()).getJWTClaimsSet().getSubject()).isEqualTo(sub);
    UserInfoResponse info = UserInfoResponse.parse(RelyingParty.send(
        new UserInfoRequest(rp.metadata.getUserInfoEndpointURI(), tokens.getBearerAccessToken()).toHTTPRequest()));
    assertThat(info.indicatesSuccess()).isTrue();
    assertThat(info.toSuccessResponse().getUserInfo().getSubject().getValue()).isEqualTo(sub);
    assertThat(info.toSuccessResponse().getUserInfo().getName()).isEqualTo("Carol");
    var introspected = (TokenIntrospectionSuccessResponse) rp.introspect(tokens.getAccessToken());
    assertThat(introspected.isActive()).isTrue();
    assertThat(introspected.getSubject().getValue()).isEqualTo(sub);
    // revocations name the local user: disabling her still ends a token carrying her pairwise sub
    provider.provider.users().disable(carol);
    assertThat(provider.provider.verifyAccessToken(tokens.getAccessToken().getValue())).isEmpty();
  }

  @Test
  void whenPairwiseClientSendsItsIdTokenAsHintThenTheUserIsRecognised() throws Exception {
    RelyingParty rp = register("pw-hint", List.of(URI.create("https://hint.example.com/cb")), null);
    Browser browser = provider.browser();
    OIDCTokens tokens = signIn(rp, browser);
    String hint = tokens.getIDToken().serialize();
    // OIDC Core §3.1.2.1: prompt=none with the hint of the signed-in user answers a code, no login_required
    RelyingParty.Attempt a = rp.attempt(new com.nimbusds.oauth2.sdk.Scope("openid"));
    HttpResponse<String> r = browser.open(a.uri(b -> b.prompt(new com.nimbusds.openid.connect.sdk.Prompt("none"))
        .idTokenHint(tokens.getIDToken())));
    assertThat(a.callback(r)).containsKey("code").doesNotContainKey("error");
    // RP-Initiated Logout §2: the hint names the signed-in user, so no confirmation page
    HttpResponse<String> out = browser.get(provider.uri("/logout?id_token_hint="
        + URLEncoder.encode(hint, StandardCharsets.UTF_8)));
    assertThat(out.statusCode()).isIn(200, 302, 303);
    assertThat(browser.cookie("ssokit_session")).isEmpty();
  }

  @Test
  void whenRedirectUrisHaveSeveralHostsThenTheListingSectorIdentifierUriGivesOneSector() throws Exception {
    SECTOR_DOCUMENT.set("[\"" + MULTI_A + "\", \"" + MULTI_B + "\"]");
    RelyingParty multi = register("pw-multi", List.of(MULTI_A, MULTI_B), sectorUri);
    SECTOR_DOCUMENT.set("[\"" + ONE + "\"]");
    // another client whose sector_identifier_uri has the same host (127.0.0.1) shares the sector
    RelyingParty sameSector = register("pw-same-sector", List.of(ONE), sectorUri);
    Browser browser = provider.browser();
    String subMulti = sub(signIn(multi, browser));
    assertThat(subMulti).isNotEqualTo(provider.userId).isEqualTo(sub(signIn(sameSector, browser)));
  }

  @Test
  void whenSectorIdentifierUriDoesNotListARedirectUriThenRegistrationIsRefused() {
    SECTOR_DOCUMENT.set("[\"" + MULTI_A + "\"]");
    assertThatThrownBy(() -> register("pw-unlisted", List.of(MULTI_A, MULTI_B), sectorUri))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("sector_identifier_uri:").hasMessageContaining(MULTI_B.toString());
    assertThat(provider.provider.clients().find("pw-unlisted")).isEmpty();
  }

  @Test
  void whenSectorIdentifierUriIsNotAJsonArrayOrUnreachableThenRegistrationIsRefused() {
    SECTOR_DOCUMENT.set("{\"redirect_uris\": []}");
    assertThatThrownBy(() -> register("pw-not-array", List.of(MULTI_A), sectorUri))
        .hasMessageStartingWith("sector_identifier_uri:");
    URI nowhere = URI.create("http://127.0.0.1:" + sectorServer.getAddress().getPort() + "/missing.json");
    assertThatThrownBy(() -> register("pw-missing", List.of(MULTI_A), nowhere))
        .hasMessageStartingWith("sector_identifier_uri:");
  }

  @Test
  void whenPairwiseClientHasSeveralHostsAndNoSectorIdentifierUriThenRegistrationIsRefused() {
    assertThatThrownBy(() -> register("pw-no-sector", List.of(MULTI_A, MULTI_B), null))
        .hasMessageStartingWith("sector_identifier_uri:").hasMessageContaining("required");
  }

  @Test
  void whenProviderHasNoPairwiseSaltThenPairwiseClientsAreRefused() throws Exception {
    try (TestProvider plain = TestProvider.start(UnaryOperator.identity())) {
      assertThatThrownBy(() -> plain.provider.clients().register(pairwise("pw-nosalt", List.of(ONE), null)))
          .hasMessageStartingWith("subject_type:");
      OIDCProviderMetadata m = OIDCProviderMetadata.resolve(new Issuer(plain.issuer));
      assertThat(m.getSubjectTypes()).extracting(Object::toString).containsExactly("public");
    }
  }

  @Test
  void whenApplicationIsRegisteredThroughTheAdminApiThenTheSectorIsChecked() {
    SECTOR_DOCUMENT.set("[\"" + MULTI_A + "\"]");
    Map<String, Object> metadata = Map.of("client_name", "x", "redirect_uris", List.of(MULTI_A.toString(),
        MULTI_B.toString()), "subject_type", "pairwise", "sector_identifier_uri", sectorUri.toString());
    assertThatThrownBy(() -> provider.provider.clients().register(ClientRegistration.fromMetadata(
        new java.util.LinkedHashMap<>(metadata)))).hasMessageStartingWith("sector_identifier_uri:");
  }
}
