package dev.ssokit.internal.endpoint;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.http.Cors;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.http.StaticDocument;
import dev.ssokit.internal.token.SigningKeys;

/** {@code /jwks} (RFC 7517 §5): the public signing keys, pre-serialised. */
public final class JwksEndpoint implements Endpoint {
  /** Short enough that clients pick up a rotated key quickly. */
  static final String CACHE_CONTROL = "public, max-age=300";

  private final SigningKeys keys;
  /** The document of the last key load; replaced when a reload re-serialised the keys. */
  private volatile StaticDocument document;

  public JwksEndpoint(SigningKeys keys) {
    this.keys = keys;
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
    String json = keys.publicJwksJson();
    StaticDocument d = document;
    if (d == null || !d.body().equals(json)) {
      d = new StaticDocument(json, "application/jwk-set+json; charset=UTF-8", CACHE_CONTROL);
      document = d;
    }
    return d.answer(request);
  }
}
