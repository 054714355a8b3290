package dev.ssokit.internal.admin;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.api.EntityTag;
import java.util.Map;

/** The JSON answers of the admin API: never cached (they may name users and clients). */
final class JsonAnswer {
  private JsonAnswer() {}

  static HTTPResponse ok(Map<String, ?> body) {
    return of(200, JSONObjectUtils.toJSONString(body));
  }

  /** 200 with the representation's strong {@code ETag}, for a later {@code If-Match}. */
  static HTTPResponse tagged(Map<String, ?> body) {
    String json = JSONObjectUtils.toJSONString(body);
    HTTPResponse r = of(200, json);
    r.setHeader("ETag", EntityTag.of(json));
    return r;
  }

  /** 201 with {@code Location} (RFC 9110 §15.3.2). */
  static HTTPResponse created(String location, Map<String, ?> body) {
    HTTPResponse r = of(201, JSONObjectUtils.toJSONString(body));
    r.setHeader("Location", location);
    return r;
  }

  static HTTPResponse noContent() {
    HTTPResponse r = new HTTPResponse(204);
    r.setHeader("Cache-Control", "no-store");
    return r;
  }

  /** The {@code ETag} a representation is answered with, to compare with {@code If-Match}. */
  static String tagOf(Map<String, ?> body) {
    return EntityTag.of(JSONObjectUtils.toJSONString(body));
  }

  private static HTTPResponse of(int status, String json) {
    HTTPResponse r = new HTTPResponse(status);
    r.setHeader("Content-Type", "application/json; charset=UTF-8");
    r.setHeader("Cache-Control", "no-store");
    r.setBody(json);
    return r;
  }
}
