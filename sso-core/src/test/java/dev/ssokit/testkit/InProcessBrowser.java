package dev.ssokit.testkit;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.SsoProvider;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A browser without HTTP: sends GET requests straight to {@link SsoProvider#handle} and keeps the
 * cookies the provider sets, as a browser would (plain {@code name=value}, no RFC 2965 quoting).
 */
public final class InProcessBrowser {
  private final SsoProvider provider;
  private final Map<String, String> cookies = new LinkedHashMap<>();

  public InProcessBrowser(SsoProvider provider) {
    this.provider = provider;
  }

  /** Cookies held now, by name. */
  public Map<String, String> cookies() {
    return cookies;
  }

  public HTTPResponse get(String url) throws Exception {
    return send(new HTTPRequest(HTTPRequest.Method.GET, URI.create(url).toURL()));
  }

  /** Posts an HTML form ({@code application/x-www-form-urlencoded}). */
  public HTTPResponse post(String url, Map<String, String> form) throws Exception {
    HTTPRequest req = new HTTPRequest(HTTPRequest.Method.POST, URI.create(url).toURL());
    req.setHeader("Content-Type", "application/x-www-form-urlencoded");
    req.setBody(String.join("&", form.entrySet().stream()
        .map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8))
        .toList()));
    return send(req);
  }

  /** The value of hidden form field {@code name} in an HTML page. */
  public static String field(String html, String name) {
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    if (!m.find()) {
      throw new AssertionError("no field " + name + " in page");
    }
    return m.group(1);
  }

  private HTTPResponse send(HTTPRequest req) {
    sendCookies(cookies, req);
    HTTPResponse res = provider.handle(req);
    keepCookies(cookies, res);
    return res;
  }

  /**
   * Sets {@code req}'s {@code Cookie} header to the cookies of {@code jar} (name to value), when it holds any.
   *
   * @param jar the cookies held
   * @param req the request about to be sent
   */
  public static void sendCookies(Map<String, String> jar, HTTPRequest req) {
    if (!jar.isEmpty()) {
      req.setHeader("Cookie", String.join("; ",
          jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
    }
  }

  /**
   * Keeps in {@code jar} (name to value) the cookies {@code res} sets, as a browser does: a cookie set with an
   * empty value or {@code Max-Age=0} is removed.
   *
   * @param jar the cookies held
   * @param res the provider's answer
   */
  public static void keepCookies(Map<String, String> jar, HTTPResponse res) {
    List<String> set = res.getHeaderValues("Set-Cookie");
    if (set != null) {
      for (String c : set) {
        String pair = c.split(";")[0];
        String name = pair.substring(0, pair.indexOf('='));
        String value = pair.substring(pair.indexOf('=') + 1);
        if (value.isEmpty() || c.contains("Max-Age=0")) {
          jar.remove(name);
        } else {
          jar.put(name, value);
        }
      }
    }
  }
}
