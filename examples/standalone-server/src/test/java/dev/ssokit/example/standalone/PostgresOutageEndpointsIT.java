package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.common.contenttype.ContentType;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import dev.ssokit.testkit.PostgresSchema;
import dev.ssokit.testkit.TcpProxy;
import dev.ssokit.testkit.TestServices;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone server's endpoints while PostgreSQL is unreachable (issue 3): {@code /token} a
 * JSON 503 {@code temporarily_unavailable}, {@code /authorize} a 503 page, never a 500; and
 * service resumes on the same server, without a restart, once the database is back.
 */
class PostgresOutageEndpointsIT {
  @RegisterExtension
  static final PostgresSchema DB = new PostgresSchema();

  /** Calls allowed to fail after the restore while the pool evicts its dead connections. */
  static final int MAX_CALLS_UNTIL_RECOVERED = 10;
  /** The server's pool (SSO_DATABASE_POOL_SIZE): small, so the calls below outlast every pooled connection. */
  static final int POOL_SIZE = 4;
  /** Successful calls in a row that prove the recovery is not a fluke. */
  static final int CALLS_AFTER_RECOVERY = 3;
  private static final Scope API = new Scope(TestSeed.API_SCOPE);

  @TempDir
  Path dir;

  @Test
  void whenTheDatabaseIsCutThenEndpointsAnswer503AndRecoverWithoutRestart() throws Exception {
    TestSeed seed = TestSeed.write(dir, "outage-app");
    TestServices.Postgres db = DB.server();
    try (TcpProxy proxy = TcpProxy.start(db.host(), db.port())) {
      Map<String, String> env = new HashMap<>(DatabaseEnv.of(DB, DB.jdbcUrlVia("127.0.0.1", proxy.port())));
      env.put("SSO_PORT", "0");
      env.put("SSO_DATABASE_POOL_SIZE", String.valueOf(POOL_SIZE));
      env.put("SSO_SEED_FILE", seed.file().toString());
      try (StandaloneServer server = StandaloneServer.start(env)) {
        OidcTestClient rp = OidcTestClient.of(server);
        URI authorize = authorizeUri(server, seed);
        assertThat(rp.clientCredentialsHttp(seed.clientId(), seed.clientSecret(), API).getStatusCode()).isEqualTo(200);
        assertLoginRedirect(rp.browserGet(authorize));

        proxy.cut();

        // RFC 6749 §5.2 / OAuth 2.1: an API endpoint answers JSON; 503 because the fault is ours and passing
        HTTPResponse token = rp.clientCredentialsHttp(seed.clientId(), seed.clientSecret(), API);
        assertThat(token.getStatusCode()).isEqualTo(503);
        assertThat(token.getEntityContentType().matches(ContentType.APPLICATION_JSON)).isTrue();
        assertThat(token.getBodyAsJSONObject().get("error")).isEqualTo("temporarily_unavailable");
        assertThat(token.getHeaderValue("Retry-After")).isNotBlank();
        // RFC 6749 §4.1.2.1: the redirect URI cannot be checked without the client, so an error page, not a redirect
        HttpResponse<String> page = rp.browserGet(authorize);
        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(page.body()).contains("Temporarily unavailable");
        // a call either fails on a pooled connection the cut broke (SQLState 08006) or, once every
        // pooled connection is evicted, waits out the pool's connection timeout (08001): one call
        // more than the pool holds reaches the second case, and both must be a clean 503
        for (int call = 0; call <= POOL_SIZE; call++) {
          HTTPResponse again = rp.clientCredentialsHttp(seed.clientId(), seed.clientSecret(), API);
          assertThat(again.getStatusCode()).isEqualTo(503);
          assertThat(again.getBodyAsJSONObject().get("error")).isEqualTo("temporarily_unavailable");
        }
        assertThat(rp.browserGet(authorize).statusCode()).isEqualTo(503);
        // the load balancer's view: alive, but not ready, because of the store
        HttpResponse<String> ready = rp.browserGet(URI.create(server.issuer() + "/health/ready"));
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("\"store\":\"DOWN\"").contains("\"cache\":\"UP\"");
        assertThat(rp.browserGet(URI.create(server.issuer() + "/health")).statusCode()).isEqualTo(200);

        proxy.restore();

        List<Integer> failedWhileRecovering = new ArrayList<>();
        int status = 0;
        for (int call = 0; call < MAX_CALLS_UNTIL_RECOVERED && status != 200; call++) {
          status = rp.clientCredentialsHttp(seed.clientId(), seed.clientSecret(), API).getStatusCode();
          if (status != 200) {
            failedWhileRecovering.add(status);
          }
        }
        assertThat(status).as("recovered within %d calls; failures %s", MAX_CALLS_UNTIL_RECOVERED,
            failedWhileRecovering).isEqualTo(200);
        assertThat(failedWhileRecovering).as("failures while recovering are 503s").allMatch(s -> s == 503);
        assertThat(rp.browserGet(URI.create(server.issuer() + "/health/ready")).body())
            .isEqualTo("{\"status\":\"UP\",\"store\":\"UP\",\"cache\":\"UP\"}");
        for (int i = 0; i < CALLS_AFTER_RECOVERY; i++) {
          assertThat(rp.clientCredentialsHttp(seed.clientId(), seed.clientSecret(), API).getStatusCode()).isEqualTo(200);
          assertLoginRedirect(rp.browserGet(authorize));
        }
      }
    }
  }

  private static URI authorizeUri(StandaloneServer server, TestSeed seed) {
    return new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"), new ClientID(seed.clientId()),
        seed.redirectUri()).state(new State()).nonce(new Nonce())
        .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256)
        .endpointURI(URI.create(server.issuer() + "/authorize")).build().toURI();
  }

  private static void assertLoginRedirect(HttpResponse<String> response) {
    assertThat(response.statusCode()).as("GET /authorize: %s", response.body()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location").orElseThrow()).contains("/interaction/login");
  }
}
