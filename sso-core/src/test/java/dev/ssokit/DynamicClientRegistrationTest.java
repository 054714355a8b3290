package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.sun.net.httpserver.HttpServer;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.memory.InMemoryClientRegistrationStore;
import dev.ssokit.spi.InitialAccessToken;
import dev.ssokit.testkit.OpenApiContract;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Dynamic client registration (RFC 7591 / RFC 7592) on the in-memory stores, every answer held
 * against the OpenAPI document: initial access tokens and their policy, open registration, the
 * fetched {@code jwks_uri}, and the client configuration endpoint.
 */
class DynamicClientRegistrationTest {
  private static final String ISSUER = "http://localhost:8080";
  private static HttpServer keys;
  private static String keysBase;

  private final InMemoryClientRegistrationStore store = new InMemoryClientRegistrationStore();
  private final SsoProvider provider = SsoProvider.builder(SsoSettings.builder(ISSUER).build())
      .clientRegistrationStore(store).build();

  @BeforeAll
  static void startKeyServer() throws Exception {
    String jwks = new JWKSet(new RSAKeyGenerator(2048).keyID("k1").algorithm(JWSAlgorithm.RS256).generate())
        .toPublicJWKSet().toString();
    keys = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    keys.createContext("/jwks", x -> {
      byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().add("Content-Type", "application/json");
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    keys.createContext("/to-private", x -> {
      x.getResponseHeaders().add("Location", "https://10.1.2.3/jwks");
      x.sendResponseHeaders(302, -1);
      x.close();
    });
    keys.createContext("/not-keys", x -> {
      byte[] body = "{\"hello\":1}".getBytes(StandardCharsets.UTF_8);
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    keys.start();
    keysBase = "http://127.0.0.1:" + keys.getAddress().getPort();
  }

  @AfterAll
  static void stopKeyServer() {
    keys.stop(0);
  }

  private String initialAccessToken(boolean singleUse, Instant expiresAt, Set<String> grants, Set<String> scopes,
      Set<String> schemes) {
    String value = OpaqueToken.generate();
    store.createInitialAccessToken(new InitialAccessToken(OpaqueToken.generate().substring(0, 12),
        OpaqueToken.hash(value), Instant.now(), expiresAt, singleUse, null, grants, scopes, schemes, "root"));
    return value;
  }

  private String anyToken() {
    return initialAccessToken(false, Instant.now().plus(Duration.ofHours(1)), Set.of(), Set.of(), Set.of());
  }

  static Map<String, Object> webClient() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("client_name", "Registered web app");
    m.put("redirect_uris", List.of("https://app.example/callback"));
    m.put("grant_types", List.of("authorization_code", "refresh_token"));
    m.put("response_types", List.of("code"));
    m.put("scope", "openid profile");
    m.put("client_uri", "https://app.example/");
    m.put("software_id", "4NRB1-0XZABZI9E6-5SM3R"); // RFC 7591 §2 metadata SSO Kit does not keep: ignored
    return m;
  }

  static HTTPResponse call(SsoProvider at, HTTPRequest.Method method, String path, String bearer,
      Map<String, ?> body) throws Exception {
    HTTPRequest request = new HTTPRequest(method, URI.create(ISSUER + path).toURL());
    request.setClientIPAddress("192.0.2.30");
    if (bearer != null) {
      request.setAuthorization("Bearer " + bearer);
    }
    if (body != null) {
      request.setHeader("Content-Type", "application/json");
      request.setBody(JSONObjectUtils.toJSONString(body));
    }
    HTTPResponse r = at.handle(request);
    OpenApiContract.packaged().check(method.name(), path, r.getStatusCode(), r.getHeaderMap(), r.getBody());
    if (r.getStatusCode() < 400) { // an accepted request matches the documented request body
      OpenApiContract.packaged().checkRequest(method.name(), path, request.getHeaderValue("Content-Type"),
          request.getBody());
    }
    return r;
  }

  private HTTPResponse register(String token, Map<String, ?> body) throws Exception {
    return call(provider, HTTPRequest.Method.POST, "/register", token, body);
  }

  private static Map<String, Object> json(HTTPResponse r) throws Exception {
    return JSONObjectUtils.parse(r.getBody());
  }

  /** The error code and the field named first in the description. */
  private static String refusal(HTTPResponse r) throws Exception {
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(400);
    Map<String, Object> e = json(r);
    return e.get("error") + " " + ((String) e.get("error_description")).split(":")[0];
  }

  @Test
  void whenRegisteredWithInitialAccessTokenThenClientInformationAndConfigurationEndpoint() throws Exception {
    HTTPResponse r = register(anyToken(), webClient());
    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(201);
    Map<String, Object> client = json(r);
    String clientId = (String) client.get("client_id");
    assertThat(client).containsEntry("client_secret_expires_at", 0L).containsKey("client_id_issued_at")
        .containsEntry("registration_client_uri", ISSUER + "/register/" + clientId)
        .containsEntry("client_uri", "https://app.example/").doesNotContainKey("software_id");
    assertThat((String) client.get("client_secret")).hasSizeGreaterThanOrEqualTo(43);
    assertThat(r.getHeaderValue("Cache-Control")).isEqualTo("no-store");
    assertThat(provider.clients().find(clientId)).isPresent();
    // discovery names the endpoint
    HTTPResponse discovery = call(provider, HTTPRequest.Method.GET, "/.well-known/openid-configuration", null, null);
    assertThat(json(discovery)).containsEntry("registration_endpoint", ISSUER + "/register");
  }

  @Test
  void whenNoInitialAccessTokenThenRefusedUnlessOpenRegistration() throws Exception {
    HTTPResponse closed = register(null, webClient());
    assertThat(closed.getStatusCode()).isEqualTo(401);
    assertThat(closed.getHeaderValue("WWW-Authenticate")).startsWith("Bearer");
    assertThat(register("not-a-token", webClient()).getHeaderValue("WWW-Authenticate")).contains("invalid_token");

    SsoProvider open = SsoProvider.builder(SsoSettings.builder(ISSUER).openClientRegistration(true).build()).build();
    HTTPResponse registered = call(open, HTTPRequest.Method.POST, "/register", null, webClient());
    assertThat(registered.getStatusCode()).as(registered.getBody()).isEqualTo(201);
    // open registration never gives the admin API's scopes nor the operator's options
    Map<String, Object> admin = webClient();
    admin.put("scope", "openid sso:apps");
    assertThat(refusal(call(open, HTTPRequest.Method.POST, "/register", null, admin)))
        .isEqualTo("invalid_client_metadata scope");
    Map<String, Object> firstParty = webClient();
    firstParty.put("first_party", true);
    assertThat(refusal(call(open, HTTPRequest.Method.POST, "/register", null, firstParty)))
        .isEqualTo("invalid_client_metadata first_party");
  }

  @Test
  void whenSingleUseTokenUsedOrExpiredThenRefused() throws Exception {
    String once = initialAccessToken(true, Instant.now().plus(Duration.ofHours(1)), Set.of(), Set.of(), Set.of());
    // a refused registration does not use the token up
    Map<String, Object> invalid = webClient();
    invalid.put("redirect_uris", List.of("javascript:alert(1)"));
    assertThat(refusal(register(once, invalid))).isEqualTo("invalid_redirect_uri redirect_uris");
    assertThat(register(once, webClient()).getStatusCode()).isEqualTo(201);
    HTTPResponse again = register(once, webClient());
    assertThat(again.getStatusCode()).isEqualTo(401);
    assertThat(again.getHeaderValue("WWW-Authenticate")).contains("invalid_token");

    String expired = initialAccessToken(false, Instant.now().minusSeconds(1), Set.of(), Set.of(), Set.of());
    assertThat(register(expired, webClient()).getStatusCode()).isEqualTo(401);
  }

  @Test
  void whenPolicyRefusesThenTheFieldIsNamed() throws Exception {
    String token = initialAccessToken(false, Instant.now().plus(Duration.ofHours(1)), Set.of("authorization_code"),
        Set.of("openid", "profile", "sso:apps"), Set.of("https"));
    assertThat(refusal(register(token, webClient()))).isEqualTo("invalid_client_metadata grant_types");

    Map<String, Object> ok = webClient();
    ok.put("grant_types", List.of("authorization_code"));
    Map<String, Object> scope = new LinkedHashMap<>(ok);
    scope.put("scope", "openid email");
    assertThat(refusal(register(token, scope))).isEqualTo("invalid_client_metadata scope");
    Map<String, Object> loopback = new LinkedHashMap<>(ok);
    loopback.put("redirect_uris", List.of("http://127.0.0.1:9000/cb"));
    assertThat(refusal(register(token, loopback))).isEqualTo("invalid_redirect_uri redirect_uris");
    Map<String, Object> chosenId = new LinkedHashMap<>(ok);
    chosenId.put("client_id", "squatted");
    assertThat(refusal(register(token, chosenId))).isEqualTo("invalid_client_metadata client_id");
    Map<String, Object> many = new LinkedHashMap<>(ok);
    many.put("redirect_uris", java.util.stream.IntStream.range(0, 21).mapToObj(i -> "https://app.example/cb" + i)
        .toList());
    assertThat(refusal(register(token, many))).isEqualTo("invalid_redirect_uri redirect_uris");

    // the policy names sso:apps, so it may be given
    ok.put("scope", "openid sso:apps");
    HTTPResponse allowed = register(token, ok);
    assertThat(allowed.getStatusCode()).as(allowed.getBody()).isEqualTo(201);
    assertThat(json(allowed)).containsEntry("scope", "openid sso:apps");
  }

  @Test
  void whenJwksUriIsNotAPublicHttpsKeySetThenRefusedNamingIt() throws Exception {
    Map<String, Object> keyClient = new LinkedHashMap<>();
    keyClient.put("grant_types", List.of("client_credentials"));
    keyClient.put("token_endpoint_auth_method", "private_key_jwt");
    for (String url : List.of(keysBase + "/jwks", "https://10.0.0.1/jwks", "https://127.0.0.1/jwks")) {
      keyClient.put("jwks_uri", url);
      assertThat(refusal(register(anyToken(), keyClient))).as(url).isEqualTo("invalid_client_metadata jwks_uri");
    }

    // a provider allowed to reach loopback (tests only) still refuses a redirect to a private address
    SsoProvider loopback = SsoProvider.builder(SsoSettings.builder(ISSUER).build()).clientRegistrationStore(store)
        .allowLoopbackFetchesForTests().build();
    keyClient.put("jwks_uri", keysBase + "/to-private");
    HTTPResponse redirected = call(loopback, HTTPRequest.Method.POST, "/register", anyToken(), keyClient);
    assertThat(refusal(redirected)).isEqualTo("invalid_client_metadata jwks_uri");
    assertThat(json(redirected).get("error_description").toString()).contains("non-public");
    keyClient.put("jwks_uri", keysBase + "/not-keys");
    assertThat(refusal(call(loopback, HTTPRequest.Method.POST, "/register", anyToken(), keyClient)))
        .isEqualTo("invalid_client_metadata jwks_uri");
    keyClient.put("jwks_uri", keysBase + "/jwks");
    HTTPResponse ok = call(loopback, HTTPRequest.Method.POST, "/register", anyToken(), keyClient);
    assertThat(ok.getStatusCode()).as(ok.getBody()).isEqualTo(201);
    assertThat(json(ok)).doesNotContainKey("client_secret").containsEntry("jwks_uri", keysBase + "/jwks");
  }

  @Test
  void whenConfigurationEndpointCalledThenReadReplaceDeleteWithTheRegistrationAccessTokenOnly() throws Exception {
    Map<String, Object> registered = json(register(anyToken(), webClient()));
    String clientId = (String) registered.get("client_id");
    String rat = (String) registered.get("registration_access_token");
    String path = "/register/" + clientId;

    HTTPResponse read = call(provider, HTTPRequest.Method.GET, path, rat, null);
    assertThat(read.getStatusCode()).isEqualTo(200);
    assertThat(json(read)).containsEntry("client_id", clientId).containsEntry("registration_access_token", rat)
        .doesNotContainKey("client_secret");
    assertThat(call(provider, HTTPRequest.Method.GET, path, "wrong", null).getStatusCode()).isEqualTo(401);
    assertThat(call(provider, HTTPRequest.Method.GET, path, null, null).getStatusCode()).isEqualTo(401);
    assertThat(call(provider, HTTPRequest.Method.GET, "/register/unknown-client", rat, null).getStatusCode())
        .isEqualTo(401);

    // full replacement (RFC 7592 §2.2): what the GET answered, changed
    Map<String, Object> change = json(read);
    change.put("client_name", "Renamed");
    change.put("redirect_uris", List.of("https://app.example/new"));
    change.remove("post_logout_redirect_uris");
    HTTPResponse updated = call(provider, HTTPRequest.Method.PUT, path, rat, change);
    assertThat(updated.getStatusCode()).as(updated.getBody()).isEqualTo(200);
    assertThat(json(updated)).containsEntry("client_name", "Renamed")
        .containsEntry("redirect_uris", List.of("https://app.example/new"));
    assertThat(provider.clients().find(clientId).orElseThrow().clientName()).isEqualTo("Renamed");
    // the update rotated the registration access token (RFC 7592 §2.2): the old one is done
    String previous = rat;
    rat = (String) json(updated).get("registration_access_token");
    assertThat(rat).isNotEqualTo(previous);
    assertThat(call(provider, HTTPRequest.Method.GET, path, previous, null).getStatusCode()).isEqualTo(401);
    HTTPResponse stale = call(provider, HTTPRequest.Method.PUT, path, previous, change);
    assertThat(stale.getStatusCode()).isEqualTo(401);
    assertThat(stale.getHeaderValue("WWW-Authenticate")).contains("invalid_token");
    assertThat(call(provider, HTTPRequest.Method.GET, path, rat, null).getStatusCode()).isEqualTo(200);

    Map<String, Object> otherId = new LinkedHashMap<>(change);
    otherId.put("client_id", "someone-else");
    assertThat(refusal(call(provider, HTTPRequest.Method.PUT, path, rat, otherId)))
        .isEqualTo("invalid_client_metadata client_id");
    Map<String, Object> chosenSecret = new LinkedHashMap<>(change);
    chosenSecret.put("client_secret", OpaqueToken.generate());
    assertThat(refusal(call(provider, HTTPRequest.Method.PUT, path, rat, chosenSecret)))
        .isEqualTo("invalid_client_metadata client_secret");
    Map<String, Object> escalate = new LinkedHashMap<>(change);
    escalate.put("scope", "openid sso:admin");
    assertThat(refusal(call(provider, HTTPRequest.Method.PUT, path, rat, escalate)))
        .isEqualTo("invalid_client_metadata scope");
    assertThat(call(provider, HTTPRequest.Method.PUT, path, "wrong", change).getStatusCode()).isEqualTo(401);

    assertThat(call(provider, HTTPRequest.Method.DELETE, path, "wrong", null).getStatusCode()).isEqualTo(401);
    assertThat(call(provider, HTTPRequest.Method.DELETE, path, rat, null).getStatusCode()).isEqualTo(204);
    assertThat(provider.clients().find(clientId)).isEmpty();
    assertThat(store.findRegistration(clientId)).isEmpty();
    assertThat(call(provider, HTTPRequest.Method.GET, path, rat, null).getStatusCode()).isEqualTo(401);
  }

  @Test
  void whenUpdatedThenHeldToThePolicyItRegisteredUnderAfterItsInitialAccessTokenIsGone() throws Exception {
    String token = initialAccessToken(true, Instant.now().plus(Duration.ofHours(1)), Set.of("authorization_code"),
        Set.of("openid", "profile", "sso:apps"), Set.of("https"));
    Map<String, Object> metadata = webClient();
    metadata.put("grant_types", List.of("authorization_code"));
    metadata.put("scope", "openid sso:apps");
    Map<String, Object> registered = json(register(token, metadata));
    String clientId = (String) registered.get("client_id");
    String rat = (String) registered.get("registration_access_token");
    String path = "/register/" + clientId;
    // the single-use token is used up, and then revoked: the policy stays with the registration
    for (InitialAccessToken t : store.listInitialAccessTokens(null, 100)) {
      store.deleteInitialAccessToken(t.id());
    }

    Map<String, Object> wider = new LinkedHashMap<>(registered);
    wider.put("grant_types", List.of("authorization_code", "client_credentials"));
    assertThat(refusal(call(provider, HTTPRequest.Method.PUT, path, rat, wider)))
        .isEqualTo("invalid_client_metadata grant_types");
    wider = new LinkedHashMap<>(registered);
    wider.put("scope", "openid email");
    assertThat(refusal(call(provider, HTTPRequest.Method.PUT, path, rat, wider)))
        .isEqualTo("invalid_client_metadata scope");
    wider = new LinkedHashMap<>(registered);
    wider.put("redirect_uris", List.of("http://127.0.0.1:9000/cb"));
    assertThat(refusal(call(provider, HTTPRequest.Method.PUT, path, rat, wider)))
        .isEqualTo("invalid_redirect_uri redirect_uris");

    // within the policy (refusals did not rotate the token): kept, reserved scope included
    Map<String, Object> within = new LinkedHashMap<>(registered);
    within.put("scope", "openid profile sso:apps");
    within.put("client_name", "Still within");
    HTTPResponse ok = call(provider, HTTPRequest.Method.PUT, path, rat, within);
    assertThat(ok.getStatusCode()).as(ok.getBody()).isEqualTo(200);
    assertThat(json(ok)).containsEntry("scope", "openid profile sso:apps");
    assertThat(store.findRegistration(clientId).orElseThrow().allowedRedirectUriSchemes()).containsExactly("https");
  }

  @Test
  void whenInitialAccessTokensExpireThenPurgeDeletesThem() {
    initialAccessToken(false, Instant.now().minusSeconds(1), Set.of(), Set.of(), Set.of());
    initialAccessToken(true, Instant.now().minusSeconds(60), Set.of(), Set.of(), Set.of());
    String live = anyToken();

    assertThat(provider.purgeExpired()).isEqualTo(2);
    assertThat(store.listInitialAccessTokens(null, 10)).extracting(InitialAccessToken::tokenHash)
        .containsExactly(OpaqueToken.hash(live));
  }
}
