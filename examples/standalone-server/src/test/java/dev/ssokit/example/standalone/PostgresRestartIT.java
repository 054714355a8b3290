package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import dev.ssokit.testkit.PostgresSchema;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone server on PostgreSQL keeps what must outlive a restart: the registered client,
 * the user, an issued refresh token (still rotating, still detecting reuse) and the signing key.
 */
class PostgresRestartIT {
  @RegisterExtension
  static final PostgresSchema DB = new PostgresSchema();

  private static final Scope OFFLINE = new Scope("openid", "offline_access");

  @TempDir
  Path dir;

  @Test
  void whenTheServerRestartsOnTheSameDatabaseThenClientUserRefreshTokenAndKeySurvive() throws Exception {
    TestSeed seed = TestSeed.write(dir, "restart-app");
    Map<String, String> env = new HashMap<>(DatabaseEnv.of(DB));
    env.put("SSO_PORT", "0");
    env.put("SSO_SEED_FILE", seed.file().toString());

    RefreshToken issuedBeforeRestart;
    String accessTokenBeforeRestart;
    JWKSet keysBeforeRestart;
    String issuer;
    try (StandaloneServer first = StandaloneServer.start(env)) {
      issuer = first.issuer().toString();
      // no SSO_KEY_ENCRYPTION_SECRET with a durable store: the operator is told at start
      assertThat(String.join("\n", first.banner()))
          .contains("WARNING:   private signing keys are stored UNENCRYPTED in PostgreSQL");
      OidcTestClient rp = OidcTestClient.of(first);
      AccessTokenResponse tokens = success(rp.codeFlow(seed.clientId(), seed.clientSecret(), seed.redirectUri(),
          OFFLINE, seed.username(), seed.password()));
      issuedBeforeRestart = tokens.getTokens().getRefreshToken();
      assertThat(issuedBeforeRestart).as("offline_access yields a refresh token").isNotNull();
      accessTokenBeforeRestart = tokens.getTokens().getAccessToken().getValue();
      keysBeforeRestart = rp.jwks();
    }

    // the same address, so the same issuer: a restart, not a new deployment
    env.put("SSO_PORT", String.valueOf(java.net.URI.create(issuer).getPort()));
    try (StandaloneServer second = StandaloneServer.start(env)) {
      assertThat(second.issuer().toString()).isEqualTo(issuer);
      assertThat(String.join("\n", second.banner()))
          .contains("clients created [], kept [restart-app]")
          .contains("users created [], kept [alice]");
      OidcTestClient rp = OidcTestClient.of(second);

      // the signing key came from the database, not a fresh generation
      JWKSet keysAfterRestart = rp.jwks();
      assertThat(kids(keysAfterRestart)).isEqualTo(kids(keysBeforeRestart));
      assertThat(keysAfterRestart.toString()).isEqualTo(keysBeforeRestart.toString());
      assertThat(second.provider().verifyAccessToken(accessTokenBeforeRestart))
          .as("an access token signed before the restart still verifies").isPresent();

      // the client still authenticates with its secret
      success(rp.clientCredentials(seed.clientId(), seed.clientSecret(), new Scope(TestSeed.API_SCOPE)));

      // the refresh token issued before the restart rotates (OAuth 2.1 §4.3.1)
      RefreshToken rotated = success(rp.refresh(seed.clientId(), seed.clientSecret(), issuedBeforeRestart))
          .getTokens().getRefreshToken();
      assertThat(rotated).isNotNull();
      assertThat(rotated.getValue()).isNotEqualTo(issuedBeforeRestart.getValue());
      RefreshToken rotatedAgain = success(rp.refresh(seed.clientId(), seed.clientSecret(), rotated))
          .getTokens().getRefreshToken();
      assertThat(rotatedAgain).isNotNull();

      // the user can still log in (a new browser: no session, so the login page)
      AccessTokenResponse afterLogin = success(rp.codeFlow(seed.clientId(), seed.clientSecret(), seed.redirectUri(),
          OFFLINE, seed.username(), seed.password()));
      assertThat(afterLogin.getTokens().getRefreshToken()).isNotNull();

      // the token used before the restart is remembered as used: reuse revokes its family (RFC 9700 §4.14.2)
      TokenResponse reuse = rp.refresh(seed.clientId(), seed.clientSecret(), issuedBeforeRestart);
      assertThat(reuse.indicatesSuccess()).isFalse();
      assertThat(reuse.toErrorResponse().getErrorObject().getCode()).isEqualTo(OAuth2Error.INVALID_GRANT.getCode());
      assertThat(rp.refresh(seed.clientId(), seed.clientSecret(), rotatedAgain).indicatesSuccess())
          .as("the newest token of a revoked family").isFalse();
    }
  }

  static AccessTokenResponse success(TokenResponse response) {
    assertThat(response.indicatesSuccess())
        .as(() -> "token error: " + response.toErrorResponse().getErrorObject().toJSONObject())
        .isTrue();
    return response.toSuccessResponse();
  }

  static List<String> kids(JWKSet set) {
    return set.getKeys().stream().map(JWK::getKeyID).sorted().toList();
  }
}
