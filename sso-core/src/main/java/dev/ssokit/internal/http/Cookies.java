package dev.ssokit.internal.http;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reading the {@code Cookie} header and writing {@code Set-Cookie} values (RFC 6265). */
public final class Cookies {
  private final String path;
  private final boolean secure;

  public Cookies(String path, boolean secure) {
    this.path = path.isEmpty() ? "/" : path;
    this.secure = secure;
  }

  /** The value of cookie {@code name}, if the request carries it. */
  public static Optional<String> read(HTTPRequest request, String name) {
    List<String> headers = request.getHeaderValues("Cookie");
    if (headers == null) {
      return Optional.empty();
    }
    for (String header : headers) {
      for (String pair : header.split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
          String value = pair.substring(eq + 1).trim();
          // RFC 6265 §4.1.1: cookie-value may be wrapped in DQUOTEs (Java's CookieManager and some proxies do so).
          if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
            value = value.substring(1, value.length() - 1);
          }
          if (!value.isEmpty()) {
            return Optional.of(value);
          }
        }
      }
    }
    return Optional.empty();
  }

  /** A session-scoped cookie: HttpOnly, SameSite=Lax, Secure on https. */
  public String set(String name, String value, Duration maxAge) {
    return name + '=' + value + "; Path=" + path + "; Max-Age=" + maxAge.getSeconds() + "; HttpOnly; SameSite=Lax"
        + (secure ? "; Secure" : "");
  }

  public String clear(String name) {
    return name + "=; Path=" + path + "; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
  }
}
