package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssokit.testkit.PostgresSchema;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up failures as an operator sees them (one line naming the variable, exit code 2, no stack
 * trace), the banner, and a graceful stop that lets requests in flight finish.
 */
class StartupAndShutdownIT {

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void assertOneLineNoStackTrace(ChildServer.Outcome outcome, String expectedStart) {
    assertThat(outcome.exitCode()).as(outcome.stderr()).isEqualTo(2);
    assertThat(outcome.stderrLines()).as(outcome.stderr()).hasSize(1);
    assertThat(outcome.stderrLines().get(0)).startsWith(expectedStart);
    assertThat(outcome.stdout() + outcome.stderr()).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void whenRedisIsUnreachableThenOneLineNamingSsoRedisUrlAndExitCode2() throws Exception {
    int port = closedPort();
    ChildServer.Outcome outcome = ChildServer.runUntilExit(Map.of("SSO_PORT", "0",
        "SSO_REDIS_URL", "redis://user:hunter2secret@127.0.0.1:" + port));
    assertOneLineNoStackTrace(outcome, "sso-server: SSO_REDIS_URL: cannot connect to 127.0.0.1:" + port + " (");
    assertThat(outcome.stderr()).doesNotContain("hunter2secret").doesNotContain("redisUrl");
  }

  @Test
  void whenPostgresIsUnreachableThenOneLineNamingSsoDatabaseUrlAndExitCode2() throws Exception {
    int port = closedPort();
    ChildServer.Outcome outcome = ChildServer.runUntilExit(Map.of("SSO_PORT", "0",
        "SSO_DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + port + "/test", "SSO_DATABASE_USER", "postgres"));
    assertOneLineNoStackTrace(outcome, "sso-server: SSO_DATABASE_URL: cannot connect to 127.0.0.1:" + port + " (");
  }

  @Test
  void whenPortIsInUseThenOneLineNamingSsoPortAndExitCode2() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      ChildServer.Outcome outcome = ChildServer.runUntilExit(Map.of("SSO_PORT", String.valueOf(taken.getLocalPort()),
          "SSO_HOST", "0.0.0.0"));
      assertOneLineNoStackTrace(outcome, "sso-server: SSO_PORT: cannot listen on 0.0.0.0:" + taken.getLocalPort());
    }
  }

  @Test
  void whenKeySecretOrSeedFileIsBadThenTheStartFailsNamingTheVariable(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> StandaloneServer.start(Map.of("SSO_PORT", "0", "SSO_KEY_ENCRYPTION_SECRET", "short")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("SSO_KEY_ENCRYPTION_SECRET:");
    Path missing = dir.resolve("absent.json");
    assertThatThrownBy(() -> StandaloneServer.start(Map.of("SSO_PORT", "0", "SSO_SEED_FILE", missing.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SSO_SEED_FILE: cannot read " + missing + " (no such file)");
    assertThatThrownBy(() -> StandaloneServer.start(Map.of("SSO_PORT", "0", "SSO_REDIS_URL", "http://cache:6379")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("SSO_REDIS_URL: must look like");
  }

  @Test
  void whenPostgresAuthenticationFailsThenTheStartFailsNamingSsoDatabaseUrl() throws Exception {
    try (PostgresSchema schema = PostgresSchema.create()) {
      Map<String, String> env = new java.util.HashMap<>(DatabaseEnv.of(schema));
      env.put("SSO_PORT", "0");
      env.put("SSO_DATABASE_USER", "no_such_role_" + System.nanoTime());
      assertThatThrownBy(() -> StandaloneServer.start(env)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("SSO_DATABASE_URL:");
    }
  }

  @Test
  void whenTheKeyEncryptionSecretDoesNotOpenTheStoredKeysThenTheStartFailsNamingIt() throws Exception {
    try (PostgresSchema schema = PostgresSchema.create()) {
      Map<String, String> env = new java.util.HashMap<>(DatabaseEnv.of(schema));
      env.put("SSO_PORT", "0");
      env.put("SSO_KEY_ENCRYPTION_SECRET", "the-first-secret-of-this-test");
      StandaloneServer.start(env).close();
      env.put("SSO_KEY_ENCRYPTION_SECRET", "another-secret-of-this-test");
      assertThatThrownBy(() -> StandaloneServer.start(env)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("SSO_KEY_ENCRYPTION_SECRET:");
    }
  }

  @Test
  void whenIssuerEndsInSlashThenTheBannerDiscoveryUrlHasNoDoubleSlash() throws Exception {
    try (StandaloneServer server = StandaloneServer.start(Map.of("SSO_PORT", "0",
        "SSO_ISSUER", "http://localhost:9999/"))) {
      assertThat(String.join("\n", server.banner()))
          .contains("discovery: http://localhost:9999/.well-known/openid-configuration")
          .doesNotContain("//.well-known");
    }
  }

  @Test
  void whenStoppedWithARequestInFlightThenThatRequestCompletes() throws Exception {
    StandaloneServer server = StandaloneServer.start(Map.of("SSO_PORT", "0"));
    String body = "grant_type=client_credentials&client_id=nobody";
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\n"
          + "Content-Length: " + body.length() + "\r\n\r\n" + body.substring(0, 10)).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      await(() -> server.requestsInFlight() == 1);
      CompletableFuture<Void> stop = CompletableFuture.runAsync(server::close);
      await(server::stopping);
      // the stop is under way: the listening socket is closed, new connections are refused
      await(() -> refused(server.port()));
      assertThat(stop).as("the stop waits for the request in flight").isNotDone();

      out.write(body.substring(10).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      // the request finished with its protocol answer (RFC 6749 §5.2: an unknown client is invalid_client)
      assertThat(response).startsWith("HTTP/1.1 401").contains("invalid_client");
      stop.get();
    }
  }

  private static boolean refused(int port) {
    try (Socket probe = new Socket("127.0.0.1", port)) {
      return false;
    } catch (java.io.IOException e) {
      return true;
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(5);
    }
  }
}
