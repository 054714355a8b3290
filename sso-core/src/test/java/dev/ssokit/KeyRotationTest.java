package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.contract.MutableClock;
import dev.ssokit.memory.InMemoryCache;
import dev.ssokit.memory.InMemoryClientStore;
import dev.ssokit.memory.InMemorySigningKeyStore;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signing keys rotate with overlap: a new key is published before it signs, the
 * old one stays published while its tokens live, and two instances on one key store agree.
 */
class KeyRotationTest {
  private static final String ISSUER = "http://localhost:9000";
  private final MutableClock clock = MutableClock.atNow();
  private final InMemorySigningKeyStore keyStore = new InMemorySigningKeyStore();
  private final InMemoryClientStore clients = new InMemoryClientStore();
  private final InMemoryCache cache = new InMemoryCache(clock);
  private SsoProvider a;
  private SsoProvider b;
  private String basic;

  @BeforeEach
  void setUp() {
    a = instance();
    b = instance();
    String secret = a.clients().register(new ClientRegistration("svc", null, List.of(), null,
        Set.of("client_credentials"), Set.of("api"), "client_secret_basic", "web", null)).clientSecret();
    basic = "Basic " + Base64.getEncoder().encodeToString(("svc:" + secret).getBytes());
  }

  private SsoProvider instance() {
    return SsoProvider.builder(SsoSettings.builder(ISSUER).build()).clock(clock).signingKeyStore(keyStore)
        .clientStore(clients).cache(cache).build();
  }

  private String token(SsoProvider p) throws Exception {
    HTTPRequest req = new HTTPRequest(HTTPRequest.Method.POST, URI.create(ISSUER + "/token").toURL());
    req.setHeader("Content-Type", "application/x-www-form-urlencoded");
    req.setHeader("Authorization", basic);
    req.setBody("grant_type=client_credentials");
    HTTPResponse res = p.handle(req);
    assertThat(res.getStatusCode()).isEqualTo(200);
    return (String) JSONObjectUtils.parse(res.getBody()).get("access_token");
  }

  private static String kid(String jwt) throws Exception {
    return SignedJWT.parse(jwt).getHeader().getKeyID();
  }

  private static List<String> jwks(SsoProvider p) throws Exception {
    HTTPResponse res = p.handle(new HTTPRequest(HTTPRequest.Method.GET, URI.create(ISSUER + "/jwks").toURL()));
    return JWKSet.parse(res.getBody()).getKeys().stream().map(JWK::getKeyID).toList();
  }

  @Test
  void whenRotatedNowThenTheNewKeySignsAtOnceAndTheOtherInstanceAcceptsItsTokensAtOnce() throws Exception {
    String oldToken = token(a);
    String oldKid = kid(oldToken);
    assertThat(b.verifyAccessToken(oldToken)).isPresent();

    String newKid = a.rotateSigningKeyNow();
    assertThat(newKid).isNotEqualTo(oldKid);
    assertThat(jwks(a)).containsExactly(newKid, oldKid);
    String newToken = token(a);
    assertThat(kid(newToken)).isEqualTo(newKid);
    // b has not run its key maintenance: an unknown kid makes it re-read the key store
    assertThat(b.verifyAccessToken(newToken)).isPresent();
    assertThat(a.verifyAccessToken(oldToken)).as("the old key stays published").isPresent();
    assertThat(b.verifyAccessToken(oldToken)).isPresent();
  }

  @Test
  void whenRotatedThenTheNewKeyIsPublishedFirstSignsLaterAndOldTokensStayValidEverywhere() throws Exception {
    String oldToken = token(a);
    String oldKid = kid(oldToken);
    assertThat(kid(token(b))).isEqualTo(oldKid);

    String newKid = a.rotateSigningKey();
    assertThat(jwks(a)).containsExactly(oldKid, newKid);
    assertThat(kid(token(a))).as("a NEXT key does not sign yet").isEqualTo(oldKid);
    b.maintainSigningKeys();
    assertThat(jwks(b)).as("the other instance publishes it after its next maintenance").containsExactly(oldKid, newKid);

    clock.advance(SsoSettings.DEFAULT_KEY_PUBLISH_AHEAD);
    String lastOld = token(a);
    assertThat(kid(lastOld)).isEqualTo(oldKid);
    a.maintainSigningKeys();
    String fresh = token(a);
    assertThat(kid(fresh)).isEqualTo(newKid);
    assertThat(b.verifyAccessToken(fresh)).as("b verifies a's new tokens before its own maintenance").isPresent();
    b.maintainSigningKeys();
    assertThat(kid(token(b))).isEqualTo(newKid);
    assertThat(jwks(b)).containsExactly(newKid, oldKid);
    // Tokens the retired key signed stay valid until they expire, on both instances.
    assertThat(a.verifyAccessToken(lastOld)).isPresent();
    assertThat(b.verifyAccessToken(lastOld)).isPresent();
  }

  @Test
  void whenKeyOutlivesTheRotationIntervalThenMaintenanceRotatesItAndLaterDropsTheRetiredOne() throws Exception {
    String firstKid = kid(token(a));
    a.maintainSigningKeys();
    assertThat(jwks(a)).as("nothing due yet").containsExactly(firstKid);

    clock.advance(SsoSettings.DEFAULT_KEY_ROTATION_INTERVAL);
    a.maintainSigningKeys();
    assertThat(jwks(a)).hasSize(2);
    String secondKid = jwks(a).get(1);
    clock.advance(SsoSettings.DEFAULT_KEY_PUBLISH_AHEAD);
    a.maintainSigningKeys();
    assertThat(kid(token(a))).isEqualTo(secondKid);
    assertThat(jwks(a)).containsExactly(secondKid, firstKid);

    // The retired key stays while tokens it signed may live, plus a day's grace; then it goes.
    clock.advance(SsoSettings.DEFAULT_ACCESS_TOKEN_LIFETIME);
    a.maintainSigningKeys();
    assertThat(jwks(a)).contains(firstKid);
    clock.advance(SsoProvider.RETIRED_KEY_GRACE.plus(Duration.ofMinutes(1)));
    a.maintainSigningKeys();
    assertThat(jwks(a)).containsExactly(secondKid);
  }

  @Test
  void whenRotationSettingsAreUnsafeThenBuildFails() {
    assertThatThrownBy(() -> SsoSettings.builder(ISSUER).keyPublishAhead(Duration.ofMinutes(1)).build())
        .hasMessageStartingWith("keyPublishAhead:");
    assertThatThrownBy(() -> SsoSettings.builder(ISSUER).keyRotationInterval(Duration.ofMinutes(30)).build())
        .hasMessageStartingWith("keyRotationInterval:");
  }
}
