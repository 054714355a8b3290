package dev.ssokit.internal.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Page language: {@code ui_locales}, then {@code Accept-Language}, then the default; bundles complete. */
class PageMessagesTest {
  private final PageMessages messages = new PageMessages(null, Locale.ENGLISH);

  @Test
  void whenBundlesAreOnTheClassPathThenTheirLanguagesAreSupported() {
    assertThat(messages.supported().stream().map(Locale::toLanguageTag))
        .containsExactly("de", "en", "es", "fr", "pt-BR");
  }

  @Test
  void whenUiLocalesNamesASupportedLanguageThenItWinsOverAcceptLanguage() {
    assertThat(messages.resolve("de", "fr-FR,fr;q=0.9")).isEqualTo(Locale.GERMAN);
  }

  @Test
  void whenUiLocalesListsSeveralThenTheFirstSupportedOneWins() {
    assertThat(messages.resolve("ja it-IT es-MX fr", "de")).isEqualTo(Locale.forLanguageTag("es"));
  }

  @Test
  void whenUiLocalesNamesNoSupportedLanguageThenAcceptLanguageDecides() {
    assertThat(messages.resolve("ja", "ja;q=1, fr-CA;q=0.8, de;q=0.5")).isEqualTo(Locale.FRENCH);
  }

  @Test
  void whenNeitherNamesASupportedLanguageThenTheDefaultIsUsed() {
    assertThat(messages.resolve("ja", "zh-TW,ko;q=0.5")).isEqualTo(Locale.ENGLISH);
    assertThat(messages.resolve(null, null)).isEqualTo(Locale.ENGLISH);
    assertThat(new PageMessages(null, Locale.forLanguageTag("pt-BR")).resolve(null, "ja"))
        .isEqualTo(Locale.forLanguageTag("pt-BR"));
  }

  @Test
  void whenABareLanguageIsAskedForThenItsRegionalBundleAnswers() {
    assertThat(messages.resolve("pt", null)).isEqualTo(Locale.forLanguageTag("pt-BR"));
    assertThat(messages.resolve(null, "pt-PT,pt;q=0.9")).isEqualTo(Locale.forLanguageTag("pt-BR"));
    assertThat(messages.resolve("de-CH", null)).isEqualTo(Locale.GERMAN);
  }

  @Test
  void whenThePreferencesAreMalformedOrHugeThenTheyAreIgnored() {
    assertThat(messages.resolve("%%% ;;", "de;q=abc")).isEqualTo(Locale.ENGLISH);
    assertThat(messages.resolve(null, "fr,".repeat(300))).isEqualTo(Locale.ENGLISH);
    assertThat(messages.resolve("x".repeat(600), "es")).isEqualTo(Locale.forLanguageTag("es"));
  }

  @Test
  void whenTheDefaultHasNoBundleThenConstructionFailsNamingTheSetting() {
    assertThatThrownBy(() -> new PageMessages(null, Locale.JAPANESE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("defaultLocale:");
  }

  @Test
  void whenATextHasPlaceholdersThenTheyAreFilledAndEscapedAsAsked() {
    assertThat(messages.format(Locale.GERMAN, "login.subtitle", Map.of("clientName", "<b>&"),
        PageRenderer::escapeHtml)).isEqualTo("um mit <strong>&lt;b&gt;&amp;</strong> fortzufahren");
    assertThat(messages.text(Locale.FRENCH, "login.error.throttled_seconds", Map.of("seconds", 8)))
        .contains("pendant 8 secondes", "n'est pas bloqué");
  }

  @Test
  void whenTheTemplateDirectoryHasBundlesThenTheyAddALanguageAndOverrideKeys(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("messages_it.properties"), "login.heading=Accedi\n", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("messages_de.properties"), "login.heading=Einloggen bei Beispiel\n",
        StandardCharsets.UTF_8);

    PageMessages custom = new PageMessages(dir, Locale.ENGLISH);

    assertThat(custom.resolve("it", null)).isEqualTo(Locale.ITALIAN);
    assertThat(custom.raw(Locale.ITALIAN, "login.heading")).isEqualTo("Accedi");
    assertThat(custom.raw(Locale.ITALIAN, "login.password")).as("English fallback").isEqualTo("Password");
    assertThat(custom.raw(Locale.GERMAN, "login.heading")).isEqualTo("Einloggen bei Beispiel");
    assertThat(custom.raw(Locale.GERMAN, "login.password")).isEqualTo("Passwort");
  }

  @Test
  void whenABundleIsShippedThenItsLanguageIsListed() throws Exception {
    // sso-core's resources are a directory under test: every messages_*.properties beside the templates
    Path pages = Path.of(PageMessages.class.getResource("/dev/ssokit/pages/messages.properties").toURI()).getParent();
    try (var files = Files.list(pages)) {
      assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("messages_"))
          .map(n -> n.substring("messages_".length(), n.length() - ".properties".length())))
          .containsExactlyInAnyOrderElementsOf(PageMessages.SHIPPED);
    }
  }

  @Test
  void whenALanguageIsShippedThenItsBundleTranslatesEveryKeyOfTheEnglishOne() throws IOException {
    Properties english = load("messages.properties");
    for (String suffix : PageMessages.SHIPPED) {
      String file = "messages_" + suffix + ".properties";
      Properties translated = load(file);
      assertThat(translated.stringPropertyNames()).as(file).isEqualTo(english.stringPropertyNames());
      for (String key : english.stringPropertyNames()) {
        assertThat(placeholders(translated.getProperty(key))).as(file + " " + key)
            .isEqualTo(placeholders(english.getProperty(key)));
      }
    }
  }

  private static Set<String> placeholders(String text) {
    return new java.util.TreeSet<>(java.util.regex.Pattern.compile("\\{[A-Za-z]+}").matcher(text).results()
        .map(java.util.regex.MatchResult::group).toList());
  }

  private static Properties load(String name) throws IOException {
    Properties p = new Properties();
    try (InputStream in = PageMessages.class.getResourceAsStream("/dev/ssokit/pages/" + name)) {
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
    return p;
  }
}
