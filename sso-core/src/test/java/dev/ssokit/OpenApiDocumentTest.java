package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.contract.MutableClock;
import dev.ssokit.testkit.OpenApiContract;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document against the protocol endpoints' real answers (success and failure), its
 * structure (operation ids, references, media types, tags), and the contract check itself: it fails
 * on what is undocumented or does not match.
 */
class OpenApiDocumentTest {
  private static final String ISSUER = "http://localhost:8080";
  private final SsoProvider provider = SsoProvider.builder(SsoSettings.builder(ISSUER).build()).build();
  private final OpenApiContract contract = OpenApiContract.packaged();

  private HTTPResponse exchange(HTTPRequest.Method method, String path, String auth, String form) throws Exception {
    return exchange(provider, method, path, auth, form, Map.of());
  }

  /** One exchange with {@code sso}, held against the document: the answer always, the request when it was accepted. */
  private HTTPResponse exchange(SsoProvider sso, HTTPRequest.Method method, String path, String auth, String form,
      Map<String, String> headers) throws Exception {
    HTTPRequest request = new HTTPRequest(method, URI.create(ISSUER + path).toURL());
    request.setClientIPAddress("192.0.2.20");
    if (auth != null) {
      request.setAuthorization(auth);
    }
    if (form != null) {
      request.setHeader("Content-Type", "application/x-www-form-urlencoded");
      request.setBody(form);
    }
    headers.forEach(request::setHeader);
    HTTPResponse r = sso.handle(request);
    String below = path.split("\\?")[0];
    contract.check(method.name(), below, r.getStatusCode(), r.getHeaderMap(), r.getBody());
    if (r.getStatusCode() < 400) {
      contract.checkRequest(method.name(), below, request.getHeaderValue("Content-Type"), request.getBody());
    }
    return r;
  }

  private static String basic(String id, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes());
  }

  @Test
  void whenProtocolEndpointsAnswerThenEveryAnswerIsDocumentedAndMatches() throws Exception {
    String secret = provider.clients().register(new ClientRegistration("api-client", null, List.of(), null,
        Set.of("client_credentials"), Set.of("api"), "client_secret_basic", null, null)).clientSecret();

    exchange(HTTPRequest.Method.GET, "/.well-known/openid-configuration", null, null);
    exchange(HTTPRequest.Method.GET, "/jwks", null, null);
    HTTPResponse token = exchange(HTTPRequest.Method.POST, "/token", basic("api-client", secret),
        "grant_type=client_credentials&scope=api");
    assertThat(token.getStatusCode()).isEqualTo(200);
    String access = (String) JSONObjectUtils.parse(token.getBody()).get("access_token");
    assertThat(exchange(HTTPRequest.Method.POST, "/token", basic("api-client", "wrong"),
        "grant_type=client_credentials").getStatusCode()).isEqualTo(401);
    assertThat(exchange(HTTPRequest.Method.POST, "/token", basic("api-client", secret),
        "grant_type=password").getStatusCode()).isEqualTo(400);
    assertThat(exchange(HTTPRequest.Method.POST, "/introspect", basic("api-client", secret), "token=" + access)
        .getBody()).contains("\"active\":true");
    assertThat(exchange(HTTPRequest.Method.POST, "/revoke", basic("api-client", secret), "token=" + access)
        .getStatusCode()).isEqualTo(200);
    assertThat(exchange(HTTPRequest.Method.POST, "/introspect", basic("api-client", secret), "token=" + access)
        .getBody()).contains("\"active\":false");
    assertThat(exchange(HTTPRequest.Method.GET, "/userinfo", "Bearer " + access, null).getStatusCode())
        .isIn(401, 403);
    assertThat(exchange(HTTPRequest.Method.GET, "/userinfo", null, null).getStatusCode()).isEqualTo(401);
  }

  @Test
  void whenUserInfoIsPostedOrIntrospectionAsksForAJwtThenTheAnswersAreDocumented() throws Exception {
    String secret = provider.clients().register(new ClientRegistration("rs", null, List.of(), null,
        Set.of("client_credentials"), Set.of("api"), "client_secret_basic", null, null)).clientSecret();
    String access = (String) JSONObjectUtils.parse(exchange(HTTPRequest.Method.POST, "/token", basic("rs", secret),
        "grant_type=client_credentials&scope=api").getBody()).get("access_token");

    // OIDC Core §5.3.1: POST, the token in the header or (RFC 6750 §2.2) in the form; never in the query
    HTTPResponse byHeader = exchange(HTTPRequest.Method.POST, "/userinfo", "Bearer " + access, null);
    assertThat(byHeader.getStatusCode()).as("a client credentials token has no openid scope").isEqualTo(403);
    assertThat(byHeader.getHeaderValue("WWW-Authenticate")).contains("insufficient_scope");
    assertThat(exchange(HTTPRequest.Method.POST, "/userinfo", null, "access_token=" + access).getStatusCode())
        .isEqualTo(403);
    assertThat(exchange(HTTPRequest.Method.POST, "/userinfo", null, "access_token=nonsense").getStatusCode())
        .isEqualTo(401);
    assertThat(exchange(HTTPRequest.Method.GET, "/userinfo?access_token=" + access, null, null).getStatusCode())
        .isEqualTo(400);

    // RFC 9701: the introspection answer as a signed JWT
    HTTPResponse jwt = exchange(provider, HTTPRequest.Method.POST, "/introspect", basic("rs", secret),
        "token=" + access, Map.of("Accept", "application/token-introspection+jwt"));
    assertThat(jwt.getStatusCode()).isEqualTo(200);
    assertThat(jwt.getHeaderValue("Content-Type")).startsWith("application/token-introspection+jwt");
    assertThat(SignedJWT.parse(jwt.getBody()).getJWTClaimsSet().getJSONObjectClaim("token_introspection"))
        .containsEntry("active", true);
  }

  @Test
  void whenARateLimitIsReachedThenThe429IsDocumentedWithRetryAfter() throws Exception {
    SsoProvider limited = SsoProvider.builder(SsoSettings.builder(ISSUER)
        .rateLimitPerIp(new SsoSettings.RateLimit(2, Duration.ofMinutes(1))).build()).clock(MutableClock.atNow())
        .build(); // a clock that stands still: the two requests of the window stay in one window
    String secret = limited.clients().register(new ClientRegistration("api-client", null, List.of(), null,
        Set.of("client_credentials"), Set.of("api"), "client_secret_basic", null, null)).clientSecret();

    for (String path : List.of("/token", "/auth/me")) {
      HTTPRequest.Method method = path.equals("/token") ? HTTPRequest.Method.POST : HTTPRequest.Method.GET;
      String auth = path.equals("/token") ? basic("api-client", secret) : null;
      String form = path.equals("/token") ? "grant_type=client_credentials&scope=api" : null;
      List<Integer> statuses = new ArrayList<>();
      HTTPResponse r;
      do {
        r = exchange(limited, method, path, auth, form, Map.of());
        statuses.add(r.getStatusCode());
      } while (r.getStatusCode() != 429 && statuses.size() < 5);
      assertThat(statuses).as(path).hasSize(3).last().isEqualTo(429);
      assertThat(r.getHeaderValue("Retry-After")).as(path).matches("[1-9][0-9]*");
      assertThat(JSONObjectUtils.parse(r.getBody())).as("the limiter answers OAuth error JSON, at %s too", path)
          .containsEntry("error", "temporarily_unavailable");
    }
  }

  @Test
  void whenTheDocumentIsReadThenEveryOperationIsIdentifiedAnsweredTaggedAndEveryReferenceResolves() throws Exception {
    JsonNode doc = contract.document();
    Set<String> declaredTags = new HashSet<>();
    doc.path("tags").forEach(tag -> declaredTags.add(tag.path("name").asText()));
    Set<String> usedTags = new HashSet<>();
    Set<String> operationIds = new HashSet<>();
    List<String> problems = new ArrayList<>();
    doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
      if (!Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(op.getKey())) {
        return;
      }
      String name = op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
      JsonNode operation = op.getValue();
      if (!operation.path("operationId").isTextual() || !operationIds.add(operation.path("operationId").asText())) {
        problems.add(name + ": no operationId, or one another operation has");
      }
      if (operation.path("tags").isEmpty()) {
        problems.add(name + ": no tag");
      }
      operation.path("tags").forEach(tag -> usedTags.add(tag.asText()));
      if (operation.path("responses").properties().stream().noneMatch(r -> r.getKey().matches("[23]\\d\\d"))) {
        problems.add(name + ": no 2xx or 3xx response");
      }
      operation.path("responses").properties().forEach(r -> {
        JsonNode response = r.getValue().has("$ref") ? doc.at(r.getValue().path("$ref").asText().substring(1))
            : r.getValue();
        String status = name + " " + r.getKey();
        if (r.getKey().matches("[45]\\d\\d") && response.path("content").isEmpty()) {
          problems.add(status + ": an error answer without a media type");
        }
        response.path("content").properties().forEach(media -> {
          if (!media.getValue().has("schema")) {
            problems.add(status + " " + media.getKey() + ": no schema");
          }
        });
        if (Set.of("429", "503").contains(r.getKey()) && !response.path("headers").has("Retry-After")) {
          problems.add(status + ": no Retry-After");
        }
      });
    }));
    references(doc, doc, "#", problems);

    assertThat(problems).isEmpty();
    assertThat(usedTags).as("every tag an operation uses is declared").isSubsetOf(declaredTags);
    assertThat(declaredTags).as("every declared tag is used").isSubsetOf(usedTags);
  }

  /** Every {@code $ref} below {@code node} that points nowhere, added to {@code problems}. */
  private static void references(JsonNode doc, JsonNode node, String at, List<String> problems) {
    if (node.has("$ref")) {
      String ref = node.path("$ref").asText();
      if (!ref.startsWith("#/") || doc.at(ref.substring(1)).isMissingNode()) {
        problems.add(at + ": $ref " + ref + " does not resolve");
      }
    }
    if (node.isObject()) {
      node.properties().forEach(e -> references(doc, e.getValue(), at + "/" + e.getKey(), problems));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        references(doc, node.get(i), at + "/" + i, problems);
      }
    }
  }

  @Test
  void whenAnEndpointReadsADPoPProofThenItsOperationDocumentsTheHeader() throws Exception {
    JsonNode doc = contract.document();
    // the endpoints that read the DPoP header (TokenEndpoint, ParEndpoint, UserInfoEndpoint)
    for (String[] op : new String[][] {{"/token", "post"}, {"/par", "post"}, {"/userinfo", "get"},
        {"/userinfo", "post"}}) {
      List<String> headers = new java.util.ArrayList<>();
      doc.path("paths").path(op[0]).path(op[1]).path("parameters").forEach(p -> {
        JsonNode param = p.has("$ref") ? doc.at(p.path("$ref").asText().substring(1)) : p;
        if ("header".equals(param.path("in").asText())) {
          headers.add(param.path("name").asText());
        }
      });
      assertThat(headers).as(op[1] + " " + op[0]).contains("DPoP");
    }
  }

  @Test
  void whenPushedAndDeviceAuthorizationAnswerThenTheAnswersAreDocumentedAndMatch() throws Exception {
    String secret = provider.clients().register(new ClientRegistration("web", null,
        List.of(URI.create("https://app.example/cb")), null, Set.of("authorization_code"), Set.of("openid"),
        "client_secret_basic", null, null)).clientSecret();
    provider.clients().register(new ClientRegistration("tv", null, List.of(), null,
        Set.of("urn:ietf:params:oauth:grant-type:device_code"), Set.of("openid"), "none", null, null));

    exchange(HTTPRequest.Method.GET, "/.well-known/oauth-authorization-server", null, null);
    String push = "response_type=code&client_id=web&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&scope=openid&state=s"
        + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256";
    HTTPResponse pushed = exchange(HTTPRequest.Method.POST, "/par", basic("web", secret), push);
    assertThat(pushed.getStatusCode()).isEqualTo(201);
    assertThat(pushed.getBody()).contains("urn:ietf:params:oauth:request_uri:");
    assertThat(exchange(HTTPRequest.Method.POST, "/par", basic("web", "wrong"), push).getStatusCode()).isEqualTo(401);
    assertThat(exchange(HTTPRequest.Method.POST, "/par", basic("web", secret), "response_type=code&client_id=web")
        .getStatusCode()).isEqualTo(400);

    HTTPResponse device = exchange(HTTPRequest.Method.POST, "/device_authorization", null, "client_id=tv&scope=openid");
    assertThat(device.getStatusCode()).isEqualTo(200);
    assertThat(device.getBody()).contains("\"user_code\"");
    assertThat(exchange(HTTPRequest.Method.POST, "/device_authorization", null, "client_id=web").getStatusCode())
        .isIn(400, 401);
  }

  @Test
  void whenAnswerIsUndocumentedOrDoesNotMatchThenTheContractFails() {
    assertThatThrownBy(() -> contract.check("GET", "/nowhere", 200, "application/json", "{}"))
        .hasMessageContaining("undocumented path /nowhere");
    assertThatThrownBy(() -> contract.check("DELETE", "/token", 200, "application/json", "{}"))
        .hasMessageContaining("undocumented operation DELETE /token");
    assertThatThrownBy(() -> contract.check("POST", "/token", 418, "application/json", "{}"))
        .hasMessageContaining("status 418 is not documented");
    assertThatThrownBy(() -> contract.check("POST", "/token", 200, "text/plain", "x"))
        .hasMessageContaining("media type text/plain is not documented");
    assertThatThrownBy(() -> contract.check("POST", "/token", 200, "application/json", "{\"token_type\":\"Bearer\"}"))
        .hasMessageContaining("does not match").hasMessageContaining("access_token");
    assertThatThrownBy(() -> contract.check("POST", "/token", 400, "application/json", "{\"error\":1}"))
        .hasMessageContaining("does not match");
    // headers: a challenge the document does not name, a required Retry-After missing
    assertThatThrownBy(() -> contract.check("POST", "/auth/login", 401,
        Map.of("content-type", List.of("application/problem+json"), "www-authenticate", List.of("Bearer")),
        "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401}"))
        .hasMessageContaining("header WWW-Authenticate is sent but not documented");
    assertThatThrownBy(() -> contract.check("POST", "/token", 429, Map.of("Content-Type", List.of("application/json")),
        "{\"error\":\"temporarily_unavailable\"}")).hasMessageContaining("required header Retry-After is not sent");
    // requests: an accepted body must match the documented request body
    contract.checkRequest("POST", "/token", "application/x-www-form-urlencoded",
        "grant_type=client_credentials&resource=https%3A%2F%2Fa.example&resource=https%3A%2F%2Fb.example");
    assertThatThrownBy(() -> contract.checkRequest("POST", "/token", "application/x-www-form-urlencoded", "scope=x"))
        .hasMessageContaining("does not match").hasMessageContaining("grant_type");
    assertThatThrownBy(() -> contract.checkRequest("PUT", "/auth/me", "application/json", "{\"sub\":\"other\"}"))
        .hasMessageContaining("does not match");
    assertThatThrownBy(() -> contract.checkRequest("POST", "/token", "application/json", "{}"))
        .hasMessageContaining("media type application/json is not documented");
    assertThatThrownBy(() -> contract.checkRequest("GET", "/jwks", "application/json", "{}"))
        .hasMessageContaining("a body is not documented");
  }

  @Test
  void whenClientMetadataNamesAUriThenThePatternAcceptsWhatTheServerAccepts() {
    String app = "{\"client_id\":\"web\",\"client_name\":\"Web\",\"post_logout_redirect_uris\":[],"
        + "\"grant_types\":[\"authorization_code\"],\"scope\":\"openid\",\"token_endpoint_auth_method\":\"none\","
        + "\"application_type\":\"native\",\"access_token_format\":\"jwt\",\"client_id_issued_at\":1700000000,";
    // redirect URIs: any absolute URI without fragment (the server then applies its scheme rules)
    for (String uri : List.of("https://app.example/cb", "http://127.0.0.1/cb", "com.example.app:/cb")) {
      contract.check("GET", "/api/applications/web", 200, "application/json",
          app + "\"redirect_uris\":[\"" + uri + "\"]}");
    }
    assertThatThrownBy(() -> contract.check("GET", "/api/applications/web", 200, "application/json",
        app + "\"redirect_uris\":[\"https://app.example/cb#frag\"]}")).hasMessageContaining("does not match");
    // logo_uri and the like: https only
    contract.check("GET", "/api/applications/web", 200, "application/json",
        app + "\"redirect_uris\":[],\"logo_uri\":\"https://app.example/logo.png\"}");
    for (String field : List.of("logo_uri", "client_uri", "policy_uri", "tos_uri", "jwks_uri",
        "sector_identifier_uri")) {
      assertThatThrownBy(() -> contract.check("GET", "/api/applications/web", 200, "application/json",
          app + "\"redirect_uris\":[],\"" + field + "\":\"http://app.example/x\"}")).as(field)
          .hasMessageContaining("does not match");
    }
  }

  @Test
  void whenAdminApiAnswerDriftsFromItsSchemaThenTheContractFails() {
    String app = "{\"client_id\":\"web\",\"client_name\":\"Web\",\"redirect_uris\":[\"https://app.example/cb\"],"
        + "\"post_logout_redirect_uris\":[],\"grant_types\":[\"authorization_code\"],\"scope\":\"openid\","
        + "\"token_endpoint_auth_method\":\"client_secret_basic\",\"application_type\":\"web\","
        + "\"access_token_format\":\"jwt\",\"client_id_issued_at\":1700000000";
    contract.check("GET", "/api/applications/web", 200, "application/json; charset=UTF-8", app + "}");
    contract.check("POST", "/api/applications", 201, "application/json",
        app + ",\"client_secret\":\"" + "s".repeat(43) + "\",\"client_secret_expires_at\":0}");
    // a field the document does not name, the secret where it is never shown, a required field missing
    assertThatThrownBy(() -> contract.check("GET", "/api/applications/web", 200, "application/json",
        app + ",\"favourite_colour\":\"blue\"}")).hasMessageContaining("does not match");
    assertThatThrownBy(() -> contract.check("GET", "/api/applications/web", 200, "application/json",
        app + ",\"client_secret\":\"" + "s".repeat(43) + "\"}")).hasMessageContaining("does not match");
    assertThatThrownBy(() -> contract.check("GET", "/api/users/u1", 200, "application/json", "{\"id\":\"u1\"}"))
        .hasMessageContaining("does not match");
    assertThatThrownBy(() -> contract.check("GET", "/api/users/u1", 404, "application/json", "{}"))
        .hasMessageContaining("media type application/json is not documented");
    contract.check("GET", "/api/users/u1", 404, "application/problem+json",
        "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"no such user\"}");
    // the account API too: a sign-in answer without its CSRF token, a session list item with an unknown field
    contract.check("POST", "/auth/login", 200, "application/json",
        "{\"sub\":\"u1\",\"amr\":[\"pwd\"],\"csrf_token\":\"c\"}");
    assertThatThrownBy(() -> contract.check("POST", "/auth/login", 200, "application/json",
        "{\"sub\":\"u1\",\"amr\":[\"pwd\"]}")).hasMessageContaining("does not match");
    assertThatThrownBy(() -> contract.check("GET", "/auth/sessions", 200, "application/json",
        "{\"items\":[{\"sid\":\"s\",\"auth_time\":1,\"amr\":[],\"clients\":[],\"current\":true,\"cookie\":\"x\"}]}"))
        .hasMessageContaining("does not match");
  }
}
