package dev.ssokit.example.standalone;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The standalone server's {@code main} in a child JVM on this test's class path, for what only a
 * process shows: exit code, stdout and stderr.
 */
final class ChildServer {
  private ChildServer() {}

  /** What a finished child printed and returned. */
  record Outcome(int exitCode, String stdout, String stderr) {
    List<String> stderrLines() {
      return stderr.lines().filter(l -> !l.isBlank()).toList();
    }
  }

  /** Runs the server with {@code env} (added to a copy of this environment without {@code SSO_*}) until it exits. */
  static Outcome runUntilExit(Map<String, String> env) throws Exception {
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
        StandaloneServer.class.getName());
    pb.environment().keySet().removeIf(k -> k.startsWith("SSO_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    var out = p.getInputStream();
    var err = p.getErrorStream();
    var stdout = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(out));
    var stderr = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(err));
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the server did not exit; stdout: " + stdout.getNow(""));
    }
    return new Outcome(p.exitValue(), stdout.get(), stderr.get());
  }

  private static String readAll(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
