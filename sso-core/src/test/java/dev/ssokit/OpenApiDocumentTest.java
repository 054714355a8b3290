package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.testkit.OpenApiContract;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document against the protocol endpoints' real answers (success and failure), and the
 * contract check itself: it fails on what is undocumented or does not match.
 */
class OpenApiDocumentTest {
  private static final String ISSUER = "http://localhost:8080";
  private final SsoProvider provider = SsoProvider.builder(SsoSettings.builder(ISSUER).build()).build();
  private final OpenApiContract contract = OpenApiContract.packaged();

  private HTTPResponse exchange(HTTPRequest.Method method, String path, String auth, String form) throws Exception {
    HTTPRequest request = new HTTPRequest(method, URI.create(ISSUER + path).toURL());
    request.setClientIPAddress("192.0.2.20");
    if (auth != null) {
      request.setAuthorization(auth);
    }
    if (form != null) {
      request.setHeader("Content-Type", "application/x-www-form-urlencoded");
      request.setBody(form);
    }
    HTTPResponse r = provider.handle(request);
    contract.check(method.name(), path.split("\\?")[0], r.getStatusCode(), r.getHeaderValue("Content-Type"), r.getBody());
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
