package dev.ssokit.internal.api;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import java.util.List;
import java.util.Map;

/**
 * One request to a JSON API route: the HTTP request, the values of the route's {@code {name}}
 * segments, and the authenticated caller once {@link ApiRoutes} has resolved it.
 */
public final class ApiRequest {
  private final HTTPRequest http;
  private final Map<String, String> pathValues;
  private final Object caller;

  ApiRequest(HTTPRequest http, Map<String, String> pathValues, Object caller) {
    this.http = http;
    this.pathValues = Map.copyOf(pathValues);
    this.caller = caller;
  }

  public HTTPRequest http() {
    return http;
  }

  /** The value of route segment {@code {name}} (percent-decoded). */
  public String path(String name) {
    String v = pathValues.get(name);
    if (v == null) {
      throw new IllegalArgumentException("route has no segment {" + name + "}");
    }
    return v;
  }

  /** The caller the API's authenticator resolved, as the type it resolves. */
  public <C> C caller(Class<C> type) {
    return type.cast(caller);
  }

  /** A query parameter, or {@code null}; given twice is a 400. */
  public String query(String name) {
    List<String> values = http.getQueryStringParameters().get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw ApiProblem.invalidField(name, "given more than once");
    }
    return values.get(0);
  }

  /** A header value, or {@code null}. */
  public String header(String name) {
    return http.getHeaderValue(name);
  }

  /**
   * The body as a JSON object: 415 when it is not {@code application/json}, 400 when it is not one
   * JSON object. The transport bounds its size (the servlet filter refuses large bodies).
   */
  public Map<String, Object> json() {
    String type = http.getHeaderValue("Content-Type");
    if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      throw ApiProblem.of(415, "Unsupported Media Type", "the body must be application/json")
          .header("Accept", "application/json");
    }
    String body = http.getBody();
    if (body == null || body.isBlank()) {
      throw ApiProblem.badRequest("the body must be a JSON object");
    }
    try {
      return JSONObjectUtils.parse(body);
    } catch (java.text.ParseException | RuntimeException | StackOverflowError e) {
      throw ApiProblem.badRequest("the body is not a JSON object");
    }
  }
}
