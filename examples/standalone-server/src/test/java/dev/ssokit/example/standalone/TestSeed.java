package dev.ssokit.example.standalone;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * An {@code SSO_SEED_FILE} with one confidential client (authorization_code, refresh_token and
 * client_credentials grants) and one user, with fresh random secrets.
 *
 * <p>IMPORTANT: test use only; the secrets live in this object and never in a log line.
 */
record TestSeed(String clientId, String clientSecret, URI redirectUri, String username, String password, Path file) {
  /** The scope the seeded client may ask for with client_credentials. */
  static final String API_SCOPE = "api";

  /** Writes the seed file into {@code dir}. */
  static TestSeed write(Path dir, String clientId) throws IOException {
    return write(dir, clientId, URI.create("http://127.0.0.1:8080/callback"));
  }

  /** Writes the seed file into {@code dir}, the client registered with {@code redirect}. */
  static TestSeed write(Path dir, String clientId, URI redirect) throws IOException {
    String secret = TestSecrets.random();
    String password = TestSecrets.random().substring(0, 20);
    Map<String, Object> client = Map.of(
        "client_id", clientId,
        "client_secret", secret,
        "client_name", "Integration test app",
        "redirect_uris", List.of(redirect.toString()),
        "grant_types", List.of("authorization_code", "refresh_token", "client_credentials"),
        "scope", "openid profile email offline_access " + API_SCOPE,
        "token_endpoint_auth_method", "client_secret_basic");
    Map<String, Object> user = Map.of(
        "username", "alice",
        "password", password,
        "email", "alice@example.com",
        // confirmed, so Alice signs in also where registration is open (unconfirmed addresses cannot then)
        "email_verified", true,
        "name", "Alice Example");
    Path file = dir.resolve("seed-" + clientId + ".json");
    Files.writeString(file, JSONObjectUtils.toJSONString(Map.of("clients", List.of(client), "users", List.of(user))),
        StandardCharsets.UTF_8);
    return new TestSeed(clientId, secret, redirect, "alice", password, file);
  }
}
