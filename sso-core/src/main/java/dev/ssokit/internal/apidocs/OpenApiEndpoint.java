package dev.ssokit.internal.apidocs;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.http.Cors;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.http.StaticDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * {@code /api/openapi.json}: the OpenAPI 3.1 document of the provider's JSON APIs, with this
 * issuer's URLs filled in, serialised once, with an {@code ETag} (a client re-validates cheaply).
 */
final class OpenApiEndpoint implements Endpoint {
  static final String RESOURCE = "/dev/ssokit/apidocs/openapi.json";
  private static final String ISSUER_PLACEHOLDER = "{issuer}";

  private final StaticDocument document;

  OpenApiEndpoint(URI issuer) {
    String base = issuer.toString().replaceAll("/+$", "");
    this.document = new StaticDocument(read().replace(ISSUER_PLACEHOLDER, base), "application/json; charset=UTF-8",
        "no-cache");
  }

  /** The document template as packaged ({@code {issuer}} placeholders unresolved). */
  static String read() {
    try (InputStream in = OpenApiEndpoint.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the sso-core jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Cors.Policy cors() {
    return Cors.Policy.ANY_ORIGIN;
  }

  @Override
  public HTTPResponse handle(HTTPRequest request) {
    if (!HTTPRequest.Method.GET.equals(request.getMethod())) {
      return Responses.methodNotAllowed("GET");
    }
    return document.answer(request);
  }
}
