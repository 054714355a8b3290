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
    // JVM warnings (which the JVM writes to stdout) go to stderr, as the image and the launcher send them
    ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xlog:all=warning:stderr", "-cp", System.getProperty("java.class.path"),
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

  /**
   * A child server that keeps running: its stdout goes to a file (not a pipe, whose reader the JDK
   * may close under a concurrent read when the process exits), read as whole lines; stopped with SIGTERM.
   */
  static final class Running implements AutoCloseable {
    private final Process process;
    private final java.nio.file.Path stdout;

    private Running(Process process, java.nio.file.Path stdout) {
      this.process = process;
      this.stdout = stdout;
    }

    /** The complete stdout lines so far (a line still being written is left for the next read). */
    private List<String> lines() throws java.io.IOException {
      String text = java.nio.file.Files.readString(stdout, StandardCharsets.UTF_8);
      int end = text.lastIndexOf('\n');
      return end < 0 ? List.of() : text.substring(0, end).lines().toList();
    }

    /** The first stdout line matching {@code test}, waiting up to 60 s for it. */
    String awaitLine(java.util.function.Predicate<String> test) throws Exception {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        boolean exited = !process.isAlive();
        for (String line : lines()) {
          if (test.test(line)) {
            return line;
          }
        }
        if (exited) {
          break;
        }
        Thread.sleep(20);
      }
      throw new AssertionError("no such line; stdout so far: " + lines());
    }

    /** Stops the server as an orchestrator does (SIGTERM) and returns every stdout line. */
    List<String> stop() throws Exception {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
      String text = java.nio.file.Files.readString(stdout, StandardCharsets.UTF_8);
      return text.lines().filter(l -> !l.isEmpty()).toList();
    }

    @Override
    public void close() throws Exception {
      if (process.isAlive()) {
        stop();
      }
    }
  }

  /** Starts the server with {@code env}; stderr goes to this JVM's stderr. */
  static Running start(Map<String, String> env) throws Exception {
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    // JVM warnings (which the JVM writes to stdout) go to stderr, as the image and the launcher send them
    ProcessBuilder pb = new ProcessBuilder(javaBin, "-Xlog:all=warning:stderr", "-cp", System.getProperty("java.class.path"),
        StandaloneServer.class.getName());
    pb.environment().keySet().removeIf(k -> k.startsWith("SSO_"));
    pb.environment().putAll(env);
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "child-servers"));
    java.nio.file.Path stdout = java.nio.file.Files.createTempFile(dir, "stdout-", ".log");
    pb.redirectOutput(stdout.toFile());
    Process p = pb.start();
    p.getOutputStream().close();
    return new Running(p, stdout);
  }

  private static String readAll(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
