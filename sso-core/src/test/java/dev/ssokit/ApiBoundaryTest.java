package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The public API boundary: {@code dev.ssokit}, {@code dev.ssokit.spi}, {@code dev.ssokit.memory} and the
 * adapters' packages are the API; {@code dev.ssokit.internal.*} belongs to sso-core alone. Every other
 * module of the repository, main and test code alike, reaches sso-core through the API only, so the
 * internals can change in any release.
 */
class ApiBoundaryTest {
  private static final Pattern INTERNAL = Pattern.compile("\\bdev\\.ssokit\\.internal\\b");

  /** The repository root: surefire runs in sso-core's directory. */
  private static Path repositoryRoot() {
    Path root = Path.of("").toAbsolutePath().getParent();
    assertThat(root.resolve("sso-core").resolve("pom.xml")).as("repository root " + root).isRegularFile();
    return root;
  }

  /** {@code file:line: text} of every reference to an internal package in the Java sources under {@code root}. */
  static List<String> internalReferences(Path root, Path exempt) {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      files.filter(f -> f.toString().endsWith(".java"))
          .filter(f -> !f.startsWith(exempt))
          .filter(f -> root.relativize(f).toString().replace('\\', '/').contains("src/"))
          .filter(f -> !root.relativize(f).toString().replace('\\', '/').contains("target/"))
          .sorted()
          .forEach(f -> {
            List<String> lines = read(f);
            for (int i = 0; i < lines.size(); i++) {
              if (INTERNAL.matcher(lines.get(i)).find()) {
                found.add(root.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
              }
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void whenAnyModuleButCoreIsScannedThenNoneReferencesInternalPackages() {
    Path root = repositoryRoot();
    assertThat(internalReferences(root, root.resolve("sso-core")))
        .as("dev.ssokit.internal.* is sso-core's own; offer what another module needs through the public API")
        .isEmpty();
  }

  @Test
  void whenAModuleImportsOrNamesAnInternalClassThenTheScanReportsFileAndLine(@TempDir Path root) throws IOException {
    Path core = Files.createDirectories(root.resolve("sso-core/src/main/java/dev/ssokit/internal"));
    Files.writeString(core.resolve("Own.java"), "package dev.ssokit.internal;\n");
    Path other = Files.createDirectories(root.resolve("examples/app/src/test/java/app"));
    Files.writeString(other.resolve("Uses.java"),
        "package app;\nimport dev.ssokit.internal.token.OpaqueToken;\nclass Uses {\n"
            + "  String s = dev.ssokit.internal.user.PasswordHashes.hash(\"x\");\n  String ok = \"dev.ssokit.internals\";\n}\n");
    Path built = Files.createDirectories(root.resolve("examples/app/target/generated-sources/x"));
    Files.writeString(built.resolve("Gen.java"), "import dev.ssokit.internal.Foo;\n");

    assertThat(internalReferences(root, root.resolve("sso-core"))).containsExactly(
        Path.of("examples/app/src/test/java/app/Uses.java") + ":2: import dev.ssokit.internal.token.OpaqueToken;",
        Path.of("examples/app/src/test/java/app/Uses.java")
            + ":4: String s = dev.ssokit.internal.user.PasswordHashes.hash(\"x\");");
  }
}
