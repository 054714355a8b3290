package dev.ssokit.internal.http;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.spi.Client;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * CORS for browser-based clients (SPAs) at the token, revocation and UserInfo endpoints: the
 * response may be read by a page whose origin is the origin of one of the client's registered
 * redirect URIs, and by no other. Credentials (cookies) are never allowed cross-origin.
 */
public final class Cors {
  /** {@code Access-Control-Max-Age} of an accepted preflight: browsers cap it at 2 h (Chromium) anyway. */
  static final String PREFLIGHT_MAX_AGE = "600";

  private Cors() {}

  /** Which origins may read an endpoint's answers from a page's script. */
  public enum Policy {
    /** None: the endpoint is navigated to or called server-to-server (authorize, logout, introspection). */
    NONE,
    /** Any origin, without credentials: public metadata and bearer-token-only endpoints. */
    ANY_ORIGIN,
    /** The origins of registered clients' redirect URIs; the answer itself then checks the client. */
    CLIENT_ORIGINS
  }

  /**
   * The headers answering a CORS preflight (Fetch Standard §3.2.2), or an empty map when
   * {@code origin} may not read the endpoint: without {@code Access-Control-Allow-Origin} the
   * browser does not send the request at all.
   *
   * @param registeredOrigin whether an origin is the origin of some client's redirect URI
   */
  public static Map<String, String> preflight(Policy policy, String origin, String requestMethod,
                                              Predicate<String> registeredOrigin) {
    if (origin == null || requestMethod == null) {
      return Map.of();
    }
    String methods = switch (policy) {
      case NONE -> null;
      case ANY_ORIGIN -> "GET, POST";
      case CLIENT_ORIGINS -> registeredOrigin.test(origin) ? "POST" : null;
    };
    if (methods == null || !methods.contains(requestMethod)) {
      return Map.of();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Access-Control-Allow-Origin", policy == Policy.ANY_ORIGIN ? "*" : origin);
    headers.put("Access-Control-Allow-Methods", methods);
    // RFC 9449: a browser client sends its proof in DPoP and reads new nonces from DPoP-Nonce
    headers.put("Access-Control-Allow-Headers", "Authorization, Content-Type, DPoP");
    headers.put("Access-Control-Max-Age", PREFLIGHT_MAX_AGE);
    return headers;
  }

  /** Adds {@code Access-Control-Allow-Origin} when the request's Origin belongs to {@code client}. */
  public static HTTPResponse allowClientOrigin(HTTPRequest request, HTTPResponse response, Client client) {
    String origin = request.getHeaderValue("Origin");
    if (origin == null || client == null) {
      return response;
    }
    for (URI redirect : client.redirectUris()) {
      if (origin.equals(originOf(redirect))) {
        response.setHeader("Access-Control-Allow-Origin", origin);
        response.setHeader("Access-Control-Expose-Headers", "WWW-Authenticate, DPoP-Nonce");
        Responses.addHeader(response, "Vary", "Origin");
        return response;
      }
    }
    return response;
  }

  /** RFC 6454 serialisation: scheme://host[:port], the port only when not the scheme's default. */
  public static String originOf(URI uri) {
    if (uri.getScheme() == null || uri.getHost() == null) {
      return null;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
  }
}
