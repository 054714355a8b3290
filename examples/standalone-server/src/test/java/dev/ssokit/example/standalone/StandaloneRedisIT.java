package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.testkit.PostgresSchema;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisPooled;

/**
 * The standalone server with {@code SSO_REDIS_URL}: its short-lived state (codes, sessions) lives
 * in Redis under {@code SSO_REDIS_KEY_PREFIX}, so a browser session outlives a restart of the
 * server while Redis keeps it. Users, clients and consents are in PostgreSQL ({@code
 * SSO_DATABASE_URL}), as in production.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StandaloneRedisIT {
  private static final URI REDIRECT = URI.create("http://localhost:8080/callback");
  private static final String CLIENT_ID = "app";
  private static final String CLIENT_SECRET = "seeded-secret-for-the-standalone-redis-test";
  private static final String USERNAME = "alice";
  private static final String PASSWORD = "correct horse battery staple";
  private static final String SCOPE = "openid profile";

  private final String prefix = TestRedis.freshPrefix();
  private PostgresSchema schema;
  private JedisPooled redis;
  private StandaloneServer server;
  private Map<String, String> env;

  @BeforeEach
  void configure(@TempDir Path dir) throws Exception {
    schema = PostgresSchema.create();
    redis = TestRedis.newClient();
    Path seed = dir.resolve("seed.json");
    Files.writeString(seed, """
        {"clients": [{"client_id": "%s", "client_secret": "%s", "client_name": "App",
                      "redirect_uris": ["%s"], "grant_types": ["authorization_code"], "scope": "%s",
                      "token_endpoint_auth_method": "client_secret_basic"}],
         "users": [{"username": "%s", "password": "%s", "email": "alice@example.com", "name": "Alice"}]}
        """.formatted(CLIENT_ID, CLIENT_SECRET, REDIRECT, SCOPE, USERNAME, PASSWORD), StandardCharsets.UTF_8);
    env = new HashMap<>(Map.of(
        "SSO_PORT", "0",
        "SSO_HOST", "127.0.0.1",
        "SSO_DEMO", "false",
        "SSO_SEED_FILE", seed.toString(),
        "SSO_DATABASE_URL", schema.jdbcUrl(),
        "SSO_DATABASE_USER", schema.user(),
        "SSO_DATABASE_PASSWORD", schema.password(),
        "SSO_REDIS_URL", TestRedis.url(),
        "SSO_REDIS_KEY_PREFIX", prefix));
  }

  @AfterEach
  void stop() throws Exception {
    try {
      if (server != null) {
        server.close();
      }
    } finally {
      TestRedis.deleteKeys(prefix);
      redis.close();
      schema.close();
    }
  }

  @Test
  void whenRedisUrlIsSetThenSessionsAndCodesLiveInRedisUnderThePrefix() throws Exception {
    server = StandaloneServer.start(env);
    assertThat(server.banner()).anyMatch(line -> line.contains("cache: Redis (key prefix " + prefix + ")"));
    // before any sign-in only the clients' generation, written when the seed's client was imported
    assertThat(keys()).allMatch(k -> k.equals(prefix + "v:clients:generation"));

    Browser.Flow flow = new Browser().authorize(server.issuer(), CLIENT_ID, REDIRECT, SCOPE, USERNAME, PASSWORD);
    assertThat(flow.code()).isNotNull();

    // RedisCache layout <prefix>v:<cache key>; the core keys sessions and codes by SHA-256, never the value
    assertThat(keys()).anyMatch(k -> k.startsWith(prefix + "v:session:"))
        .anyMatch(k -> k.startsWith(prefix + "v:code:"))
        .noneMatch(k -> k.contains(flow.code().getValue()));
    HTTPResponse tokens = new BackChannel(server.issuer(), CLIENT_ID, CLIENT_SECRET).redeem(flow);
    assertThat(tokens.getStatusCode()).as(tokens.getBody()).isEqualTo(200);
    // the code was taken (GETDEL) from Redis; its redemption is remembered for replay detection
    assertThat(keys()).noneMatch(k -> k.startsWith(prefix + "v:code:"))
        .anyMatch(k -> k.startsWith(prefix + "v:code-used:"));
  }

  @Test
  void whenServerRestartsThenTheLoginSessionKeptInRedisStillSignsIn() throws Exception {
    server = StandaloneServer.start(env);
    Browser browser = new Browser();
    Browser.Flow first = browser.authorize(server.issuer(), CLIENT_ID, REDIRECT, SCOPE, USERNAME, PASSWORD);
    assertThat(first.code()).isNotNull();
    assertThat(first.sawLoginForm()).isTrue();
    int port = server.issuer().getPort();

    server.close();
    server = null;
    env.put("SSO_PORT", String.valueOf(port));
    server = StandaloneServer.start(env);

    Browser.Flow afterRestart = browser.authorize(server.issuer(), CLIENT_ID, REDIRECT, SCOPE, "nobody", "none");
    assertThat(afterRestart.code()).as("pages seen: %s", afterRestart.visited()).isNotNull();
    assertThat(afterRestart.sawLoginForm()).isFalse();
    assertThat(afterRestart.sawConsentPage()).isFalse();
    HTTPResponse tokens = new BackChannel(server.issuer(), CLIENT_ID, CLIENT_SECRET).redeem(afterRestart);
    assertThat(tokens.getStatusCode()).as(tokens.getBody()).isEqualTo(200);

    // control: the same server and database with the in-memory cache has no such session
    server.close();
    server = null;
    env.remove("SSO_REDIS_URL");
    env.remove("SSO_REDIS_KEY_PREFIX");
    server = StandaloneServer.start(env);
    Browser.Flow inMemory = browser.authorize(server.issuer(), CLIENT_ID, REDIRECT, SCOPE, USERNAME, PASSWORD);
    assertThat(inMemory.sawLoginForm()).isTrue();
  }

  private List<String> keys() {
    return TestRedis.keys(redis, prefix);
  }
}
