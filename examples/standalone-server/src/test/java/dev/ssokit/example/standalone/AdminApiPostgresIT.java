package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenResponse;
import dev.ssokit.testkit.PostgresSchema;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link AdminApiScenarios} on PostgreSQL, and a second instance on the same database: what the
 * admin API changes at one instance holds at the other at once, and statistics add up.
 */
class AdminApiPostgresIT extends AdminApiScenarios {
  @RegisterExtension
  static final PostgresSchema DB = new PostgresSchema();

  @BeforeAll
  static void start() throws Exception {
    startServer(DatabaseEnv.of(DB));
  }

  @Test
  void whenSecondInstanceSharesTheDatabaseThenApplicationsAreSeenAtOnceAndStatsAddUp() throws Exception {
    Map<String, String> second = new HashMap<>(env);
    second.put("SSO_ISSUER", server.issuer().toString());
    try (StandaloneServer b = StandaloneServer.start(second)) {
      URI atB = URI.create("http://localhost:" + b.port());

      // created through A: completes the code flow at B at once
      Map<String, Object> web = call("POST", "/api/applications", adminToken, webApp("Shared web app")).json();
      TokenResponse codeAtB = new OidcTestClient(server.issuer().toString(), atB).codeFlow(
          (String) web.get("client_id"), (String) web.get("client_secret"), REDIRECT, new Scope("openid"), ALICE,
          PASSWORDS.get(ALICE));
      assertThat(codeAtB.indicatesSuccess()).isTrue();

      // tokens at both instances, each flushing its own counts: the figures add up
      Map<String, Object> machine = call("POST", "/api/applications", adminToken, machineApp("Shared machine")).json();
      String clientId = (String) machine.get("client_id");
      String secret = (String) machine.get("client_secret");
      for (int i = 0; i < 2; i++) {
        assertThat(tokenAnswer(server.issuer(), clientId, secret, "reports").indicatesSuccess()).isTrue();
      }
      for (int i = 0; i < 3; i++) {
        assertThat(tokenAnswer(atB, clientId, secret, "reports").indicatesSuccess()).isTrue();
      }
      server.provider().flushApplicationStats();
      b.provider().flushApplicationStats();
      Answer stats = call(atB, "GET", "/api/applications/" + clientId + "/stats", adminToken, null, new String[0]);
      assertThat(stats.json()).containsEntry("tokens_issued_total", 5L);

      // deleted through A: refused at B at once, and gone from B's API
      assertThat(call("DELETE", "/api/applications/" + clientId, adminToken, null).status()).isEqualTo(204);
      TokenResponse refused = tokenAnswer(atB, clientId, secret, "reports");
      assertThat(refused.toErrorResponse().getErrorObject().getCode())
          .isEqualTo(OAuth2Error.INVALID_CLIENT.getCode());
      assertThat(call(atB, "GET", "/api/applications/" + clientId, adminToken, null, new String[0]).status())
          .isEqualTo(404);
    }
  }
}
