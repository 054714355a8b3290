package dev.ssokit.internal.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The client id of an HTTP Basic {@code Authorization} header (RFC 6749 §2.3.1: form-encoded, then
 * RFC 7617), read without checking the secret: what the abuse limits and the token metrics key on.
 * Authentication itself parses the header with the OAuth library; this reading only spares the
 * requests that pass a second, slower parse (the library decodes base64 in constant time, meant for keys).
 */
public final class BasicCredentials {
  private BasicCredentials() {}

  /**
   * The client id in {@code authorization}.
   *
   * @param authorization the header's value, possibly null
   * @return the client id; {@code null} when the header is no Basic credential or cannot be decoded
   */
  public static String clientId(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
          StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        return null;
      }
      return URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null; // not base64, or a malformed %-escape: the endpoint answers invalid_client itself
    }
  }
}
