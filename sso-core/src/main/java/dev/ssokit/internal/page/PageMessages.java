package dev.ssokit.internal.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The texts of the built-in pages, one {@code messages[_<language>[_<COUNTRY>]].properties} bundle
 * (UTF-8) per language: {@code messages.properties} is English and the fallback of every key. The
 * languages shipped next to the templates are {@link #SHIPPED}; a bundle in the template directory
 * adds its language or overrides single keys of a shipped one.
 *
 * <p>Placeholders are named: {@code {clientName}} is replaced by the argument of that name;
 * apostrophes need no escaping (no {@link java.text.MessageFormat} rules for translators).
 *
 * <p>IMPORTANT: message texts are trusted like templates (they may hold simple markup such as
 * {@code <strong>}); only placeholder values are escaped when a template shows a text.
 */
public final class PageMessages {
  static final String BUNDLE = "messages";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");
  private static final Pattern FILE = Pattern.compile(BUNDLE + "_([a-z]{2,3}(?:_[A-Z]{2})?)\\.properties");
  /** Accept-Language and ui_locales longer than this are ignored: bounded parsing cost per request. */
  static final int MAX_PREFERENCE_LENGTH = 512;

  /**
   * The bundles shipped beside {@code messages.properties}, by the suffix of their file name. Named here
   * rather than found by probing each of the JDK's locales for a file, which cost about 230 ms of every
   * start (the locale data's initialisation and 727 class-path lookups); {@code PageMessagesTest} checks the
   * list against the files.
   */
  static final List<String> SHIPPED = List.of("de", "es", "fr", "pt_BR");

  private final Map<Locale, Map<String, String>> texts = new HashMap<>();
  private final List<Locale> supported;
  private final Locale defaultLocale;

  /**
   * @param overrides     template directory whose bundles add languages or override keys, or {@code null}
   * @param defaultLocale language of a request that names none supported
   * @throws IllegalArgumentException if no bundle supports {@code defaultLocale}
   */
  public PageMessages(Path overrides, Locale defaultLocale) {
    Set<Locale> found = new LinkedHashSet<>();
    found.add(Locale.ENGLISH);
    SHIPPED.forEach(suffix -> found.add(Locale.forLanguageTag(suffix.replace('_', '-'))));
    if (overrides != null && Files.isDirectory(overrides)) {
      try (Stream<Path> files = Files.list(overrides)) {
        files.map(p -> FILE.matcher(p.getFileName().toString())).filter(Matcher::matches)
            .map(m -> Locale.forLanguageTag(m.group(1).replace('_', '-'))).forEach(found::add);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list the template directory " + overrides, e);
      }
    }
    List<Locale> list = new ArrayList<>(found);
    list.sort(Comparator.comparing(Locale::toLanguageTag));
    this.supported = List.copyOf(list);
    Map<String, String> base = load(overrides, BUNDLE + ".properties", Map.of());
    for (Locale l : supported) {
      Map<String, String> merged = load(overrides, fileName(Locale.forLanguageTag(l.getLanguage())), base);
      if (!l.getCountry().isEmpty()) {
        merged = load(overrides, fileName(l), merged);
      }
      texts.put(l, merged);
    }
    Locale chosen = Locale.lookup(Locale.LanguageRange.parse(defaultLocale.toLanguageTag()), supported);
    if (chosen == null) {
      throw new IllegalArgumentException("defaultLocale: no messages bundle for " + defaultLocale.toLanguageTag()
          + "; supported: " + supported.stream().map(Locale::toLanguageTag).toList());
    }
    this.defaultLocale = chosen;
  }

  private static String fileName(Locale l) {
    return BUNDLE + "_" + l.getLanguage() + (l.getCountry().isEmpty() ? "" : "_" + l.getCountry()) + ".properties";
  }

  /** {@code under} with the keys of the class-path bundle {@code name}, then of the template directory's. */
  private static Map<String, String> load(Path overrides, String name, Map<String, String> under) {
    Map<String, String> m = new HashMap<>(under);
    try (InputStream in = PageMessages.class.getResourceAsStream(PageRenderer.CLASSPATH_DIR + name)) {
      if (in != null) {
        read(new InputStreamReader(in, StandardCharsets.UTF_8), m);
      }
      Path file = overrides == null ? null : overrides.resolve(name);
      if (file != null && Files.isRegularFile(file)) {
        read(Files.newBufferedReader(file, StandardCharsets.UTF_8), m);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read page messages " + name, e);
    }
    return Map.copyOf(m);
  }

  private static void read(Reader reader, Map<String, String> into) throws IOException {
    try (reader) {
      Properties p = new Properties();
      p.load(reader);
      p.stringPropertyNames().forEach(k -> into.put(k, p.getProperty(k)));
    }
  }

  /** The languages with a bundle, {@code en} (the base bundle) included. */
  public List<Locale> supported() {
    return supported;
  }

  public Locale defaultLocale() {
    return defaultLocale;
  }

  /**
   * The language of a page: the first of the OIDC {@code ui_locales} (space-separated BCP 47 tags in
   * order of preference, OIDC Core §3.1.2.1) that is supported, else the best of the
   * {@code Accept-Language} header (RFC 9110 §12.5.4), else the default. A tag matches its language's
   * bundle ({@code de-CH} → {@code de}), and a bare language a regional one ({@code pt} → {@code pt-BR}).
   */
  public Locale resolve(String uiLocales, String acceptLanguage) {
    if (uiLocales != null && uiLocales.length() <= MAX_PREFERENCE_LENGTH) {
      for (String tag : uiLocales.trim().split("\\s+")) {
        Locale l = match(tag);
        if (l != null) {
          return l;
        }
      }
    }
    if (acceptLanguage != null && acceptLanguage.length() <= MAX_PREFERENCE_LENGTH) {
      Locale l = match(acceptLanguage);
      if (l != null) {
        return l;
      }
    }
    return defaultLocale;
  }

  /** The supported locale best matching a language-range list, or {@code null} (also when it is malformed). */
  private Locale match(String ranges) {
    List<Locale.LanguageRange> parsed;
    try {
      parsed = Locale.LanguageRange.parse(ranges);
    } catch (IllegalArgumentException malformed) {
      // a malformed preference is no preference: the next source decides
      return null;
    }
    // highest weight first (LanguageRange.parse sorts so); each range tries its exact language, then a regional one
    for (Locale.LanguageRange range : parsed) {
      if (range.getWeight() == 0) {
        continue;
      }
      List<Locale.LanguageRange> one = List.of(range);
      Locale exact = Locale.lookup(one, supported);
      if (exact != null) {
        return exact;
      }
      List<Locale> broader = Locale.filter(one, supported);
      if (!broader.isEmpty()) {
        return broader.get(0);
      }
    }
    return null;
  }

  /** The raw text of {@code key} in {@code locale} (English where the bundle lacks it), or the key itself. */
  public String raw(Locale locale, String key) {
    Map<String, String> m = texts.getOrDefault(locale, texts.get(defaultLocale));
    String text = m.get(key);
    return text != null ? text : key;
  }

  /**
   * The text of {@code key} with its placeholders replaced by {@code args} (each value through
   * {@code escape}); a placeholder without argument stays as written.
   */
  public String format(Locale locale, String key, Map<String, ?> args, java.util.function.UnaryOperator<String> escape) {
    String text = raw(locale, key);
    if (text.indexOf('{') < 0) {
      return text;
    }
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 32);
    while (m.find()) {
      Object value = args.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : escape.apply(String.valueOf(value))));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** {@link #format} for plain text (an error page's title and message, which the template escapes). */
  public String text(Locale locale, String key, Map<String, ?> args) {
    return format(locale, key, args, s -> s);
  }
}
