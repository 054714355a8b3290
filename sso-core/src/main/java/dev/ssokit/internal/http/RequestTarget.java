package dev.ssokit.internal.http;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The request target (RFC 9112 §3.2) as {@code java.net.URI} accepts it. Browsers send some
 * characters RFC 3986 does not allow in a query unencoded ({@code | { } ^ \ `} and others, WHATWG
 * URL "query percent-encode set"); Nimbus' parsers call {@code HTTPRequest.getURI()}, which throws
 * on them. They are percent-encoded here, as an RFC 3986 parser in a browser would; only a broken
 * percent-encoding ({@code %} not followed by two hex digits) is refused.
 *
 * <p>IMPORTANT: error messages never contain the query: it may hold tokens and codes.
 */
public final class RequestTarget {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private RequestTarget() {}

  /**
   * {@code request} itself when its URL is a valid URI, else a copy whose query and path are
   * percent-encoded where RFC 3986 requires it.
   *
   * @throws Parameters.BadRequest when the URL carries a malformed percent-encoding
   */
  public static HTTPRequest parseable(HTTPRequest request) {
    URL url = request.getURL();
    try {
      url.toURI();
      return request;
    } catch (URISyntaxException e) {
      // rebuilt below; the message names the whole URL and is not kept
    }
    String path = encode(url.getPath() == null ? "" : url.getPath(), false);
    String query = url.getQuery() == null ? null : encode(url.getQuery(), true);
    HTTPRequest copy;
    try {
      URI target = new URI(url.getProtocol() + "://" + url.getAuthority() + path + (query == null ? "" : "?" + query));
      copy = new HTTPRequest(request.getMethod(), target.toURL());
    } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
      throw new Parameters.BadRequest("malformed request URL");
    }
    for (Map.Entry<String, List<String>> header : request.getHeaderMap().entrySet()) {
      copy.setHeader(header.getKey(), header.getValue().toArray(new String[0]));
    }
    copy.setBody(request.getBody());
    copy.setClientIPAddress(request.getClientIPAddress());
    copy.setClientX509Certificate(request.getClientX509Certificate());
    copy.setClientX509CertificateSubjectDN(request.getClientX509CertificateSubjectDN());
    copy.setClientX509CertificateRootDN(request.getClientX509CertificateRootDN());
    return copy;
  }

  /**
   * Percent-encodes (as UTF-8) every character RFC 3986 §3.3 / §3.4 does not allow in a path or a
   * query; keeps valid {@code %XX} triplets as they are.
   */
  static String encode(String raw, boolean query) {
    StringBuilder out = new StringBuilder(raw.length() + 16);
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length() || !isHex(raw.charAt(i + 1)) || !isHex(raw.charAt(i + 2))) {
          throw new Parameters.BadRequest(query ? "malformed percent-encoding in the query"
              : "malformed percent-encoding in the path");
        }
        out.append(c);
      } else if (allowed(c, query)) {
        out.append(c);
      } else {
        int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
        for (byte b : raw.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
        }
        i = end - 1;
      }
    }
    return out.toString();
  }

  // RFC 3986 §3.3 pchar = unreserved / pct-encoded / sub-delims / ":" / "@"; §3.4 query adds "/" and "?"
  private static boolean allowed(char c, boolean query) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return true;
    }
    return "-._~!$&'()*+,;=:@/".indexOf(c) >= 0 || (query && c == '?');
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
