package dev.ssokit.internal.apidocs;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.api.EntityTag;

/** A file served from memory with a strong {@code ETag}: 304 when the client's copy is current (RFC 9110 §13.1.2). */
final class StaticFile {
  private StaticFile() {}

  static String etag(String content) {
    return EntityTag.of(content);
  }

  static HTTPResponse answer(HTTPRequest request, String content, String contentType, String etag,
      String cacheControl) {
    String ifNoneMatch = request.getHeaderValue("If-None-Match");
    HTTPResponse r;
    if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*"))) {
      r = new HTTPResponse(304);
    } else {
      r = new HTTPResponse(200);
      r.setHeader("Content-Type", contentType);
      r.setBody(content);
    }
    r.setHeader("ETag", etag);
    r.setHeader("Cache-Control", cacheControl);
    return r;
  }
}
