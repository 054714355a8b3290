package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.ssokit.contract.MutableClock;
import dev.ssokit.memory.InMemoryCache;
import dev.ssokit.memory.InMemoryRefreshTokenStore;
import dev.ssokit.spi.Cache;
import dev.ssokit.spi.RefreshToken;
import dev.ssokit.spi.RefreshTokenStore;
import dev.ssokit.spi.StoreException;
import dev.ssokit.testkit.InProcessBrowser;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A storage failure in the middle of a token request answers 503 and loses nothing: the client's
 * retry succeeds once storage is back (no burnt code, no refresh token mistaken for a stolen one).
 */
class StorageFailureTest {
  private static final String ISSUER = "http://localhost:9000";
  private static final String CALLBACK = "https://app.example.com/cb";

  private final MutableClock clock = MutableClock.atNow();
  private final AtomicBoolean refreshStoreDown = new AtomicBoolean();
  private final AtomicBoolean cacheWritesDown = new AtomicBoolean();
  private SsoProvider provider;
  private String basic;
  private String userId;

  /** Refresh-token store whose writes fail while {@link #refreshStoreDown} is set. */
  private final class FlakyRefreshTokens implements RefreshTokenStore {
    private final RefreshTokenStore delegate = new InMemoryRefreshTokenStore();

    private void check() {
      if (refreshStoreDown.get()) {
        throw new StoreException("refresh token store unreachable (test)");
      }
    }

    @Override public void save(RefreshToken token) { check(); delegate.save(token); }
    @Override public Optional<RefreshToken> find(String hash) { return delegate.find(hash); }
    @Override public Rotation rotate(String hash, RefreshToken successor, Instant now) {
      check();
      return delegate.rotate(hash, successor, now);
    }
    @Override public boolean revokeFamily(String familyId) { return delegate.revokeFamily(familyId); }
    @Override public int revokeSession(String sessionId) { return delegate.revokeSession(sessionId); }
    @Override public int revokeSubject(String subject) { return delegate.revokeSubject(subject); }
    @Override public int revokeClient(String clientId) { return delegate.revokeClient(clientId); }
    @Override public int countActiveFamilies(String clientId, Instant now) {
      return delegate.countActiveFamilies(clientId, now);
    }
    @Override public int revokeClient(String subject, String clientId) { return delegate.revokeClient(subject, clientId); }
    @Override public int purgeExpired(Instant now, int limit) { return delegate.purgeExpired(now, limit); }
  }

  /** Cache whose writes of opaque access tokens fail while {@link #cacheWritesDown} is set. */
  private final class FlakyCache implements Cache {
    private final Cache delegate = new InMemoryCache(clock);

    @Override public void put(String key, String value, Instant expiresAt) {
      if (cacheWritesDown.get() && key.startsWith("at:")) {
        throw new StoreException("cache unreachable (test)");
      }
      delegate.put(key, value, expiresAt);
    }
    @Override public Optional<String> get(String key) { return delegate.get(key); }
    @Override public Optional<String> take(String key) { return delegate.take(key); }
    @Override public boolean putIfAbsent(String key, String value, Instant expiresAt) {
      return delegate.putIfAbsent(key, value, expiresAt);
    }
    @Override public long increment(String key, Duration window) { return delegate.increment(key, window); }
    @Override public boolean delete(String key) { return delegate.delete(key); }
  }

  @BeforeEach
  void setUp() {
    provider = SsoProvider.builder(SsoSettings.builder(ISSUER).interactionUrl("http://localhost:8081/login").build())
        .clock(clock).refreshTokenStore(new FlakyRefreshTokens()).cache(new FlakyCache()).build();
    String secret = provider.clients().register(new ClientRegistration("app", null, List.of(URI.create(CALLBACK)), null,
        Set.of("authorization_code", "refresh_token"), Set.of("openid", "offline_access"), "client_secret_basic", "web",
        "opaque")).clientSecret();
    basic = "Basic " + Base64.getEncoder().encodeToString(("app:" + secret).getBytes());
    userId = provider.users().create("u1", "long enough password", null, Map.of()).orElseThrow().id();
  }

  @Test
  void whenRefreshStoreFailsDuringCodeRedemptionThen503AndTheSameCodeWorksAfterwards() throws Exception {
    CodeVerifier verifier = new CodeVerifier();
    String code = code(verifier);
    refreshStoreDown.set(true);
    HTTPResponse failed = token("grant_type=authorization_code&code=" + code + "&redirect_uri=" + enc(CALLBACK)
        + "&code_verifier=" + verifier.getValue());
    assertThat(failed.getStatusCode()).isEqualTo(503);
    assertThat(failed.getBody()).contains("temporarily_unavailable").doesNotContain("access_token");

    refreshStoreDown.set(false);
    HTTPResponse retried = token("grant_type=authorization_code&code=" + code + "&redirect_uri=" + enc(CALLBACK)
        + "&code_verifier=" + verifier.getValue());
    assertThat(retried.getStatusCode()).isEqualTo(200);
    assertThat(JSONObjectUtils.parse(retried.getBody())).containsKeys("access_token", "refresh_token", "id_token");
    // Still single use.
    assertThat(token("grant_type=authorization_code&code=" + code + "&redirect_uri=" + enc(CALLBACK)
        + "&code_verifier=" + verifier.getValue()).getStatusCode()).isEqualTo(400);
  }

  @Test
  void whenAccessTokenCannotBeStoredDuringRefreshThen503AndTheSameRefreshTokenStillWorks() throws Exception {
    CodeVerifier verifier = new CodeVerifier();
    String refresh = (String) JSONObjectUtils.parse(token("grant_type=authorization_code&code=" + code(verifier)
        + "&redirect_uri=" + enc(CALLBACK) + "&code_verifier=" + verifier.getValue()).getBody()).get("refresh_token");

    cacheWritesDown.set(true);
    assertThat(token("grant_type=refresh_token&refresh_token=" + refresh).getStatusCode()).isEqualTo(503);
    cacheWritesDown.set(false);

    HTTPResponse retried = token("grant_type=refresh_token&refresh_token=" + refresh);
    assertThat(retried.getStatusCode()).as(retried.getBody()).isEqualTo(200);
    String next = (String) JSONObjectUtils.parse(retried.getBody()).get("refresh_token");
    assertThat(token("grant_type=refresh_token&refresh_token=" + next).getStatusCode()).isEqualTo(200);
  }

  private String code(CodeVerifier verifier) throws Exception {
    InProcessBrowser browser = new InProcessBrowser(provider);
    String challenge = CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue();
    HTTPResponse start = browser.get(ISSUER + "/authorize?response_type=code&client_id=app&redirect_uri=" + CALLBACK
        + "&scope=openid%20offline_access&code_challenge=" + challenge + "&code_challenge_method=S256");
    String id = start.getLocation().toString().replaceAll(".*interaction=", "");
    browser.get(provider.interactions().login(id, userId, null).toString());
    HTTPResponse done = browser.get(provider.interactions().consent(id, Set.of("openid", "offline_access")).toString());
    return done.getLocation().toString().replaceAll(".*[?&]code=([^&]+).*", "$1");
  }

  private HTTPResponse token(String body) throws Exception {
    HTTPRequest req = new HTTPRequest(HTTPRequest.Method.POST, URI.create(ISSUER + "/token").toURL());
    req.setHeader("Content-Type", "application/x-www-form-urlencoded");
    req.setHeader("Authorization", basic);
    req.setBody(body);
    return provider.handle(req);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
