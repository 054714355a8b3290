package dev.ssokit.internal.page;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheResolver;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.SsoSettings;
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
import java.net.URI;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Renders the built-in pages (login, consent, logout, error, form_post) from logic-less Mustache
 * templates; a template of the same name in the configured directory overrides the built-in one.
 * Every page's scope holds the text lambda {@code {{#t}}key{{/t}}} (the key's text in the page's
 * language, see {@link PageMessages}, its {@code {name}} placeholders filled from the page's model),
 * {@code lang} (BCP 47 tag for {@code <html lang>}) and the branding settings.
 *
 * <p>IMPORTANT: every page is sent with {@code frame-ancestors 'none'}, no caching, and a CSP that
 * allows no external asset but the configured logo and stylesheet; scripts run only with the
 * per-response nonce.
 */
public final class PageRenderer {
  static final String CLASSPATH_DIR = "/dev/ssokit/pages/";

  private final DefaultMustacheFactory factory;
  private final Map<String, Mustache> compiled = new ConcurrentHashMap<>();
  private final PageMessages messages;
  private final Map<String, Object> branding;
  private final String imageSources;
  private final String styleSources;
  private final String fontSources;

  public PageRenderer(SsoSettings settings) {
    Path overrides = settings.templateDirectory();
    MustacheResolver resolver = name -> open(overrides, name);
    this.factory = new DefaultMustacheFactory(resolver);
    this.messages = new PageMessages(overrides, settings.defaultLocale());
    Map<String, Object> brand = new HashMap<>();
    brand.put("productName", settings.productName());
    brand.put("primaryColor", settings.primaryColor());
    if (settings.logoUrl() != null) {
      brand.put("logoUrl", settings.logoUrl().toString());
    }
    if (settings.stylesheetUrl() != null) {
      brand.put("stylesheetUrl", settings.stylesheetUrl().toString());
    }
    this.branding = Map.copyOf(brand);
    // CSP3 §6.7.2.9: a source with a path allows exactly that file; query and fragment are not part of it
    this.imageSources = "data:" + (settings.logoUrl() == null ? "" : " " + exactSource(settings.logoUrl()));
    this.styleSources = settings.stylesheetUrl() == null ? "" : " " + exactSource(settings.stylesheetUrl());
    // a brand stylesheet commonly loads its web fonts from its own origin
    this.fontSources = settings.stylesheetUrl() == null ? "" : "; font-src " + cspSource(settings.stylesheetUrl());
  }

  private static String exactSource(URI url) {
    return url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getRawAuthority() + url.getRawPath();
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

  /** The page texts of every language. */
  public PageMessages messages() {
    return messages;
  }

  /**
   * The language of a page answering {@code request}: {@code uiLocales} (the OIDC parameter of the
   * authorization or logout request, or {@code null}), then {@code Accept-Language}, then the default.
   */
  public Locale locale(HTTPRequest request, String uiLocales) {
    return messages.resolve(uiLocales, request == null ? null : request.getHeaderValue("Accept-Language"));
  }

  /**
   * Renders {@code template} ({@code login}, {@code consent}, ...) in {@code locale} with {@code model}.
   *
   * @param formAction extra origin forms may post to (form_post to a client), or {@code null}
   */
  public HTTPResponse render(Locale locale, int status, String template, Map<String, ?> model, String formAction) {
    return render(locale, status, template, model, formAction, List.of());
  }

  /**
   * Like {@link #render(Locale, int, String, Map, String)}, for a page that embeds iframes from
   * {@code frameSources} (CSP source expressions, see {@link #cspSource}), e.g. Front-Channel Logout.
   */
  public HTTPResponse render(Locale locale, int status, String template, Map<String, ?> model, String formAction,
                             Collection<String> frameSources) {
    String nonce = OpaqueToken.generate().substring(0, 22);
    Map<String, Object> scope = new HashMap<>(branding);
    scope.putAll(model);
    scope.put("cspNonce", nonce);
    scope.put("lang", locale.toLanguageTag());
    Function<String, String> t = key -> messages.format(locale, key.trim(), scope, PageRenderer::escapeHtml);
    scope.put("t", t);
    StringWriter out = new StringWriter();
    compiled.computeIfAbsent(template + ".mustache", factory::compile).execute(out, scope);
    HTTPResponse r = new HTTPResponse(status);
    r.setHeader("Content-Type", "text/html; charset=UTF-8");
    r.setHeader("Content-Language", locale.toLanguageTag());
    r.setHeader("Cache-Control", "no-store");
    r.setHeader("Pragma", "no-cache");
    r.setHeader("X-Frame-Options", "DENY");
    r.setHeader("X-Content-Type-Options", "nosniff");
    r.setHeader("Referrer-Policy", "no-referrer");
    r.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    r.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'nonce-" + nonce + "'" + styleSources
        + "; script-src 'nonce-" + nonce + "'; img-src " + imageSources + fontSources
        + "; form-action 'self'" + (formAction == null ? "" : " " + formAction)
        + (frameSources.isEmpty() ? "" : "; frame-src " + String.join(" ", new TreeSet<>(frameSources)))
        + "; frame-ancestors 'none'; base-uri 'none'");
    r.setBody(out.toString());
    return r;
  }

  /**
   * The CSP source that lets a page's form lead to {@code target}: its origin for http(s), its scheme
   * for a native app's private-use scheme (CSP3 §6.3.1 source expressions).
   */
  public static String cspSource(URI target) {
    String scheme = target.getScheme().toLowerCase(Locale.ROOT);
    if (("http".equals(scheme) || "https".equals(scheme)) && target.getRawAuthority() != null) {
      return scheme + "://" + target.getRawAuthority();
    }
    return scheme + ":";
  }

  /**
   * The error page, for failures that must not be redirected to an untrusted URI: the bundles' title
   * {@code error.title.<title>} and text {@code error.text.<text>}, {@code args} filling the text's
   * placeholders.
   */
  public HTTPResponse error(Locale locale, int status, String title, String text, Map<String, ?> args) {
    return render(locale, status, "error", Map.of(
        "title", messages.text(locale, "error.title." + title, args),
        "message", messages.text(locale, "error.text." + text, args)), null);
  }

  /** {@link #error(Locale, int, String, String, Map)} for a text without placeholders. */
  public HTTPResponse error(Locale locale, int status, String title, String text) {
    return error(locale, status, title, text, Map.of());
  }

  /** HTML-escapes a placeholder value: the characters that could end text or an attribute value. */
  public static String escapeHtml(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
