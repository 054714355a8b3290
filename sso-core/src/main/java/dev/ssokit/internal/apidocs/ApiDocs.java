package dev.ssokit.internal.apidocs;

import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.spi.Client;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The API documentation capability: the OpenAPI 3.1 document of every JSON API at
 * {@code {issuer}/api/openapi.json}, and Swagger UI at {@code {issuer}/docs} when the
 * {@code org.webjars:swagger-ui} jar is on the class path (the standalone server has it), whose
 * Authorize button signs in against this provider through the built-in public client
 * {@value #DOCS_CLIENT_ID} (code flow + PKCE).
 */
public final class ApiDocs {
  /** The built-in public client of Swagger UI's Authorize button. */
  public static final String DOCS_CLIENT_ID = "ssokit-api-docs";
  /** Scopes the docs client may ask for: the APIs it documents. */
  public static final Set<String> DOCS_SCOPES = Set.of("openid", "sso:admin", "sso:apps", "sso:account");

  private ApiDocs() {}

  /** The routes of this capability below the issuer path. */
  public static Map<String, Endpoint> routes(URI issuer) {
    Map<String, Endpoint> routes = new LinkedHashMap<>();
    routes.put("/api/openapi.json", new OpenApiEndpoint(issuer));
    SwaggerUi.load().ifPresent(ui -> {
      SwaggerUiEndpoint endpoint = new SwaggerUiEndpoint(issuer, ui);
      routes.put("/docs", endpoint);
      routes.put("/docs/*", endpoint);
    });
    return routes;
  }

  /** Whether Swagger UI can be served (its webjar is on the class path). */
  public static boolean swaggerUiAvailable() {
    return SwaggerUi.load().isPresent();
  }

  /** Swagger UI's client: public, PKCE, redirecting only to the docs page of this issuer. */
  public static Client docsClient(URI issuer) {
    return new Client(DOCS_CLIENT_ID, null, "API documentation (Swagger UI)",
        List.of(URI.create(SwaggerUiEndpoint.base(issuer) + "/oauth2-redirect.html")), List.of(),
        Set.of("authorization_code"), DOCS_SCOPES, Client.AUTH_NONE, Client.APPLICATION_TYPE_WEB,
        Client.ACCESS_TOKEN_JWT, Instant.EPOCH);
  }
}
