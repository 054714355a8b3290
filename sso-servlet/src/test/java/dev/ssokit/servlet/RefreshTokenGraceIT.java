package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import dev.ssokit.SsoProvider;
import dev.ssokit.SsoSettings;
import dev.ssokit.contract.MutableClock;
import dev.ssokit.memory.InMemoryCache;
import dev.ssokit.memory.InMemoryClientStore;
import dev.ssokit.memory.InMemoryConsentStore;
import dev.ssokit.memory.InMemoryRefreshTokenStore;
import dev.ssokit.memory.InMemorySigningKeyStore;
import dev.ssokit.memory.InMemoryUserStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The refresh-token reuse grace window: a rotated-away token presented again by its client within
 * the window gets a fresh token of the same family (on any instance: the window lives in the shared
 * cache); after the window, reuse still revokes the family. Off by default.
 */
class RefreshTokenGraceIT {
  private static final Duration GRACE = Duration.ofSeconds(10);
  private static final MutableClock CLOCK = MutableClock.atNow();
  private static TestProvider provider;
  private static TestProvider withoutGrace;
  /** A second instance on the same stores and cache, as behind a load balancer. */
  private static SsoProvider secondInstance;
  private static RelyingParty rp;

  @BeforeAll
  static void start() throws Exception {
    InMemoryCache cache = new InMemoryCache(CLOCK);
    InMemoryRefreshTokenStore refreshTokens = new InMemoryRefreshTokenStore();
    InMemoryClientStore clients = new InMemoryClientStore();
    InMemoryUserStore users = new InMemoryUserStore();
    InMemorySigningKeyStore keys = new InMemorySigningKeyStore();
    InMemoryConsentStore consents = new InMemoryConsentStore();
    provider = TestProvider.start(s -> s.refreshTokenReuseGrace(GRACE), b -> b.clock(CLOCK).cache(cache)
        .refreshTokenStore(refreshTokens).clientStore(clients).userStore(users).signingKeyStore(keys)
        .consentStore(consents));
    secondInstance = SsoProvider.builder(SsoSettings.builder(provider.issuer).refreshTokenReuseGrace(GRACE).build())
        .clock(CLOCK).cache(cache).refreshTokenStore(refreshTokens).clientStore(clients).userStore(users)
        .signingKeyStore(keys).consentStore(consents).build();
    withoutGrace = TestProvider.start();
    rp = RelyingParty.clientA(provider);
  }

  @AfterAll
  static void stop() {
    provider.close();
    withoutGrace.close();
  }

  private static RefreshToken signIn(TestProvider p) {
    RelyingParty client = RelyingParty.clientA(p);
    RelyingParty.Attempt attempt = client.attempt();
    return AuthorizationCodeFlowIT.oidcTokens(attempt.redeem(client.signIn(p.browser(), attempt))).getRefreshToken();
  }

  private static RefreshToken refreshed(TokenResponse response) {
    return AuthorizationCodeFlowIT.oidcTokens(response).getRefreshToken();
  }

  /** A refresh at the second instance. */
  private static TokenResponse refreshAtSecondInstance(RefreshToken token) throws Exception {
    TokenRequest request = new TokenRequest(rp.metadata.getTokenEndpointURI(),
        new ClientSecretBasic(new ClientID(TestProvider.CLIENT_A), new Secret(provider.secretA)),
        new com.nimbusds.oauth2.sdk.RefreshTokenGrant(token));
    return OIDCTokenResponseParser.parse(secondInstance.handle(request.toHTTPRequest()));
  }

  @Test
  void whenRotatedTokenIsPresentedAgainWithinTheWindowThenItGetsAFreshTokenOfTheSameFamily() throws Exception {
    RefreshToken first = signIn(provider);
    RefreshToken successor = refreshed(rp.refresh(first));

    // the concurrent second refresh arrives at the other instance, a moment later
    CLOCK.advance(Duration.ofSeconds(3));
    RefreshToken branch = refreshed(refreshAtSecondInstance(first));
    assertThat(branch.getValue()).isNotEqualTo(successor.getValue());

    // nothing was revoked: both successors go on rotating
    assertThat(refreshed(rp.refresh(successor))).isNotNull();
    assertThat(refreshed(refreshAtSecondInstance(branch))).isNotNull();
  }

  @Test
  void whenRotatedTokenIsPresentedAgainAfterTheWindowThenTheFamilyIsRevoked() throws Exception {
    RefreshToken first = signIn(provider);
    RefreshToken successor = refreshed(rp.refresh(first));

    CLOCK.advance(GRACE.plusSeconds(1));
    assertThat(AuthorizationCodeFlowIT.error(refreshAtSecondInstance(first))).isEqualTo("invalid_grant");
    assertThat(AuthorizationCodeFlowIT.error(rp.refresh(successor))).isEqualTo("invalid_grant");
  }

  @Test
  void whenAnotherClientPresentsTheRotatedTokenWithinTheWindowThenInvalidGrant() {
    RefreshToken first = signIn(provider);
    refreshed(rp.refresh(first));
    assertThat(AuthorizationCodeFlowIT.error(RelyingParty.clientB(provider).refresh(first))).isEqualTo("invalid_grant");
  }

  @Test
  void whenNoWindowIsSetThenImmediateReuseRevokesTheFamily() {
    RefreshToken first = signIn(withoutGrace);
    RelyingParty client = RelyingParty.clientA(withoutGrace);
    RefreshToken successor = refreshed(client.refresh(first));
    assertThat(AuthorizationCodeFlowIT.error(client.refresh(first))).isEqualTo("invalid_grant");
    assertThat(AuthorizationCodeFlowIT.error(client.refresh(successor))).isEqualTo("invalid_grant");
  }
}
