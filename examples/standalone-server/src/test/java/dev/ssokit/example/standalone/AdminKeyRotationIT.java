package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.Scope;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone server's admin call {@code POST /admin/keys/rotate} over real HTTP: bearer secret
 * {@code SSO_ADMIN_TOKEN}, the new key in the JWKS at once, {@code ?activate=now} signing at once,
 * tokens signed before still valid.
 */
class AdminKeyRotationIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  @Test
  void whenAdminRotatesThenNewKeyIsPublishedAtOnceSignsOnRequestAndOldTokensStayValid() throws Exception {
    String adminToken = TestSecrets.random();
    TestSeed seed = TestSeed.write(dir, "rotating-app");
    try (StandaloneServer server = StandaloneServer.start(env(seed, adminToken))) {
      OidcTestClient client = OidcTestClient.of(server);
      String before = accessToken(client, seed);
      String oldKid = SignedJWT.parse(before).getHeader().getKeyID();
      assertThat(kids(client)).containsExactly(oldKid);

      HttpResponse<String> published = rotate(server, "", adminToken);
      assertThat(published.statusCode()).isEqualTo(200);
      String nextKid = (String) com.nimbusds.jose.util.JSONObjectUtils.parse(published.body()).get("kid");
      assertThat(kids(client)).containsExactlyInAnyOrder(oldKid, nextKid);
      assertThat(SignedJWT.parse(accessToken(client, seed)).getHeader().getKeyID())
          .as("published ahead: the old key still signs").isEqualTo(oldKid);

      HttpResponse<String> activated = rotate(server, "?activate=now", adminToken);
      assertThat(activated.statusCode()).isEqualTo(200);
      String activeKid = (String) com.nimbusds.jose.util.JSONObjectUtils.parse(activated.body()).get("kid");
      assertThat(activeKid).isEqualTo(nextKid);
      String after = accessToken(client, seed);
      assertThat(SignedJWT.parse(after).getHeader().getKeyID()).isEqualTo(nextKid);
      assertThat(kids(client)).containsExactlyInAnyOrder(nextKid, oldKid);
      BackChannel rp = new BackChannel(server.issuer(), seed.clientId(), seed.clientSecret());
      assertThat(rp.introspect(before)).as("a token of the old key").containsEntry("active", true);
      assertThat(rp.introspect(after)).containsEntry("active", true);
    }
  }

  @Test
  void whenAdminTokenIsMissingOrWrongThenUnauthorizedAndNothingRotates() throws Exception {
    String adminToken = TestSecrets.random();
    TestSeed seed = TestSeed.write(dir, "guarded-app");
    try (StandaloneServer server = StandaloneServer.start(env(seed, adminToken))) {
      OidcTestClient client = OidcTestClient.of(server);
      List<String> kidsBefore = kids(client);
      HttpResponse<String> none = HTTP.send(HttpRequest.newBuilder(URI.create(server.issuer() + "/admin/keys/rotate"))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      assertThat(rotate(server, "", adminToken + "x").statusCode()).isEqualTo(401);
      assertThat(rotate(server, "?activate=later", adminToken).statusCode()).isEqualTo(400);
      assertThat(kids(client)).isEqualTo(kidsBefore);
    }
  }

  @Test
  void whenNoAdminTokenIsConfiguredThenTheAdminCallDoesNotExist() throws Exception {
    TestSeed seed = TestSeed.write(dir, "plain-app");
    Map<String, String> env = env(seed, null);
    try (StandaloneServer server = StandaloneServer.start(env)) {
      assertThat(rotate(server, "", "anything-at-all-anything-at-all-xx").statusCode()).isEqualTo(404);
    }
  }

  private static Map<String, String> env(TestSeed seed, String adminToken) {
    Map<String, String> env = new HashMap<>();
    env.put("SSO_PORT", "0");
    env.put("SSO_SEED_FILE", seed.file().toString());
    if (adminToken != null) {
      env.put("SSO_ADMIN_TOKEN", adminToken);
    }
    return env;
  }

  private static HttpResponse<String> rotate(StandaloneServer server, String query, String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(server.issuer() + "/admin/keys/rotate" + query))
        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String accessToken(OidcTestClient client, TestSeed seed) throws Exception {
    return client.clientCredentials(seed.clientId(), seed.clientSecret(), new Scope(TestSeed.API_SCOPE))
        .toSuccessResponse().getTokens().getAccessToken().getValue();
  }

  private static List<String> kids(OidcTestClient client) throws Exception {
    return PostgresRestartIT.kids(client.jwks());
  }
}
