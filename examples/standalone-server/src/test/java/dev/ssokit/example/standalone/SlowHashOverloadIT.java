package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.password4j.Argon2Function;
import com.password4j.types.Argon2;
import dev.ssokit.testkit.FreePorts;
import dev.ssokit.testkit.PostgresSchema;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7 #1 end to end: a standalone server in its own JVM with {@code -Xmx256m} takes 64 parallel
 * wrong secrets for a client with a legacy argon2id hash and 64 parallel wrong passwords (each an
 * argon2id of 19 MiB: 2.4 GB if all ran at once) and answers only 401, 429 or 503, never 500 or a
 * hang; right after, a correct token request and a correct login succeed.
 */
class SlowHashOverloadIT {
  private static final int PARALLEL = 64;
  private static final String LEGACY_SECRET = "0123456789abcdef0123456789abcdef";
  private static final Pattern FIELD = Pattern.compile("name=\"([a-z_]+)\" value=\"([^\"]*)\"");
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Test
  void whenManySlowHashesArriveAtOnceOnASmallHeapThenOnly401Or429Or503AndCorrectRequestsWorkAfter(@TempDir Path dir)
      throws Exception {
    String alicePassword = TestSecrets.random();
    Path seed = dir.resolve("seed.json");
    Files.writeString(seed, JSONObjectUtils.toJSONString(Map.of(
        "clients", List.of(Map.of("client_id", "web", "token_endpoint_auth_method", "none",
            "redirect_uris", List.of("http://127.0.0.1:8080/cb"), "grant_types", List.of("authorization_code"),
            "scope", "openid")),
        "users", List.of(Map.of("username", "alice", "password", alicePassword)))));
    try (PostgresSchema schema = PostgresSchema.create()) {
      int port = FreePorts.belowEphemeralRange();
      ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx256m", "-cp", System.getProperty("java.class.path"), StandaloneServer.class.getName());
      pb.environment().keySet().removeIf(k -> k.startsWith("SSO_"));
      pb.environment().putAll(DatabaseEnv.of(schema));
      pb.environment().putAll(Map.of("SSO_PORT", Integer.toString(port), "SSO_HOST", "127.0.0.1",
          "SSO_SEED_FILE", seed.toString(),
          // limits far away, so every request reaches its argon2id check: only the slow-hash limit is under test
          "SSO_RATE_LIMIT_PER_IP", "100000/PT1M", "SSO_RATE_LIMIT_PER_CLIENT", "100000/PT1M",
          "SSO_FAILURE_LIMIT_PER_IP", "100000/PT1M", "SSO_LOGIN_FREE_FAILURES", "100000",
          "SSO_LOGIN_ACCOUNT_SLOWDOWN", "100000"));
      pb.redirectErrorStream(true);
      Process server = pb.start();
      try {
        awaitStarted(server);
        URI base = URI.create("http://127.0.0.1:" + port);
        plantLegacyClient(schema);

        List<Browser> browsers = new ArrayList<>();
        for (int i = 0; i < PARALLEL; i++) {
          browsers.add(Browser.open(http, base));
        }
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        List<Integer> statuses = new ArrayList<>();
        // one thread per request, all released at once
        ExecutorService threads = Executors.newFixedThreadPool(2 * PARALLEL);
        try {
          for (int i = 0; i < PARALLEL; i++) {
            answers.add(CompletableFuture.supplyAsync(
                () -> at(go, () -> token(base, "legacy", "wrong-" + LEGACY_SECRET)), threads));
            Browser b = browsers.get(i);
            answers.add(CompletableFuture.supplyAsync(() -> at(go, () -> b.login("alice", "wrong password")), threads));
          }
          go.countDown();
          for (CompletableFuture<Integer> a : answers) {
            statuses.add(a.get(120, TimeUnit.SECONDS));
          }
        } finally {
          threads.shutdownNow();
        }

        assertThat(statuses).hasSize(2 * PARALLEL).allMatch(s -> s == 401 || s == 429 || s == 503, "401, 429 or 503");
        assertThat(server.isAlive()).isTrue();
        assertThat(token(base, "legacy", LEGACY_SECRET)).as("correct secret right after").isEqualTo(200);
        assertThat(Browser.open(http, base).login("alice", alicePassword)).as("correct login right after")
            .isBetween(300, 399);
      } finally {
        server.destroy();
        server.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private interface Call {
    int run() throws Exception;
  }

  private static int at(CountDownLatch go, Call call) {
    try {
      go.await();
      return call.run();
    } catch (Exception e) {
      throw new IllegalStateException("request failed (hang or connection error)", e);
    }
  }

  private int token(URI base, String clientId, String secret) throws Exception {
    String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    return http.send(HttpRequest.newBuilder(base.resolve("/token")).timeout(Duration.ofSeconds(60))
        .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=api")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  /** A client row as earlier versions wrote it for an imported secret: an argon2id hash. */
  private static void plantLegacyClient(PostgresSchema schema) throws Exception {
    try (Connection c = schema.connect(); PreparedStatement st = c.prepareStatement("INSERT INTO sso_client"
        + " (client_id, secret_hash, client_name, redirect_uris, post_logout_redirect_uris, grant_types, scopes,"
        + " token_endpoint_auth_method, application_type, access_token_format, created_at)"
        + " VALUES ('legacy', ?, 'Legacy', '{}', '{}', '{client_credentials}', '{api}', 'client_secret_basic',"
        + " 'web', 'jwt', ?)")) {
      // the stored format of earlier versions: argon2id at OWASP's first choice (19 MiB, t=2, p=1)
      st.setString(1, Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID).hash(LEGACY_SECRET).getResult());
      st.setTimestamp(2, Timestamp.from(Instant.now()));
      st.executeUpdate();
    }
  }

  private static void awaitStarted(Process server) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Boolean> started = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.contains("SSO Kit is running")) {
            started.complete(true);
          }
        }
        started.complete(false);
      } catch (java.io.IOException e) {
        started.complete(false);
      }
    }, "child-server-output");
    reader.setDaemon(true);
    reader.start();
    assertThat(started.get(120, TimeUnit.SECONDS)).as("child server started").isTrue();
  }

  /** One browser: an authorization request's login page, then the form. */
  private record Browser(HttpClient http, URI base, String cookie, Map<String, String> fields) {
    static Browser open(HttpClient http, URI base) throws Exception {
      HttpResponse<String> authorize = http.send(HttpRequest.newBuilder(base.resolve("/authorize?response_type=code"
              + "&client_id=web&redirect_uri=" + URLEncoder.encode("http://127.0.0.1:8080/cb", StandardCharsets.UTF_8)
              + "&scope=openid&state=s&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
              + "&code_challenge_method=S256")).build(), HttpResponse.BodyHandlers.ofString());
      String cookie = String.join("; ", authorize.headers().allValues("Set-Cookie").stream()
          .map(c -> c.split(";", 2)[0]).toList());
      URI login = base.resolve(authorize.headers().firstValue("Location").orElseThrow());
      HttpRequest.Builder page = HttpRequest.newBuilder(login);
      if (!cookie.isEmpty()) {
        page.header("Cookie", cookie);
      }
      String html = http.send(page.build(), HttpResponse.BodyHandlers.ofString()).body();
      Map<String, String> fields = new java.util.HashMap<>();
      Matcher m = FIELD.matcher(html);
      while (m.find()) {
        fields.put(m.group(1), m.group(2));
      }
      return new Browser(http, base, cookie, fields);
    }

    int login(String username, String password) throws Exception {
      String body = "interaction=" + enc(fields.get("interaction")) + "&csrf_token=" + enc(fields.get("csrf_token"))
          + "&username=" + enc(username) + "&password=" + enc(password);
      HttpRequest.Builder post = HttpRequest.newBuilder(base.resolve("/interaction/login"))
          .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(body));
      if (!cookie.isEmpty()) {
        post.header("Cookie", cookie);
      }
      return http.send(post.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static String enc(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
  }
}
