package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.apidocs.ApiDocs;
import dev.ssokit.testkit.OpenApiContract;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code /api/openapi.json} and Swagger UI at {@code /docs}, whose built-in client signs in with PKCE. */
class ApiDocsTest {
  private static final String ISSUER = "http://localhost:8080/sso";
  private static final String DOCS_REDIRECT = ISSUER + "/docs/oauth2-redirect.html";
  private final SsoProvider provider = SsoProvider.builder(SsoSettings.builder(ISSUER).build()).build();
  private final Map<String, String> cookies = new java.util.LinkedHashMap<>();

  private HTTPResponse get(String pathAndQuery, String... headers) throws Exception {
    HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, URI.create(
        pathAndQuery.startsWith("http") ? pathAndQuery : "http://localhost:8080" + pathAndQuery).toURL());
    for (int i = 0; i < headers.length; i += 2) {
      request.setHeader(headers[i], headers[i + 1]);
    }
    return send(request);
  }

  private HTTPResponse post(String path, String form) throws Exception {
    HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, URI.create("http://localhost:8080" + path).toURL());
    request.setHeader("Content-Type", "application/x-www-form-urlencoded");
    request.setBody(form);
    return send(request);
  }

  private HTTPResponse send(HTTPRequest request) {
    request.setClientIPAddress("192.0.2.10");
    if (!cookies.isEmpty()) {
      request.setHeader("Cookie", String.join("; ", cookies.entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }
    HTTPResponse r = provider.handle(request);
    List<String> set = r.getHeaderValues("Set-Cookie");
    if (set != null) {
      for (String c : set) {
        String[] pair = c.split(";", 2)[0].split("=", 2);
        cookies.put(pair[0], pair.length > 1 ? pair[1] : "");
      }
    }
    return r;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String field(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    assertThat(m.find()).as("field " + name).isTrue();
    return m.group(1);
  }

  @Test
  void whenOpenApiDocumentFetchedThenItNamesThisIssuerAndRevalidatesWith304() throws Exception {
    HTTPResponse r = get("/sso/api/openapi.json");
    assertThat(r.getStatusCode()).isEqualTo(200);
    OpenApiContract.packaged().check("GET", "/api/openapi.json", 200, r.getHeaderValue("Content-Type"), r.getBody());
    Map<String, Object> doc = JSONObjectUtils.parse(r.getBody());
    assertThat(doc).containsEntry("openapi", "3.1.0");
    assertThat(doc.get("servers")).isEqualTo(List.of(Map.of("url", ISSUER)));
    assertThat(r.getBody()).contains(ISSUER + "/authorize", ISSUER + "/token").doesNotContain("{issuer}");
    assertThat(r.getHeaderValue("Access-Control-Allow-Origin")).isEqualTo("*");
    HTTPResponse again = get("/sso/api/openapi.json", "If-None-Match", r.getHeaderValue("ETag"));
    assertThat(again.getStatusCode()).isEqualTo(304);
    assertThat(again.getBody()).isNullOrEmpty();
  }

  @Test
  void whenDocsPageFetchedThenSwaggerUiFromTheJarUnderItsOwnCsp() throws Exception {
    HTTPResponse page = get("/sso/docs");
    assertThat(page.getStatusCode()).isEqualTo(200);
    assertThat(page.getHeaderValue("Content-Type")).startsWith("text/html");
    String csp = page.getHeaderValue("Content-Security-Policy");
    assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'").doesNotContain("script-src 'self' 'unsafe");
    assertThat(page.getBody()).contains("/sso/docs/swagger-ui-bundle.js", "/sso/docs/swagger-initializer.js")
        .doesNotContain("<script>").doesNotContain("https://");

    HTTPResponse init = get("/sso/docs/swagger-initializer.js");
    assertThat(init.getBody()).contains(ISSUER + "/api/openapi.json", "\"" + ApiDocs.DOCS_CLIENT_ID + "\"",
        "\"usePkceWithAuthorizationCodeGrant\":true", DOCS_REDIRECT);
    HTTPResponse bundle = get("/sso/docs/swagger-ui-bundle.js");
    assertThat(bundle.getStatusCode()).isEqualTo(200);
    assertThat(bundle.getHeaderValue("Content-Type")).startsWith("text/javascript");
    assertThat(bundle.getBody().length()).isGreaterThan(100_000);
    assertThat(get("/sso/docs/swagger-ui.css", "If-None-Match", get("/sso/docs/swagger-ui.css")
        .getHeaderValue("ETag")).getStatusCode()).isEqualTo(304);
    assertThat(get("/sso/docs/oauth2-redirect.html").getStatusCode()).isEqualTo(200);

    for (String other : new String[] {"/sso/docs/pom.xml", "/sso/docs/..%2F..%2Fpom.properties", "/sso/docs/index.js"}) {
      assertThat(get(other).getStatusCode()).as(other).isEqualTo(404);
    }
    assertThat(post("/sso/docs", "x=1").getStatusCode()).isEqualTo(405);
  }

  @Test
  void whenDocsClientAuthorizesWithPkceThenTheCodeFlowCompletesForItsOwnRedirectOnly() throws Exception {
    provider.users().create("ada", "correct horse battery staple", "ada@example.com", Map.of());
    String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    String challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    String authorize = "/sso/authorize?response_type=code&client_id=" + ApiDocs.DOCS_CLIENT_ID + "&scope=openid"
        + "&state=s&code_challenge=" + challenge + "&code_challenge_method=S256&redirect_uri=";

    HTTPResponse foreign = get(authorize + enc("https://attacker.example/cb"));
    assertThat(foreign.getStatusCode()).isEqualTo(400); // never redirected to an unregistered URI

    HTTPResponse toLogin = get(authorize + enc(DOCS_REDIRECT));
    assertThat(toLogin.getStatusCode()).isEqualTo(302);
    String loginPage = get(toLogin.getLocation().toString()).getBody();
    HTTPResponse r = post("/sso/interaction/login", "interaction=" + enc(field(loginPage, "interaction"))
        + "&csrf_token=" + enc(field(loginPage, "csrf_token")) + "&username=ada&password="
        + enc("correct horse battery staple"));
    String code = null;
    for (int hop = 0; hop < 6 && code == null; hop++) {
      if (r.getStatusCode() == 200 && r.getBody().contains("name=\"decision\"")) {
        r = post("/sso/interaction/consent", "interaction=" + enc(field(r.getBody(), "interaction"))
            + "&csrf_token=" + enc(field(r.getBody(), "csrf_token")) + "&decision=allow");
      } else if (r.getLocation() == null) {
        throw new AssertionError(r.getStatusCode() + " " + r.getBody());
      } else if (r.getLocation().toString().startsWith(DOCS_REDIRECT)) {
        Matcher m = Pattern.compile("[?&]code=([^&]+)").matcher(r.getLocation().toString());
        assertThat(m.find()).isTrue();
        code = java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
      } else {
        r = get(r.getLocation().toString());
      }
    }
    assertThat(code).isNotNull();
    HTTPResponse token = post("/sso/token", "grant_type=authorization_code&client_id=" + ApiDocs.DOCS_CLIENT_ID
        + "&code=" + enc(code) + "&redirect_uri=" + enc(DOCS_REDIRECT) + "&code_verifier=" + verifier);
    assertThat(token.getStatusCode()).as(token.getBody()).isEqualTo(200);
    OpenApiContract.packaged().check("POST", "/token", 200, token.getHeaderValue("Content-Type"), token.getBody());
    assertThat(JSONObjectUtils.parse(token.getBody())).containsKey("access_token");
  }

  @Test
  void whenDocsClientIdRegisteredByAnyoneElseThenRefusedAndNeverListed() {
    ClientRegistration squatter = new ClientRegistration(ApiDocs.DOCS_CLIENT_ID, null,
        List.of(URI.create("https://attacker.example/cb")), null, java.util.Set.of("authorization_code"),
        java.util.Set.of("openid"), "none", null, null);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> provider.clients().register(squatter))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(provider.clients().find(ApiDocs.DOCS_CLIENT_ID).orElseThrow().redirectUris())
        .containsExactly(URI.create(DOCS_REDIRECT));
  }

  @Test
  void whenApiDocsOffThenNeitherDocumentNorPageNorClient() throws Exception {
    SsoProvider off = SsoProvider.builder(SsoSettings.builder(ISSUER).apiDocs(false).build()).build();
    for (String path : new String[] {"/sso/api/openapi.json", "/sso/docs", "/sso/docs/swagger-ui.css"}) {
      assertThat(off.handles(path)).as(path).isFalse();
    }
    assertThat(off.clients().find(ApiDocs.DOCS_CLIENT_ID)).isEmpty();
  }
}
