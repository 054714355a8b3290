package dev.ssokit.internal.http;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reading the {@code Cookie} header and writing {@code Set-Cookie} values (RFC 6265).
 *
 * <p>IMPORTANT: secure cookies carry a name prefix (RFC 6265bis §4.1.3): {@code __Host-} when the
 * issuer has no path (the browser then refuses the cookie from a sibling or parent domain, or
 * without {@code Secure} and {@code Path=/}), {@code __Secure-} when it has one.
 */
public final class Cookies {
  private final String path;
  private final boolean secure;
  private final String prefix;

  public Cookies(String path, boolean secure) {
    this.path = path.isEmpty() ? "/" : path;
    this.secure = secure;
    this.prefix = !secure ? "" : this.path.equals("/") ? "__Host-" : "__Secure-";
  }

  /** The name a cookie called {@code base} goes by: with the prefix its attributes allow. */
  public String name(String base) {
    return prefix + base;
  }

  /**
   * The value of cookie {@code name}, if the request carries it exactly once. Two cookies of one name
   * mean one was set by someone else (a sibling domain, an http page): neither is trusted, so that no
   * attacker's cookie can pick the session (login CSRF into the attacker's account).
   */
  public static Optional<String> read(HTTPRequest request, String name) {
    List<String> headers = request.getHeaderValues("Cookie");
    if (headers == null) {
      return Optional.empty();
    }
    String found = null;
    int count = 0;
    for (String header : headers) {
      for (String pair : header.split(";")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
          count++;
          String value = pair.substring(eq + 1).trim();
          // RFC 6265 §4.1.1: cookie-value may be wrapped in DQUOTEs (Java's CookieManager and some proxies do so).
          if (value.length() >= 2 && value.charAt(0) == '"' && value.charAt(value.length() - 1) == '"') {
            value = value.substring(1, value.length() - 1);
          }
          found = value;
        }
      }
    }
    return count == 1 && !found.isEmpty() ? Optional.of(found) : Optional.empty();
  }

  /** A cookie that expires after {@code maxAge}: HttpOnly, SameSite=Lax, Secure on https. */
  public String set(String name, String value, Duration maxAge) {
    return name + '=' + value + "; Path=" + path + "; Max-Age=" + maxAge.getSeconds() + "; HttpOnly; SameSite=Lax"
        + (secure ? "; Secure" : "");
  }

  /**
   * A browser-session cookie (no {@code Max-Age}): gone when the browser closes, so a shared computer
   * does not keep the user signed in; the server still ends the session at its idle or absolute end.
   */
  public String setForBrowserSession(String name, String value) {
    return name + '=' + value + "; Path=" + path + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
  }

  public String clear(String name) {
    return name + "=; Path=" + path + "; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
  }
}
