package dev.ssokit.internal.apidocs;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.http.StaticDocument;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /docs}: Swagger UI on the OpenAPI document, from the packaged webjar (no external assets),
 * under its own Content Security Policy: scripts and styles of this origin only (Swagger UI sets
 * inline style attributes, hence {@code 'unsafe-inline'} for styles alone), requests to this
 * origin only, no framing.
 */
final class SwaggerUiEndpoint implements Endpoint {
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline';"
      + " img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  private static final String ASSET_CACHE = "public, max-age=3600";

  private final String base;
  private final String basePath;
  private final SwaggerUi ui;
  private final StaticDocument index;
  private final StaticDocument initializer;
  private final Map<String, StaticDocument> files = new java.util.concurrent.ConcurrentHashMap<>();

  SwaggerUiEndpoint(URI issuer, SwaggerUi ui) {
    this.base = base(issuer);
    this.basePath = URI.create(base).getRawPath();
    this.ui = ui;
    this.index = new StaticDocument("""
        <!DOCTYPE html>
        <html lang="en">
        <head>
          <meta charset="UTF-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>SSO Kit API</title>
          <link rel="stylesheet" href="%1$s/swagger-ui.css">
          <link rel="stylesheet" href="%1$s/index.css">
        </head>
        <body>
          <div id="swagger-ui"></div>
          <script src="%1$s/swagger-ui-bundle.js"></script>
          <script src="%1$s/swagger-ui-standalone-preset.js"></script>
          <script src="%1$s/swagger-initializer.js"></script>
        </body>
        </html>
        """.formatted(basePath), "text/html; charset=UTF-8", "no-cache");
    String issuerBase = issuer.toString().replaceAll("/+$", "");
    Map<String, Object> config = Map.of(
        "url", issuerBase + "/api/openapi.json",
        "oauth2RedirectUrl", base + "/oauth2-redirect.html");
    Map<String, Object> oauth = Map.of(
        "clientId", ApiDocs.DOCS_CLIENT_ID,
        "usePkceWithAuthorizationCodeGrant", true,
        "scopes", List.of("openid"));
    // configuration as JSON literals: nothing from a request ends up in the script
    this.initializer = new StaticDocument("""
        window.onload = function () {
          var config = %s;
          config.dom_id = '#swagger-ui';
          config.deepLinking = true;
          config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset];
          config.layout = 'StandaloneLayout';
          window.ui = SwaggerUIBundle(config);
          window.ui.initOAuth(%s);
        };
        """.formatted(JSONObjectUtils.toJSONString(config), JSONObjectUtils.toJSONString(oauth)),
        "text/javascript; charset=UTF-8", "no-cache");
  }

  /** The docs page's absolute URL, without a trailing slash. */
  static String base(URI issuer) {
    return issuer.toString().replaceAll("/+$", "") + "/docs";
  }

  @Override
  public boolean browserFacing() {
    return true;
  }

  @Override
  public HTTPResponse handle(HTTPRequest request) {
    if (!HTTPRequest.Method.GET.equals(request.getMethod())) {
      return Responses.methodNotAllowed("GET");
    }
    String path = request.getURL().getPath();
    String name = path.length() <= basePath.length() + 1 ? "" : path.substring(basePath.length() + 1);
    StaticDocument document;
    if (name.isEmpty() || name.equals("index.html")) {
      document = index;
    } else if (name.equals("swagger-initializer.js")) {
      document = initializer;
    } else {
      if (!SwaggerUi.FILES.containsKey(name)) {
        return Responses.error(new com.nimbusds.oauth2.sdk.ErrorObject("not_found", "no such file", 404));
      }
      document = files.computeIfAbsent(name, n ->
          new StaticDocument(ui.file(n).orElseThrow(), SwaggerUi.FILES.get(n), ASSET_CACHE));
    }
    HTTPResponse r = document.answer(request);
    r.setHeader("Content-Security-Policy", CSP);
    r.setHeader("X-Frame-Options", "DENY");
    r.setHeader("Referrer-Policy", "no-referrer");
    return r;
  }
}
