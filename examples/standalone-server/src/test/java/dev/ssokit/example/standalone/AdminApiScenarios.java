package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.client.ClientInformation;
import com.nimbusds.oauth2.sdk.client.ClientInformationResponse;
import com.nimbusds.oauth2.sdk.client.ClientMetadata;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationRequest;
import com.nimbusds.oauth2.sdk.client.ClientRegistrationResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import dev.ssokit.testkit.OpenApiContract;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API over real HTTP on a standalone server: every endpoint and every refusal (no token,
 * wrong scope, another owner's application, stale {@code If-Match}, invalid metadata naming the
 * field). Every exchange is held against the packaged OpenAPI document ({@link OpenApiContract}). A
 * subclass supplies the storage ({@link #backend()}): in memory or PostgreSQL.
 *
 * <p>Callers: {@value #OPS} (client_credentials, {@code sso:admin}), the bootstrap administrator
 * {@value #ROOT} and the developers {@value #ALICE} and {@value #BOB}, signed in through the code flow
 * of {@value #PORTAL}.
 */
abstract class AdminApiScenarios {
  static final String OPS = "ops";
  static final String PORTAL = "portal";
  static final String ROOT = "root";
  static final String ALICE = "alice";
  static final String BOB = "bob";
  static final URI REDIRECT = URI.create("http://127.0.0.1:8080/callback");
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  static Path dir;

  static StandaloneServer server;
  static Map<String, String> env;
  static String opsSecret;
  static String portalSecret;
  static final Map<String, String> PASSWORDS = new HashMap<>();
  static String adminToken;

  /** The storage variables ({@code SSO_DATABASE_*}), empty for in memory. */
  static Map<String, String> backendEnv = Map.of();

  /** A JSON answer. */
  record Answer(int status, String body, HttpResponse<String> raw) {
    Map<String, Object> json() {
      try {
        return JSONObjectUtils.parse(body);
      } catch (java.text.ParseException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    /** The {@code field} of the first RFC 9457 field error. */
    String errorField() {
      assertThat(header("Content-Type")).startsWith("application/problem+json");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> errors = (List<Map<String, Object>>) json().get("errors");
      assertThat(errors).as("field errors of %s", body).isNotEmpty();
      return (String) errors.get(0).get("field");
    }
  }

  static void startServer(Map<String, String> backend) throws Exception {
    backendEnv = backend;
    opsSecret = TestSecrets.random();
    portalSecret = TestSecrets.random();
    for (String user : List.of(ROOT, ALICE, BOB)) {
      PASSWORDS.put(user, TestSecrets.random().substring(0, 20));
    }
    Map<String, Object> ops = Map.of("client_id", OPS, "client_secret", opsSecret, "client_name", "Operations",
        "grant_types", List.of("client_credentials"), "scope", "sso:admin");
    Map<String, Object> portal = Map.of("client_id", PORTAL, "client_secret", portalSecret,
        "client_name", "Developer portal", "redirect_uris", List.of(REDIRECT.toString()),
        "grant_types", List.of("authorization_code", "refresh_token"),
        "scope", "openid profile sso:apps sso:admin", "introspect_all_tokens", true);
    List<Map<String, Object>> users = List.of(
        Map.of("username", ALICE, "password", PASSWORDS.get(ALICE), "email", "alice@example.com"),
        Map.of("username", BOB, "password", PASSWORDS.get(BOB), "email", "bob@example.com"));
    Path seed = Files.createTempFile(dir, "seed", ".json");
    Files.writeString(seed, JSONObjectUtils.toJSONString(Map.of("clients", List.of(ops, portal), "users", users)),
        StandardCharsets.UTF_8);
    env = new HashMap<>(backend);
    env.put("SSO_PORT", "0");
    env.put("SSO_SEED_FILE", seed.toString());
    env.put("SSO_ADMIN_USERNAME", ROOT);
    env.put("SSO_ADMIN_PASSWORD", PASSWORDS.get(ROOT));
    server = StandaloneServer.start(env);
    adminToken = clientToken(server, OPS, opsSecret, "sso:admin");
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  // ---------------------------------------------------------------- callers and refusals

  @Test
  void whenNoOrBadTokenThenUnauthorizedProblem() throws Exception {
    Answer none = call("GET", "/api/applications", null, null);
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.header("Content-Type")).startsWith("application/problem+json");
    assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
    assertThat(none.json()).containsEntry("status", 401L);

    Answer bad = call("GET", "/api/applications", "not-a-token", null);
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.header("WWW-Authenticate")).contains("invalid_token");
  }

  @Test
  void whenTokenLacksAdminScopesThenForbidden() throws Exception {
    String openidOnly = userToken(ALICE, "openid profile");
    Answer refused = call("GET", "/api/applications", openidOnly, null);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.header("WWW-Authenticate")).contains("insufficient_scope");
  }

  @Test
  void whenDeveloperCallsAdministratorEndpointsThenForbidden() throws Exception {
    String developer = userToken(ALICE, "openid sso:apps");
    for (String path : List.of("/api/users", "/api/signing-keys", "/api/audit-events")) {
      assertThat(call("GET", path, developer, null).status()).as(path).isEqualTo(403);
    }
    // sso:admin in a user's token counts only with the admin role
    String scopeWithoutRole = userToken(ALICE, "openid sso:admin");
    assertThat(call("GET", "/api/users", scopeWithoutRole, null).status()).isEqualTo(403);
    String root = userToken(ROOT, "openid sso:admin");
    assertThat(call("GET", "/api/users", root, null).status()).isEqualTo(200);
  }

  @Test
  void whenPathUnknownOrMethodWrongThenProblemOrHostAnswer() throws Exception {
    // both answers are outside the document on purpose: no operation has these method and path
    Answer wrongMethod = undocumented("PATCH", "/api/applications", adminToken, Map.of());
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertThat(wrongMethod.header("Allow")).contains("GET").contains("POST");
    // a path the admin API does not know is the host's: the server's own 404, not the API's
    assertThat(undocumented("GET", "/api/nothing-here", adminToken, null).status()).isEqualTo(404);
  }

  // ---------------------------------------------------------------- applications

  @Test
  void whenAdministratorCreatesApplicationThenSecretOnceLocationAndCodeFlowAtOnce() throws Exception {
    Answer created = call("POST", "/api/applications", adminToken, webApp("Created App"));
    assertThat(created.status()).isEqualTo(201);
    Map<String, Object> app = created.json();
    String clientId = (String) app.get("client_id");
    String secret = (String) app.get("client_secret");
    assertThat(secret).hasSizeGreaterThanOrEqualTo(43);
    assertThat(app).containsEntry("client_secret_expires_at", 0L).containsEntry("client_name", "Created App")
        .containsEntry("logo_uri", "https://app.example/logo.png");
    assertThat(created.header("Location")).isEqualTo(server.issuer() + "/api/applications/" + clientId);

    Answer read = call("GET", "/api/applications/" + clientId, adminToken, null);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.body()).doesNotContain(secret).doesNotContain("client_secret\"");
    assertThat(read.header("ETag")).isNotBlank();

    // the new application completes the code flow at once
    TokenResponse tokens = new OidcTestClient(server.issuer().toString(), server.issuer())
        .codeFlow(clientId, secret, REDIRECT, new Scope("openid"), ALICE, PASSWORDS.get(ALICE));
    assertThat(tokens.indicatesSuccess()).as("code flow of a just-created application").isTrue();
  }

  @Test
  void whenMetadataInvalidThenProblemNamesTheField() throws Exception {
    Map<String, Object> noRedirect = webApp("Broken");
    noRedirect.remove("redirect_uris");
    assertThat(call("POST", "/api/applications", adminToken, noRedirect).errorField()).isEqualTo("redirect_uris");

    Map<String, Object> badGrant = webApp("Broken");
    badGrant.put("grant_types", List.of("password"));
    assertThat(call("POST", "/api/applications", adminToken, badGrant).errorField()).isEqualTo("grant_types");

    Map<String, Object> httpLogo = webApp("Broken");
    httpLogo.put("logo_uri", "http://app.example/logo.png");
    assertThat(call("POST", "/api/applications", adminToken, httpLogo).errorField()).isEqualTo("logo_uri");

    Map<String, Object> unknown = webApp("Broken");
    unknown.put("favourite_colour", "blue");
    assertThat(call("POST", "/api/applications", adminToken, unknown).errorField()).isEqualTo("favourite_colour");

    Map<String, Object> withSecret = webApp("Broken");
    withSecret.put("client_secret", TestSecrets.random());
    Answer secretRefused = call("POST", "/api/applications", adminToken, withSecret);
    assertThat(secretRefused.status()).isEqualTo(400);
    assertThat(secretRefused.errorField()).isEqualTo("client_secret");

    Answer notJson = send(HttpRequest.newBuilder(api("/api/applications")).header("Authorization", "Bearer " + adminToken)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[1,")));
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.header("Content-Type")).startsWith("application/problem+json");
  }

  @Test
  void whenListedThenPagedByCursorAndFilteredByName() throws Exception {
    String tag = "Paging" + TestSecrets.random().substring(0, 6);
    for (int i = 0; i < 3; i++) {
      assertThat(call("POST", "/api/applications", adminToken, webApp(tag + " " + i)).status()).isEqualTo(201);
    }
    Answer first = call("GET", "/api/applications?limit=2&name=" + tag.toLowerCase(java.util.Locale.ROOT), adminToken,
        null);
    assertThat(first.status()).isEqualTo(200);
    assertThat(items(first)).hasSize(2);
    String cursor = (String) first.json().get("next_cursor");
    assertThat(cursor).isNotNull();
    Answer second = call("GET", "/api/applications?limit=2&name=" + tag + "&cursor=" + cursor, adminToken, null);
    assertThat(items(second)).hasSize(1);
    assertThat(second.json()).doesNotContainKey("next_cursor");
    Set<Object> names = new TreeSet<>();
    items(first).forEach(i -> names.add(i.get("client_name")));
    items(second).forEach(i -> names.add(i.get("client_name")));
    assertThat(names).containsExactly(tag + " 0", tag + " 1", tag + " 2");

    assertThat(call("GET", "/api/applications?limit=0", adminToken, null).errorField()).isEqualTo("limit");
    assertThat(call("GET", "/api/applications?cursor=!!!", adminToken, null).status()).isEqualTo(400);
  }

  @Test
  void whenUpdatedWithIfMatchThenChangedAndStaleTagRefused() throws Exception {
    Map<String, Object> created = call("POST", "/api/applications", adminToken, webApp("Versioned")).json();
    String clientId = (String) created.get("client_id");
    Answer read = call("GET", "/api/applications/" + clientId, adminToken, null);
    String etag = read.header("ETag");

    Map<String, Object> change = new LinkedHashMap<>(read.json());
    change.put("redirect_uris", List.of("https://app.example/new-callback"));
    change.put("client_name", "Versioned v2");
    Answer updated = call("PUT", "/api/applications/" + clientId, adminToken, change, "If-Match", etag);
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json()).containsEntry("client_name", "Versioned v2")
        .containsEntry("redirect_uris", List.of("https://app.example/new-callback"));
    assertThat(updated.header("ETag")).isNotEqualTo(etag);

    change.put("client_name", "Versioned v3 (stale)");
    Answer stale = call("PUT", "/api/applications/" + clientId, adminToken, change, "If-Match", etag);
    assertThat(stale.status()).isEqualTo(412);
    assertThat(call("GET", "/api/applications/" + clientId, adminToken, null).json())
        .containsEntry("client_name", "Versioned v2");

    Map<String, Object> invalid = new LinkedHashMap<>(change);
    invalid.put("redirect_uris", List.of("javascript:alert(1)"));
    assertThat(call("PUT", "/api/applications/" + clientId, adminToken, invalid).errorField())
        .isEqualTo("redirect_uris");
    Map<String, Object> otherId = new LinkedHashMap<>(change);
    otherId.put("client_id", "someone-else");
    assertThat(call("PUT", "/api/applications/" + clientId, adminToken, otherId).errorField()).isEqualTo("client_id");
    assertThat(call("PUT", "/api/applications/does-not-exist", adminToken, change).status()).isEqualTo(404);
  }

  @Test
  void whenSecretRegeneratedThenOldSecretRefusedAndNewAccepted() throws Exception {
    Map<String, Object> created = call("POST", "/api/applications", adminToken, machineApp("Rotating")).json();
    String clientId = (String) created.get("client_id");
    String oldSecret = (String) created.get("client_secret");
    assertThat(clientToken(server, clientId, oldSecret, "reports")).isNotBlank();

    Answer regenerated = call("POST", "/api/applications/" + clientId + "/regenerate-secret", adminToken, null);
    assertThat(regenerated.status()).isEqualTo(200);
    String newSecret = (String) regenerated.json().get("client_secret");
    assertThat(newSecret).isNotEqualTo(oldSecret);

    assertThat(tokenAnswer(server.issuer(), clientId, oldSecret, "reports").indicatesSuccess()).isFalse();
    assertThat(clientToken(server, clientId, newSecret, "reports")).isNotBlank();
  }

  @Test
  void whenApplicationDeletedThenRefusedAtOnceAndItsTokensEnd() throws Exception {
    Map<String, Object> created = call("POST", "/api/applications", adminToken, machineApp("Doomed")).json();
    String clientId = (String) created.get("client_id");
    String secret = (String) created.get("client_secret");
    String token = clientToken(server, clientId, secret, "reports");
    BackChannel introspector = new BackChannel(server.issuer(), PORTAL, portalSecret);
    assertThat(introspector.introspect(token)).containsEntry("active", true);

    Answer deleted = call("DELETE", "/api/applications/" + clientId, adminToken, null);
    assertThat(deleted.status()).isEqualTo(204);

    TokenResponse refused = tokenAnswer(server.issuer(), clientId, secret, "reports");
    assertThat(refused.toErrorResponse().getErrorObject().getCode()).isEqualTo(OAuth2Error.INVALID_CLIENT.getCode());
    assertThat(introspector.introspect(token)).containsEntry("active", false);
    assertThat(call("GET", "/api/applications/" + clientId, adminToken, null).status()).isEqualTo(404);
    assertThat(call("DELETE", "/api/applications/" + clientId, adminToken, null).status()).isEqualTo(404);
  }

  @Test
  void whenDeveloperManagesApplicationsThenOnlyTheirOwn() throws Exception {
    String alice = userToken(ALICE, "openid sso:apps");
    String bob = userToken(BOB, "openid sso:apps");
    String aliceId = subjectOf(alice);

    Answer created = call("POST", "/api/applications", alice, webApp("Alice's app"));
    assertThat(created.status()).isEqualTo(201);
    String clientId = (String) created.json().get("client_id");
    assertThat(created.json()).containsEntry("owner", aliceId);

    assertThat(call("GET", "/api/applications/" + clientId, alice, null).status()).isEqualTo(200);
    assertThat(items(call("GET", "/api/applications", alice, null)))
        .allSatisfy(app -> assertThat(app).containsEntry("owner", aliceId))
        .anySatisfy(app -> assertThat(app).containsEntry("client_id", clientId));

    // another developer sees it as absent and cannot touch it
    assertThat(call("GET", "/api/applications/" + clientId, bob, null).status()).isEqualTo(404);
    assertThat(call("PUT", "/api/applications/" + clientId, bob, webApp("Taken over")).status()).isEqualTo(404);
    assertThat(call("DELETE", "/api/applications/" + clientId, bob, null).status()).isEqualTo(404);
    assertThat(call("POST", "/api/applications/" + clientId + "/regenerate-secret", bob, null).status())
        .isEqualTo(404);
    assertThat(call("GET", "/api/applications/" + clientId + "/stats", bob, null).status()).isEqualTo(404);
    assertThat(items(call("GET", "/api/applications", bob, null)))
        .noneSatisfy(app -> assertThat(app).containsEntry("client_id", clientId));

    // a developer neither gives away ownership nor grants the administrator scope
    Map<String, Object> giveAway = webApp("Gift");
    giveAway.put("owner", "someone-else");
    assertThat(call("POST", "/api/applications", alice, giveAway).errorField()).isEqualTo("owner");
    Map<String, Object> escalate = webApp("Escalate");
    escalate.put("scope", "openid sso:admin");
    assertThat(call("POST", "/api/applications", alice, escalate).errorField()).isEqualTo("scope");
    Map<String, Object> chosenId = webApp("Squat");
    chosenId.put("client_id", "squatted");
    assertThat(call("POST", "/api/applications", alice, chosenId).errorField()).isEqualTo("client_id");
    assertThat(call("GET", "/api/applications?owner=someone-else", alice, null).errorField()).isEqualTo("owner");

    // the administrator sees it, filters by owner, and may delete it
    assertThat(items(call("GET", "/api/applications?owner=" + aliceId, adminToken, null)))
        .anySatisfy(app -> assertThat(app).containsEntry("client_id", clientId));
    assertThat(call("DELETE", "/api/applications/" + clientId, alice, null).status()).isEqualTo(204);
  }

  @Test
  void whenTokensIssuedThenStatsCountThemAfterFlush() throws Exception {
    Map<String, Object> created = call("POST", "/api/applications", adminToken, machineApp("Counted")).json();
    String clientId = (String) created.get("client_id");
    String secret = (String) created.get("client_secret");
    for (int i = 0; i < 3; i++) {
      clientToken(server, clientId, secret, "reports");
    }
    assertThat(tokenAnswer(server.issuer(), clientId, secret + "x", "reports").indicatesSuccess()).isFalse();
    server.provider().flushApplicationStats();

    Map<String, Object> stats = call("GET", "/api/applications/" + clientId + "/stats", adminToken, null).json();
    assertThat(stats).containsEntry("tokens_issued_total", 3L).containsEntry("failed_client_authentications", 1L)
        .containsEntry("active_refresh_token_families", 0L).containsEntry("distinct_users", 0L);
    assertThat(stats.get("last_used")).isNotNull();
    assertThat(stats.get("tokens_issued").toString()).contains("client_credentials");
  }

  // ---------------------------------------------------------------- users

  @Test
  void whenAdministratorManagesUsersThenEveryOperationWorks() throws Exception {
    String name = "carol" + TestSecrets.random().substring(0, 6).toLowerCase(java.util.Locale.ROOT).replace('-', 'x')
        .replace('_', 'y');
    Answer created = call("POST", "/api/users", adminToken, Map.of("username", name, "email", name + "@example.com",
        "claims", Map.of("name", "Carol Example"), "roles", List.of("auditor")));
    assertThat(created.status()).isEqualTo(201);
    String id = (String) created.json().get("id");
    String password = (String) created.json().get("password");
    assertThat(password).as("generated, shown once").hasSizeGreaterThanOrEqualTo(22);
    assertThat(created.header("Location")).endsWith("/api/users/" + id);
    assertThat(call("POST", "/api/users", adminToken, Map.of("username", name)).status()).isEqualTo(409);
    assertThat(call("POST", "/api/users", adminToken, Map.of("username", name + "2", "password", "short"))
        .errorField()).isEqualTo("password");

    Answer found = call("GET", "/api/users?search=" + name.toUpperCase(java.util.Locale.ROOT), adminToken, null);
    assertThat(items(found)).extracting(u -> u.get("id")).containsExactly(id);
    Answer read = call("GET", "/api/users/" + id, adminToken, null);
    assertThat(read.body()).doesNotContain(password).doesNotContain("password");
    assertThat(read.json()).containsEntry("roles", List.of("auditor"));

    Answer updated = call("PUT", "/api/users/" + id, adminToken,
        Map.of("claims", Map.of("name", "Carol Updated"), "roles", List.of("auditor", "admin")),
        "If-Match", read.header("ETag"));
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json()).containsEntry("roles", List.of("admin", "auditor"));
    assertThat(call("PUT", "/api/users/" + id, adminToken, Map.of("claims", Map.of("name", "Stale")),
        "If-Match", read.header("ETag")).status()).isEqualTo(412);
    assertThat(call("PUT", "/api/users/" + id, adminToken, Map.of("roles", List.of("Not A Role"))).errorField())
        .isEqualTo("roles");

    // the user signs in, then is disabled: the session ends and the token stops working
    OidcTestClient browser = new OidcTestClient(server.issuer().toString(), server.issuer());
    TokenResponse tokens = browser.codeFlow(PORTAL, portalSecret, REDIRECT, new Scope("openid"), name, password);
    String userToken = tokens.toSuccessResponse().getTokens().getAccessToken().getValue();
    BackChannel introspector = new BackChannel(server.issuer(), PORTAL, portalSecret);
    assertThat(introspector.introspect(userToken)).containsEntry("active", true);
    List<Map<String, Object>> consents = items(call("GET", "/api/users/" + id + "/consents", adminToken, null));
    assertThat(consents).extracting(c -> c.get("client_id")).containsExactly(PORTAL);

    Answer disabled = call("POST", "/api/users/" + id + "/disable", adminToken, null);
    assertThat(disabled.status()).isEqualTo(200);
    assertThat(disabled.json()).containsEntry("disabled", true);
    assertThat(introspector.introspect(userToken)).containsEntry("active", false);
    assertThat(call("POST", "/api/users/" + id + "/enable", adminToken, null).json()).containsEntry("disabled", false);
    assertThat(call("POST", "/api/users/" + id + "/unlock", adminToken, null).json())
        .containsEntry("locked_until", null);
    assertThat(call("DELETE", "/api/users/" + id + "/sessions", adminToken, null).status()).isEqualTo(200);

    assertThat(call("DELETE", "/api/users/" + id + "/consents/" + PORTAL, adminToken, null).status()).isEqualTo(204);
    assertThat(items(call("GET", "/api/users/" + id + "/consents", adminToken, null))).isEmpty();
    assertThat(call("DELETE", "/api/users/" + id + "/consents/" + PORTAL, adminToken, null).status()).isEqualTo(404);

    assertThat(call("DELETE", "/api/users/" + id, adminToken, null).status()).isEqualTo(204);
    assertThat(call("GET", "/api/users/" + id, adminToken, null).status()).isEqualTo(404);
  }

  // ---------------------------------------------------------------- keys and audit

  @Test
  void whenKeysRotatedThenNewKeyListedPublishedAndSigning() throws Exception {
    Answer before = call("GET", "/api/signing-keys", adminToken, null);
    assertThat(before.status()).isEqualTo(200);
    assertThat(before.body()).doesNotContain("\"d\"").doesNotContain("material");
    Answer rotated = call("POST", "/api/signing-keys/rotate", adminToken, null);
    assertThat(rotated.status()).isEqualTo(200);
    String kid = (String) rotated.json().get("kid");
    assertThat(rotated.json()).containsEntry("status", "ACTIVE");
    assertThat(items(call("GET", "/api/signing-keys", adminToken, null))).extracting(k -> k.get("kid")).contains(kid);
    assertThat(OidcTestClient.of(server).jwks().getKeyByKeyId(kid)).isNotNull();
    String signed = clientToken(server, OPS, opsSecret, "sso:admin");
    assertThat(SignedJWT.parse(signed).getHeader().getKeyID()).isEqualTo(kid);
  }

  @Test
  void whenAuditQueriedThenWritesAreThereByTypeAndClientWithCursor() throws Exception {
    String clientId = (String) call("POST", "/api/applications", adminToken, machineApp("Audited")).json()
        .get("client_id");
    call("POST", "/api/applications/" + clientId + "/regenerate-secret", adminToken, null);

    Answer byClient = call("GET", "/api/audit-events?client_id=" + clientId, adminToken, null);
    assertThat(items(byClient)).extracting(e -> e.get("type"))
        .containsExactly("application.secret_regenerated", "application.created");
    assertThat(byClient.body()).doesNotContain("client_secret\"");
    assertThat(items(byClient).get(0).get("details").toString()).contains("actor=" + OPS);

    Answer page1 = call("GET", "/api/audit-events?limit=1&client_id=" + clientId, adminToken, null);
    String cursor = (String) page1.json().get("next_cursor");
    Answer page2 = call("GET", "/api/audit-events?limit=1&client_id=" + clientId + "&cursor=" + cursor, adminToken,
        null);
    assertThat(items(page2)).extracting(e -> e.get("type")).containsExactly("application.created");

    Answer byType = call("GET", "/api/audit-events?type=application.created&from=2000-01-01T00:00:00Z", adminToken,
        null);
    assertThat(items(byType)).isNotEmpty().allSatisfy(e -> assertThat(e).containsEntry("type", "application.created"));
    assertThat(call("GET", "/api/audit-events?from=yesterday", adminToken, null).errorField()).isEqualTo("from");
    assertThat(items(call("GET", "/api/audit-events?to=2000-01-01T00:00:00Z", adminToken, null))).isEmpty();
  }

  // ---------------------------------------------------------------- user sessions

  @Test
  void whenAdministratorListsAndEndsOneUserSessionThenItsTokensEndAndOthersStay() throws Exception {
    String first = userToken(BOB, "openid");
    String second = userToken(BOB, "openid");
    String bobId = subjectOf(first);
    String sidOfFirst = SignedJWT.parse(first).getJWTClaimsSet().getStringClaim("sid");
    List<Map<String, Object>> sessions = items(call("GET", "/api/users/" + bobId + "/sessions", adminToken, null));
    assertThat(sessions).extracting(s -> s.get("sid")).contains(sidOfFirst);
    assertThat(sessions).allSatisfy(s -> assertThat(s).containsKeys("auth_time", "clients"));
    assertThat(sessions.toString()).doesNotContain("cookie");

    assertThat(call("DELETE", "/api/users/" + bobId + "/sessions/" + sidOfFirst, adminToken, null).status())
        .isEqualTo(204);
    BackChannel introspector = new BackChannel(server.issuer(), PORTAL, portalSecret);
    assertThat(introspector.introspect(first)).containsEntry("active", false);
    assertThat(introspector.introspect(second)).containsEntry("active", true);
    assertThat(items(call("GET", "/api/users/" + bobId + "/sessions", adminToken, null)))
        .extracting(s -> s.get("sid")).doesNotContain(sidOfFirst);
    assertThat(call("DELETE", "/api/users/" + bobId + "/sessions/" + sidOfFirst, adminToken, null).status())
        .isEqualTo(404);

    String developer = userToken(ALICE, "openid sso:apps");
    assertThat(call("GET", "/api/users/" + bobId + "/sessions", developer, null).status()).isEqualTo(403);
    assertThat(call("DELETE", "/api/users/" + bobId + "/sessions/any", developer, null).status()).isEqualTo(403);
  }

  // ---------------------------------------------------------------- dynamic client registration

  @Test
  void whenClientRegistersWithInitialAccessTokenThenCodeFlowAtOnceAndRfc7592ManagesIt() throws Exception {
    Answer issued = call("POST", "/api/initial-access-tokens", adminToken, Map.of("expires_in", 3600,
        "allowed_redirect_uri_schemes", List.of("http", "https")));
    assertThat(issued.status()).isEqualTo(201);
    String iat = (String) issued.json().get("token");
    String iatId = (String) issued.json().get("id");
    assertThat(issued.json()).containsEntry("single_use", true);
    assertThat(items(call("GET", "/api/initial-access-tokens", adminToken, null)).toString())
        .contains(iatId).doesNotContain(iat);
    assertThat(call("GET", "/api/initial-access-tokens", userToken(ALICE, "openid sso:apps"), null).status())
        .isEqualTo(403);

    // as a real client library registers: Nimbus' RFC 7591 request
    ClientMetadata metadata = new ClientMetadata();
    metadata.setName("Self-registered app");
    metadata.setRedirectionURI(REDIRECT);
    metadata.setGrantTypes(Set.of(GrantType.AUTHORIZATION_CODE, GrantType.REFRESH_TOKEN));
    metadata.setScope(Scope.parse("openid profile"));
    metadata.setTokenEndpointAuthMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
    URI endpoint = URI.create((String) call("GET", "/.well-known/openid-configuration", null, null).json()
        .get("registration_endpoint"));
    assertThat(endpoint).isEqualTo(api("/register"));
    com.nimbusds.oauth2.sdk.http.HTTPRequest registration = new ClientRegistrationRequest(endpoint, metadata,
        new BearerAccessToken(iat)).toHTTPRequest();
    com.nimbusds.oauth2.sdk.http.HTTPResponse raw = registration.send();
    OpenApiContract.packaged().check("POST", "/register", raw.getStatusCode(), raw.getHeaderMap(), raw.getBody());
    // the library's request is one the document describes
    OpenApiContract.packaged().checkRequest("POST", "/register", registration.getHeaderValue("Content-Type"),
        registration.getBody());
    ClientRegistrationResponse parsed = ClientRegistrationResponse.parse(raw);
    assertThat(parsed.indicatesSuccess()).as(raw.getBody()).isTrue();
    ClientInformation info = ((ClientInformationResponse) parsed).getClientInformation();
    String clientId = info.getID().getValue();
    String secret = info.getSecret().getValue();
    String rat = info.getRegistrationAccessToken().getValue();
    assertThat(info.getRegistrationURI()).isEqualTo(api("/register/" + clientId));
    assertThat(info.getSecret().getExpirationDate()).isNull(); // client_secret_expires_at 0: never

    // the single-use token is used up
    assertThat(call("POST", "/register", iat, webApp("Second")).status()).isEqualTo(401);

    TokenResponse tokens = new OidcTestClient(server.issuer().toString(), server.issuer())
        .codeFlow(clientId, secret, REDIRECT, new Scope("openid"), ALICE, PASSWORDS.get(ALICE));
    assertThat(tokens.indicatesSuccess()).as("code flow of a just-registered client").isTrue();
    String access = tokens.toSuccessResponse().getTokens().getAccessToken().getValue();

    // RFC 7592 with the registration access token; any other token is a 401
    Answer read = call("GET", "/register/" + clientId, rat, null);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json()).containsEntry("client_name", "Self-registered app").doesNotContainKey("client_secret");
    assertThat(call("GET", "/register/" + clientId, adminToken, null).status()).isEqualTo(401);
    assertThat(call("GET", "/register/" + clientId, "wrong", null).header("WWW-Authenticate"))
        .contains("invalid_token");
    Map<String, Object> change = new LinkedHashMap<>(read.json());
    change.put("client_name", "Renamed by itself");
    Answer updated = call("PUT", "/register/" + clientId, rat, change);
    assertThat(updated.status()).isEqualTo(200);
    assertThat(updated.json()).containsEntry("client_name", "Renamed by itself");
    assertThat(call("PUT", "/register/" + clientId, "wrong", change).status()).isEqualTo(401);
    // the update rotated the registration access token (RFC 7592 §2.2): only the new one works now
    String previous = rat;
    rat = (String) updated.json().get("registration_access_token");
    assertThat(rat).isNotEqualTo(previous);
    assertThat(call("PUT", "/register/" + clientId, previous, change).status()).isEqualTo(401);
    assertThat(call("GET", "/register/" + clientId, previous, null).status()).isEqualTo(401);
    assertThat(call("GET", "/api/applications/" + clientId, adminToken, null).json())
        .containsEntry("client_name", "Renamed by itself");

    assertThat(call("DELETE", "/register/" + clientId, "wrong", null).status()).isEqualTo(401);
    assertThat(call("DELETE", "/register/" + clientId, rat, null).status()).isEqualTo(204);
    assertThat(call("GET", "/register/" + clientId, rat, null).status()).isEqualTo(401);
    assertThat(call("GET", "/api/applications/" + clientId, adminToken, null).status()).isEqualTo(404);
    BackChannel introspector = new BackChannel(server.issuer(), PORTAL, portalSecret);
    assertThat(introspector.introspect(access)).containsEntry("active", false);

    assertThat(call("DELETE", "/api/initial-access-tokens/" + iatId, adminToken, null).status()).isEqualTo(204);
    assertThat(call("DELETE", "/api/initial-access-tokens/" + iatId, adminToken, null).status()).isEqualTo(404);
  }

  @Test
  void whenRegistrationBreaksThePolicyOrFetchesAPrivateJwksUriThenRefusedNamingTheField() throws Exception {
    Map<String, Object> issued = call("POST", "/api/initial-access-tokens", adminToken, Map.of("single_use", false,
        "allowed_scopes", List.of("openid", "profile"), "allowed_redirect_uri_schemes", List.of("https"))).json();
    String iat = (String) issued.get("token");
    // open registration is off: no token, no registration
    Answer closed = call("POST", "/register", null, webApp("No token"));
    assertThat(closed.status()).isEqualTo(401);
    assertThat(closed.header("WWW-Authenticate")).startsWith("Bearer");

    assertThat(registrationRefusal(iat, webApp("Loopback"))).isEqualTo("invalid_redirect_uri redirect_uris");
    Map<String, Object> https = webApp("Scoped");
    https.put("redirect_uris", List.of("https://app.example/callback"));
    Map<String, Object> admin = new LinkedHashMap<>(https);
    admin.put("scope", "openid sso:admin");
    assertThat(registrationRefusal(iat, admin)).isEqualTo("invalid_client_metadata scope");
    Map<String, Object> firstParty = new LinkedHashMap<>(https);
    firstParty.put("first_party", true);
    assertThat(registrationRefusal(iat, firstParty)).isEqualTo("invalid_client_metadata first_party");

    Map<String, Object> keys = new LinkedHashMap<>();
    keys.put("grant_types", List.of("client_credentials"));
    keys.put("scope", "openid");
    keys.put("token_endpoint_auth_method", "private_key_jwt");
    for (String url : List.of("http://127.0.0.1:" + server.port() + "/jwks", "https://10.20.30.40/jwks",
        "https://169.254.169.254/latest/meta-data/")) {
      keys.put("jwks_uri", url);
      assertThat(registrationRefusal(iat, keys)).as(url).isEqualTo("invalid_client_metadata jwks_uri");
    }
    Answer ok = call("POST", "/register", iat, https);
    assertThat(ok.status()).as(ok.body()).isEqualTo(201);

    // RFC 7592 updates stay within the token's policy after the administrator revoked the token
    String iatId = (String) issued.get("id");
    assertThat(call("DELETE", "/api/initial-access-tokens/" + iatId, adminToken, null).status()).isEqualTo(204);
    String path = "/register/" + ok.json().get("client_id");
    String rat = (String) ok.json().get("registration_access_token");
    Map<String, Object> loopback = new LinkedHashMap<>(ok.json());
    loopback.put("redirect_uris", List.of(REDIRECT.toString()));
    Answer refused = call("PUT", path, rat, loopback);
    assertThat(refused.status()).as(refused.body()).isEqualTo(400);
    assertThat(refused.json()).containsEntry("error", "invalid_redirect_uri");
    Map<String, Object> email = new LinkedHashMap<>(ok.json());
    email.put("scope", "openid email");
    assertThat(call("PUT", path, rat, email).json()).containsEntry("error", "invalid_client_metadata");
    Map<String, Object> renamed = new LinkedHashMap<>(ok.json());
    renamed.put("client_name", "Renamed within the policy");
    Answer within = call("PUT", path, rat, renamed);
    assertThat(within.status()).as(within.body()).isEqualTo(200);
    assertThat(within.json()).containsEntry("client_name", "Renamed within the policy");
  }


  @Test
  void whenOpenRegistrationIsOnThenAClientRegistersWithoutToken() throws Exception {
    Map<String, String> open = new HashMap<>(env);
    open.put("SSO_OPEN_CLIENT_REGISTRATION", "true");
    try (StandaloneServer b = StandaloneServer.start(open)) {
      Answer registered = call(b.issuer(), "POST", "/register", null, machineApp("Open registration"), new String[0]);
      assertThat(registered.status()).as(registered.body()).isEqualTo(201);
      String clientId = (String) registered.json().get("client_id");
      assertThat(new OidcTestClient(b.issuer().toString(), b.issuer()).clientCredentials(clientId,
          (String) registered.json().get("client_secret"), Scope.parse("reports")).indicatesSuccess()).isTrue();
      Map<String, Object> escalate = machineApp("Escalate");
      escalate.put("scope", "sso:apps");
      Answer refused = call(b.issuer(), "POST", "/register", null, escalate, new String[0]);
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.json()).containsEntry("error", "invalid_client_metadata");
    }
  }

  /** The error code and the field an RFC 7591 refusal names. */
  static String registrationRefusal(String iat, Map<String, Object> metadata) throws Exception {
    Answer r = call("POST", "/register", iat, metadata);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    return r.json().get("error") + " " + ((String) r.json().get("error_description")).split(":")[0];
  }

  // ---------------------------------------------------------------- helpers

  static Map<String, Object> webApp(String name) {
    Map<String, Object> app = new LinkedHashMap<>();
    app.put("client_name", name);
    app.put("redirect_uris", List.of(REDIRECT.toString()));
    app.put("grant_types", List.of("authorization_code", "refresh_token"));
    app.put("scope", "openid profile");
    app.put("token_endpoint_auth_method", "client_secret_basic");
    app.put("logo_uri", "https://app.example/logo.png");
    return app;
  }

  static Map<String, Object> machineApp(String name) {
    Map<String, Object> app = new LinkedHashMap<>();
    app.put("client_name", name);
    app.put("grant_types", List.of("client_credentials"));
    app.put("scope", "reports");
    return app;
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> items(Answer answer) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return (List<Map<String, Object>>) answer.json().get("items");
  }

  static URI api(String path) {
    return URI.create(server.issuer() + path);
  }

  static Answer call(String method, String path, String token, Map<String, ?> body, String... headers)
      throws IOException, InterruptedException {
    return call(server.issuer(), method, path, token, body, headers);
  }

  static Answer call(URI base, String method, String path, String token, Map<String, ?> body, String... headers)
      throws IOException, InterruptedException {
    return send(request(base, method, path, token, body, headers));
  }

  /** An exchange the OpenAPI document does not describe (an unknown path or method): not held against it. */
  static Answer undocumented(String method, String path, String token, Map<String, ?> body)
      throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(request(server.issuer(), method, path, token, body).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Answer(r.statusCode(), r.body(), r);
  }

  private static HttpRequest.Builder request(URI base, String method, String path, String token, Map<String, ?> body,
      String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(JSONObjectUtils.toJSONString(body)));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return b;
  }

  /**
   * Sends an admin API request and holds the exchange against the packaged OpenAPI document
   * (operation, status, media type, challenge and retry headers, body schema), so the document cannot
   * drift from the code.
   */
  static Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpRequest sent = request.build();
    HttpResponse<String> r = HTTP.send(sent, HttpResponse.BodyHandlers.ofString());
    String below = sent.uri().getRawPath().substring(server.issuer().getRawPath().length());
    OpenApiContract.packaged().check(sent.method(), below, r.statusCode(), r.headers().map(), r.body());
    return new Answer(r.statusCode(), r.body(), r);
  }

  static String clientToken(StandaloneServer at, String clientId, String secret, String scope) throws Exception {
    TokenResponse r = tokenAnswer(at.issuer(), clientId, secret, scope);
    assertThat(r.indicatesSuccess()).as("client_credentials of %s", clientId).isTrue();
    return r.toSuccessResponse().getTokens().getAccessToken().getValue();
  }

  static TokenResponse tokenAnswer(URI base, String clientId, String secret, String scope) throws Exception {
    return new OidcTestClient(server.issuer().toString(), base).clientCredentials(clientId, secret,
        Scope.parse(scope));
  }

  /** An access token of {@code user} through the portal's code flow, in a browser of its own. */
  static String userToken(String user, String scope) throws Exception {
    TokenResponse r = new OidcTestClient(server.issuer().toString(), server.issuer())
        .codeFlow(PORTAL, portalSecret, REDIRECT, Scope.parse(scope), user, PASSWORDS.get(user));
    assertThat(r.indicatesSuccess()).as("code flow of %s", user).isTrue();
    return r.toSuccessResponse().getTokens().getAccessToken().getValue();
  }

  static String subjectOf(String jwt) throws java.text.ParseException {
    return SignedJWT.parse(jwt).getJWTClaimsSet().getSubject();
  }

}
