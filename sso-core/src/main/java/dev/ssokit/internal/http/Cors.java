package dev.ssokit.internal.http;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.spi.Client;
import java.net.URI;
import java.util.Locale;

/**
 * CORS for browser-based clients (SPAs) at the token, revocation and UserInfo endpoints: the
 * response may be read by a page whose origin is the origin of one of the client's registered
 * redirect URIs, and by no other. Credentials (cookies) are never allowed cross-origin.
 */
public final class Cors {
  private Cors() {}

  /** Adds {@code Access-Control-Allow-Origin} when the request's Origin belongs to {@code client}. */
  public static HTTPResponse allowClientOrigin(HTTPRequest request, HTTPResponse response, Client client) {
    String origin = request.getHeaderValue("Origin");
    if (origin == null || client == null) {
      return response;
    }
    for (URI redirect : client.redirectUris()) {
      if (origin.equals(originOf(redirect))) {
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.setHeader("Access-Control-Expose-Headers", "WWW-Authenticate");
        Responses.addHeader(response, "Vary", "Origin");
        return response;
      }
    }
    return response;
  }

  /** RFC 6454 serialisation: scheme://host[:port], the port only when not the scheme's default. */
  static String originOf(URI uri) {
    if (uri.getScheme() == null || uri.getHost() == null) {
      return null;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
  }
}
