package dev.ssokit.servlet;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A minimal browser: keeps cookies, never follows redirects on its own (tests step through them),
 * reads the hidden fields and action of the provider's HTML forms and posts them.
 */
final class Browser {
  private static final Pattern INPUT = Pattern.compile("<input\\s+type=\"hidden\"\\s+name=\"([^\"]*)\"\\s+value=\"([^\"]*)\"");
  private static final Pattern ACTION = Pattern.compile("<form[^>]*\\saction=\"([^\"]*)\"");

  private final String issuer;
  private final CookieManager cookies = new Rfc6265CookieManager();
  private final HttpClient http;

  Browser(String issuer) {
    this.issuer = issuer;
    this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(10)).build();
  }

  HttpResponse<String> get(URI uri) {
    return send(HttpRequest.newBuilder(uri).GET());
  }

  HttpResponse<String> post(URI uri, Map<String, String> form) {
    return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(formBody(form))));
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Follows redirects while they stay on the provider; answers the last response (a page or a redirect away). */
  HttpResponse<String> followOnProvider(HttpResponse<String> response) {
    HttpResponse<String> current = response;
    for (int i = 0; i < 10; i++) {
      Optional<URI> next = location(current);
      if (next.isEmpty() || !next.get().toString().startsWith(issuer + "/")) {
        return current;
      }
      current = get(next.get());
    }
    throw new AssertionError("redirect loop at " + current.uri());
  }

  /** Starts at {@code uri} and follows the provider's redirects. */
  HttpResponse<String> open(URI uri) {
    return followOnProvider(get(uri));
  }

  /** Submits the (single) form of an HTML page with its hidden fields plus {@code fields}; follows provider redirects. */
  HttpResponse<String> submit(HttpResponse<String> page, Map<String, String> fields) {
    Map<String, String> form = new LinkedHashMap<>(hiddenFields(page.body()));
    form.putAll(fields);
    return followOnProvider(post(formAction(page), form));
  }

  /** Logs in on a login page and allows on the consent page if one follows. */
  HttpResponse<String> loginAndConsent(HttpResponse<String> loginPage, String username, String password) {
    HttpResponse<String> next = submit(loginPage, Map.of("username", username, "password", password));
    return isConsentPage(next) ? submit(next, Map.of("decision", "allow")) : next;
  }

  static URI formAction(HttpResponse<String> page) {
    Matcher m = ACTION.matcher(page.body());
    if (!m.find()) {
      throw new AssertionError("no form on page " + page.uri() + ": " + page.body());
    }
    return page.uri().resolve(unescape(m.group(1)));
  }

  static Map<String, String> hiddenFields(String html) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher m = INPUT.matcher(html);
    while (m.find()) {
      fields.put(unescape(m.group(1)), unescape(m.group(2)));
    }
    return fields;
  }

  static boolean isLoginPage(HttpResponse<String> r) {
    return r.statusCode() == 200 && r.body().contains("name=\"password\"");
  }

  static boolean isConsentPage(HttpResponse<String> r) {
    return r.statusCode() == 200 && r.body().contains("name=\"decision\"");
  }

  static Optional<URI> location(HttpResponse<String> r) {
    return r.headers().firstValue("Location").map(l -> r.uri().resolve(l));
  }

  /** The query parameters of the redirect {@code r} answers with. */
  static Map<String, String> redirectParams(HttpResponse<String> r) {
    URI to = location(r).orElseThrow(() -> new AssertionError("no redirect: " + r.statusCode() + " " + r.body()));
    return query(to);
  }

  static Map<String, String> query(URI uri) {
    Map<String, String> out = new LinkedHashMap<>();
    if (uri.getRawQuery() == null) {
      return out;
    }
    for (String pair : uri.getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }

  Optional<String> cookie(String name) {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
        .map(HttpCookie::getValue).filter(v -> !v.isEmpty()).findFirst();
  }

  void clearCookies() {
    cookies.getCookieStore().removeAll();
  }

  /**
   * The JDK's CookieManager answers cookies set with Max-Age in the obsolete RFC 2965 syntax
   * ({@code $Version="1", name="value"}); browsers send RFC 6265 {@code name=value}, and so does this.
   */
  private static final class Rfc6265CookieManager extends CookieManager {
    Rfc6265CookieManager() {
      super(null, CookiePolicy.ACCEPT_ALL);
    }

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
      String header = getCookieStore().get(uri).stream().filter(c -> !c.hasExpired())
          .map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; "));
      return header.isEmpty() ? Map.of() : Map.of("Cookie", List.of(header));
    }
  }

  static String formBody(Map<String, String> form) {
    return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
  }

  private static String unescape(String html) {
    return html.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
        .replace("&#61;", "=").replace("&#96;", "`").replace("&#x3D;", "=").replace("&#x2F;", "/").replace("&#x27;", "'")
        .replace("&amp;", "&");
  }
}
