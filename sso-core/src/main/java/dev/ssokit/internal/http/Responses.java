package dev.ssokit.internal.http;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import java.net.URI;
import java.util.Map;

/** Construction of the provider's HTTP answers: JSON bodies, OAuth errors, redirects. */
public final class Responses {
  /** RFC 9110 §15.4.4. */
  public static final int SC_SEE_OTHER = 303;

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

  /**
   * RFC 6749 §5.1 successful token response, never cached. Its JSON is written by the JOSE library's
   * writer, which copies each string in runs between the characters it escapes; the OAuth library's
   * own {@code toHTTPResponse()} appends the tokens character by character (JFR, refresh under load:
   * 7.8% of the server's Java CPU time).
   */
  public static HTTPResponse tokens(AccessTokenResponse response) {
    return noStore(jsonText(HTTPResponse.SC_OK, JSONObjectUtils.toJSONString(response.toJSONObject())));
  }

  /** RFC 6749 §5.2 error JSON, never cached. */
  public static HTTPResponse error(ErrorObject error) {
    return noStore(error.toHTTPResponse());
  }

  /** RFC 6749 §5.1: token endpoint answers carry credentials and are never cached. */
  private static HTTPResponse noStore(HTTPResponse r) {
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

  /** {@code Strict-Transport-Security} on https issuers: one year (RFC 6797 §6.1.1). */
  public static final String HSTS = "max-age=31536000";

  /**
   * The rules every answer of the provider follows, applied once where requests leave it:
   * <ul>
   *   <li>RFC 9700 §4.12: a redirect answering a POST (login, consent, logout confirmation) is
   *       303 See Other, so the browser follows it with GET and never re-sends the form's
   *       credentials to the next location (a 302 allows that);
   *   <li>{@code X-Content-Type-Options: nosniff} on every answer, JSON included;
   *   <li>{@code Strict-Transport-Security} when the issuer is https (RFC 6797).
   * </ul>
   */
  public static HTTPResponse finish(HTTPRequest request, HTTPResponse response, boolean httpsIssuer) {
    HTTPResponse r = response;
    if (response.getStatusCode() == HTTPResponse.SC_FOUND && HTTPRequest.Method.POST.equals(request.getMethod())) {
      r = new HTTPResponse(SC_SEE_OTHER);
      for (Map.Entry<String, java.util.List<String>> h : response.getHeaderMap().entrySet()) {
        r.setHeader(h.getKey(), h.getValue().toArray(new String[0]));
      }
      r.setBody(response.getBody());
    }
    r.setHeader("X-Content-Type-Options", "nosniff");
    if (httpsIssuer) {
      r.setHeader("Strict-Transport-Security", HSTS);
    }
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
