package dev.ssokit.internal.http;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * A public document serialised once (discovery metadata, the JWK Set), answered with a strong
 * {@code ETag} and {@code Cache-Control}; a {@code GET} whose {@code If-None-Match} names the current tag
 * gets {@code 304 Not Modified} without a body (RFC 9110 §8.8.3, §13.1.2, §15.4.5).
 */
public final class StaticDocument {
  private final String body;
  private final String contentType;
  private final String cacheControl;
  private final String etag;

  public StaticDocument(String body, String contentType, String cacheControl) {
    this.body = body;
    this.contentType = contentType;
    this.cacheControl = cacheControl;
    this.etag = tagOf(body);
  }

  /** The document this was made from (to tell whether a re-serialised one differs). */
  public String body() {
    return body;
  }

  /** The strong entity tag, quoted. */
  public String etag() {
    return etag;
  }

  /** 200 with the document, or 304 when the client's {@code If-None-Match} matches; CORS open to any origin. */
  public HTTPResponse answer(HTTPRequest request) {
    HTTPResponse r;
    if (matches(request.getHeaderValue("If-None-Match"))) {
      r = new HTTPResponse(304);
    } else {
      r = new HTTPResponse(200);
      r.setHeader("Content-Type", contentType);
      r.setBody(body);
    }
    r.setHeader("ETag", etag);
    r.setHeader("Cache-Control", cacheControl);
    r.setHeader("Access-Control-Allow-Origin", "*");
    return r;
  }

  /**
   * RFC 9110 §13.1.2: {@code *} or a comma-separated list of entity tags, compared weakly (a {@code W/}
   * prefix is ignored). A malformed header simply does not match.
   */
  private boolean matches(String ifNoneMatch) {
    if (ifNoneMatch == null || ifNoneMatch.length() > 4096) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*")) {
        return true;
      }
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  /** The strong entity tag of a representation, quoted: the base64url SHA-256 of its text. */
  public static String tagOf(String representation) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(representation.getBytes(StandardCharsets.UTF_8));
      return '"' + Base64.getUrlEncoder().withoutPadding().encodeToString(digest) + '"';
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
