package dev.ssokit.internal.page;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheResolver;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.token.OpaqueToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders the built-in pages (login, consent, logout, error, form_post) from logic-less Mustache
 * templates; a template of the same name in the configured directory overrides the built-in one.
 *
 * <p>IMPORTANT: every page is sent with {@code frame-ancestors 'none'}, no caching, and a CSP that
 * allows no external asset; scripts run only with the per-response nonce.
 */
public final class PageRenderer {
  private static final String CLASSPATH_DIR = "/dev/ssokit/pages/";

  private final DefaultMustacheFactory factory;
  private final Map<String, Mustache> compiled = new ConcurrentHashMap<>();

  public PageRenderer(Path overrides) {
    MustacheResolver resolver = name -> open(overrides, name);
    this.factory = new DefaultMustacheFactory(resolver);
  }

  private static Reader open(Path overrides, String name) {
    try {
      if (overrides != null) {
        Path file = overrides.resolve(name).normalize();
        if (file.startsWith(overrides) && Files.isRegularFile(file)) {
          return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        }
      }
      InputStream in = PageRenderer.class.getResourceAsStream(CLASSPATH_DIR + name);
      return in == null ? null : new InputStreamReader(in, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read page template " + name, e);
    }
  }

  /**
   * Renders {@code template} ({@code login}, {@code consent}, ...) with {@code model}.
   *
   * @param formAction extra origin forms may post to (form_post to a client), or {@code null}
   */
  public HTTPResponse render(int status, String template, Map<String, ?> model, String formAction) {
    return render(status, template, model, formAction, java.util.List.of());
  }

  /**
   * Like {@link #render(int, String, Map, String)}, for a page that embeds iframes from
   * {@code frameSources} (CSP source expressions, see {@link #cspSource}), e.g. Front-Channel Logout.
   */
  public HTTPResponse render(int status, String template, Map<String, ?> model, String formAction,
                             java.util.Collection<String> frameSources) {
    String nonce = OpaqueToken.generate().substring(0, 22);
    Map<String, Object> scope = new HashMap<>(model);
    scope.put("cspNonce", nonce);
    StringWriter out = new StringWriter();
    compiled.computeIfAbsent(template + ".mustache", factory::compile).execute(out, scope);
    HTTPResponse r = new HTTPResponse(status);
    r.setHeader("Content-Type", "text/html; charset=UTF-8");
    r.setHeader("Cache-Control", "no-store");
    r.setHeader("Pragma", "no-cache");
    r.setHeader("X-Frame-Options", "DENY");
    r.setHeader("X-Content-Type-Options", "nosniff");
    r.setHeader("Referrer-Policy", "no-referrer");
    r.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    r.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'nonce-" + nonce + "'; script-src 'nonce-"
        + nonce + "'; img-src data:; form-action 'self'" + (formAction == null ? "" : " " + formAction)
        + (frameSources.isEmpty() ? "" : "; frame-src " + String.join(" ", new java.util.TreeSet<>(frameSources)))
        + "; frame-ancestors 'none'; base-uri 'none'");
    r.setBody(out.toString());
    return r;
  }

  /**
   * The CSP source that lets a page's form lead to {@code target}: its origin for http(s), its scheme
   * for a native app's private-use scheme (CSP3 §6.3.1 source expressions).
   */
  public static String cspSource(java.net.URI target) {
    String scheme = target.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (("http".equals(scheme) || "https".equals(scheme)) && target.getRawAuthority() != null) {
      return scheme + "://" + target.getRawAuthority();
    }
    return scheme + ":";
  }

  /** The error page, for failures that must not be redirected to an untrusted URI. */
  public HTTPResponse error(int status, String title, String message) {
    return render(status, "error", Map.of("title", title, "message", message), null);
  }
}
