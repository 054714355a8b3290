package dev.ssokit.internal.apidocs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The files of the {@code org.webjars:swagger-ui} jar that the docs page uses, read from the class
 * path once each; absent when the jar is not there.
 */
final class SwaggerUi {
  private static final String POM = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";
  /** The webjar files served, and their types: nothing else of the jar is reachable. */
  static final Map<String, String> FILES = Map.of(
      "swagger-ui.css", "text/css; charset=UTF-8",
      "index.css", "text/css; charset=UTF-8",
      "swagger-ui-bundle.js", "text/javascript; charset=UTF-8",
      "swagger-ui-standalone-preset.js", "text/javascript; charset=UTF-8",
      "oauth2-redirect.html", "text/html; charset=UTF-8",
      "oauth2-redirect.js", "text/javascript; charset=UTF-8");

  private static volatile Optional<SwaggerUi> loaded;

  private final String root;
  private final String version;

  private SwaggerUi(String version) {
    this.version = version;
    this.root = "/META-INF/resources/webjars/swagger-ui/" + version + "/";
  }

  static Optional<SwaggerUi> load() {
    Optional<SwaggerUi> ui = loaded;
    if (ui == null) {
      ui = find();
      loaded = ui;
    }
    return ui;
  }

  private static Optional<SwaggerUi> find() {
    try (InputStream in = SwaggerUi.class.getResourceAsStream(POM)) {
      if (in == null) {
        return Optional.empty();
      }
      Properties p = new Properties();
      p.load(in);
      String version = p.getProperty("version");
      return version == null || !version.matches("[0-9A-Za-z.\\-]+") ? Optional.empty()
          : Optional.of(new SwaggerUi(version));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  String version() {
    return version;
  }

  /** A file of {@link #FILES} read from the jar (the endpoint keeps what it serves), or empty for any other name. */
  Optional<String> file(String name) {
    if (!FILES.containsKey(name)) {
      return Optional.empty();
    }
    try (InputStream in = SwaggerUi.class.getResourceAsStream(root + name)) {
      if (in == null) {
        throw new IllegalStateException("swagger-ui " + version + " has no " + name);
      }
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
