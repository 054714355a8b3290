package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.Scope;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code SSO_SEED_MODE=apply}: the seed file is authoritative, with a summary of what changed. */
class SeedApplyIT {
  @TempDir
  Path dir;

  @Test
  void whenSeedAppliedThenExistingClientsAndUsersFollowTheFile() throws Exception {
    String secret = TestSecrets.random();
    String password = TestSecrets.random().substring(0, 20);
    Path seed = write("v1.json", client("https://app.example/cb", null), user(password, "Alice One", List.of()));
    try (StandaloneServer server = StandaloneServer.start(Map.of("SSO_PORT", "0", "SSO_SEED_FILE", seed.toString(),
        "SSO_SEED_MODE", "apply"))) {
      Path unchanged = write("v1-again.json", client("https://app.example/cb", null),
          user(password, "Alice One", List.of()));
      SeedFile.Result same = SeedFile.apply(unchanged, server.provider(), true);
      assertThat(same.keptClients()).containsExactly("seeded");
      assertThat(same.keptUsers()).containsExactly("alice");
      assertThat(same.updatedClients()).isEmpty();

      Path v2 = write("v2.json", client("https://app.example/new-cb", secret),
          user(password, "Alice Two", List.of("admin")));
      // create mode (the default) keeps what exists: today's behaviour
      SeedFile.Result created = SeedFile.apply(v2, server.provider(), false);
      assertThat(created.keptClients()).containsExactly("seeded");
      assertThat(server.provider().clients().find("seeded").orElseThrow().redirectUris())
          .containsExactly(URI.create("https://app.example/cb"));

      SeedFile.Result applied = SeedFile.apply(v2, server.provider(), true);
      assertThat(applied.updatedClients()).containsExactly("seeded");
      assertThat(applied.updatedUsers()).containsExactly("alice");
      assertThat(applied.summary()).contains("updated [seeded]").contains("updated [alice]");
      assertThat(server.provider().clients().find("seeded").orElseThrow().redirectUris())
          .containsExactly(URI.create("https://app.example/new-cb"));
      var alice = server.provider().users().findByUsername("alice").orElseThrow();
      assertThat(alice.claims()).containsEntry("name", "Alice Two");
      assertThat(server.provider().users().roles(alice.id())).containsExactly("admin");
      // the secret the file now gives is the one that works
      assertThat(new OidcTestClient(server.issuer().toString(), server.issuer())
          .clientCredentials("seeded", secret, new Scope("api")).indicatesSuccess()).isTrue();

      Path invalid = write("v3.json", client("http://app.example/cb", secret), user(password, "Alice", List.of()));
      assertThatThrownBy(() -> SeedFile.apply(invalid, server.provider(), true))
          .hasMessageContaining("redirect_uris");
    }
  }

  @Test
  void whenSeedModeUnknownThenStartFailsNamingIt() {
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("SSO_SEED_MODE", "merge")))
        .hasMessageContaining("SSO_SEED_MODE");
  }

  private Path write(String name, Map<String, Object> client, Map<String, Object> user) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, JSONObjectUtils.toJSONString(Map.of("clients", List.of(client), "users", List.of(user))),
        StandardCharsets.UTF_8);
    return file;
  }

  private static Map<String, Object> client(String redirect, String secret) {
    Map<String, Object> c = new java.util.LinkedHashMap<>(Map.of("client_id", "seeded",
        "client_name", "Seeded app", "redirect_uris", List.of(redirect),
        "grant_types", List.of("authorization_code", "client_credentials"), "scope", "openid api"));
    c.put("client_secret", secret != null ? secret : FIRST_SECRET);
    return c;
  }

  private static final String FIRST_SECRET = TestSecrets.random();

  private static Map<String, Object> user(String password, String name, List<String> roles) {
    return Map.of("username", "alice", "password", password, "email", "alice@example.com", "name", name,
        "roles", roles);
  }
}
