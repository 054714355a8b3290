package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's curl walkthrough, as its script, against a started server — twice in a row, as a
 * reader who runs it again does (the second run meets a remembered consent).
 */
class CurlWalkthroughIT {
  private static final Path SCRIPT = Path.of("scripts/curl-walkthrough.sh").toAbsolutePath();
  private static final Path REGISTRATION_SCRIPT = Path.of("scripts/registration-walkthrough.sh").toAbsolutePath();

  private record Run(int exit, String output) {}

  private static Run run(String... args) throws Exception {
    return runScript(SCRIPT, args);
  }

  private static Run runScript(Path script, String... args) throws Exception {
    String[] command = new String[args.length + 2];
    command[0] = "bash";
    command[1] = script.toString();
    System.arraycopy(args, 0, command, 2, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).directory(Path.of("/").toFile()).start();
    p.getOutputStream().close();
    var output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        return "<read failed: " + e + ">";
      }
    });
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the walkthrough did not finish: " + output.getNow(""));
    }
    return new Run(p.exitValue(), output.get());
  }

  @Test
  void whenRunTwiceAgainstAFreshServerThenEveryStepPassesBothTimes() throws Exception {
    try (StandaloneServer server = StandaloneServer.start(Map.of("SSO_PORT", "0"))) {
      String banner = String.join("\n", server.banner());
      String secret = banner.replaceAll("(?s).*client_secret=(\\S+).*", "$1");
      String password = banner.replaceAll("(?s).*username=demo password=(\\S+).*", "$1");
      String issuer = server.issuer().toString();

      Run first = run(secret, password, issuer);
      assertThat(first.exit()).as(first.output()).isZero();
      assertThat(first.output()).contains("== 4. Consent page: allow", "\"active\":true", "revoke: HTTP 200",
          "{\"active\":false}", "== done");
      assertThat(first.output()).containsPattern("\"preferred_username\":\"demo\"");

      Run second = run(secret, password, issuer);
      assertThat(second.exit()).as(second.output()).isZero();
      assertThat(second.output()).contains("Consent: already given earlier", "\"active\":true", "== done");

      Run wrongPassword = run(secret, "not-the-password", issuer);
      assertThat(wrongPassword.exit()).isEqualTo(1);
      assertThat(wrongPassword.output()).contains("FAILED: the login was refused");
    }
    Run noServer = run("x", "y", "http://127.0.0.1:9");
    assertThat(noServer.exit()).isEqualTo(1);
    assertThat(noServer.output()).contains("FAILED: no SSO Kit server answers at http://127.0.0.1:9");
    assertThat(run().exit()).isEqualTo(2);
  }

  @Test
  void whenRegistrationWalkthroughRunTwiceThenEveryStepPassesBothTimes() throws Exception {
    try (StandaloneServer server = StandaloneServer.start(Map.of("SSO_PORT", "0"))) {
      String banner = String.join("\n", server.banner());
      String adminSecret = banner.replaceAll("(?s).*client_id=demo-admin client_secret=(\\S+).*", "$1");
      String issuer = server.issuer().toString();

      for (int i = 0; i < 2; i++) {
        Run run = runScript(REGISTRATION_SCRIPT, adminSecret, issuer);
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("the initial access token is used up",
            "renamed; the old registration access token answers 401",
            "invalid_client_metadata: scope: email is not allowed", "deleted; its registration access token answers 401", "OK");
      }
      Run wrongSecret = runScript(REGISTRATION_SCRIPT, "not-the-secret", issuer);
      assertThat(wrongSecret.exit()).isEqualTo(1);
      assertThat(wrongSecret.output()).contains("FAILED: no admin token");
    }
  }
}
