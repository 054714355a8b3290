package dev.ssokit.internal.http;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import java.net.URI;
import java.util.Map;

/** Construction of the provider's HTTP answers: JSON bodies, OAuth errors, redirects. */
public final class Responses {
  private Responses() {}

  public static HTTPResponse json(int status, Map<String, ?> body) {
    return jsonText(status, JSONObjectUtils.toJSONString(body));
  }

  public static HTTPResponse jsonText(int status, String body) {
    HTTPResponse r = new HTTPResponse(status);
    r.setHeader("Content-Type", "application/json; charset=UTF-8");
    r.setBody(body);
    return r;
  }

  /** RFC 6749 §5.2 error JSON, never cached. */
  public static HTTPResponse error(ErrorObject error) {
    HTTPResponse r = error.toHTTPResponse();
    r.setHeader("Cache-Control", "no-store");
    r.setHeader("Pragma", "no-cache");
    return r;
  }

  public static HTTPResponse error(ErrorObject error, String description) {
    return error(error.setDescription(description));
  }

  /** RFC 6749 §5.2: invalid_client, with WWW-Authenticate when the client tried HTTP Basic. */
  public static HTTPResponse invalidClient(String description, boolean basic) {
    HTTPResponse r = error(OAuth2Error.INVALID_CLIENT.setDescription(description));
    if (basic) {
      r.setHeader("WWW-Authenticate", "Basic realm=\"ssokit\", charset=\"UTF-8\"");
    }
    return r;
  }

  public static HTTPResponse methodNotAllowed(String... allowed) {
    HTTPResponse r = error(new ErrorObject("invalid_request", "HTTP method not allowed here", 405));
    r.setHeader("Allow", String.join(", ", allowed));
    return r;
  }

  public static HTTPResponse redirect(URI location) {
    HTTPResponse r = new HTTPResponse(HTTPResponse.SC_FOUND);
    r.setLocation(location);
    r.setHeader("Cache-Control", "no-store");
    return r;
  }

  /** Adds a header value without dropping earlier ones (several Set-Cookie headers). */
  public static void addHeader(HTTPResponse r, String name, String value) {
    java.util.List<String> old = r.getHeaderValues(name);
    if (old == null || old.isEmpty()) {
      r.setHeader(name, value);
      return;
    }
    String[] all = old.toArray(new String[old.size() + 1]);
    all[old.size()] = value;
    r.setHeader(name, all);
  }
}
