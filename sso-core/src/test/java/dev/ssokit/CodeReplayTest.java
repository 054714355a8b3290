package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.contract.MutableClock;
import dev.ssokit.memory.InMemoryAuditLog;
import dev.ssokit.memory.InMemoryCache;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A replayed authorization code (RFC 6749 §4.1.2): always refused; within one code lifetime of its first
 * redemption it also revokes what that redemption issued. The marker that remembers the redemption lasts
 * that long only, so sign-ins do not leave a cache entry each for as long as their tokens live.
 */
class CodeReplayTest {
  private final MutableClock clock = MutableClock.atNow();
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private final InMemoryCache cache = new InMemoryCache(clock);
  private final SsoProvider provider = SsoProvider.builder(SsoSettings.builder("http://localhost:8080").build())
      .clock(clock).cache(cache).auditLog(audit).build();

  private final LoginDriver browser = new LoginDriver(provider, "198.51.100.7");

  @BeforeEach
  void signUp() {
    LoginDriver.registerClient(provider);
    provider.users().create("bob", "bobs right password", null, Map.of());
  }

  private String accessToken;

  private String redeemedCode() throws Exception {
    String code = browser.code(browser.start().login("bob", "bobs right password"));
    HTTPResponse tokens = browser.redeem(code);
    assertThat(tokens.getStatusCode()).isEqualTo(200);
    accessToken = tokens.getBodyAsJSONObject().getAsString("access_token");
    return code;
  }

  private int userInfoStatus() throws Exception {
    HTTPRequest get = new HTTPRequest(HTTPRequest.Method.GET, URI.create("http://localhost:8080/userinfo").toURL());
    get.setAuthorization("Bearer " + accessToken);
    return browser.send(get).getStatusCode();
  }

  private long replays() {
    return audit.recent(100).stream().filter(e -> e.type().equals("code.replayed")).count();
  }

  @Test
  void whenACodeIsReplayedWithinItsLifetimeAfterUseThenItIsRefusedAndItsGrantRevoked() throws Exception {
    String code = redeemedCode();
    assertThat(userInfoStatus()).isEqualTo(200);

    clock.advance(SsoSettings.DEFAULT_AUTHORIZATION_CODE_LIFETIME.minusSeconds(1));
    HTTPResponse replay = browser.redeem(code);

    assertThat(replay.getStatusCode()).isEqualTo(400);
    assertThat(ErrorObject.parse(replay).getCode()).isEqualTo("invalid_grant");
    assertThat(replays()).isEqualTo(1);
    assertThat(userInfoStatus()).isEqualTo(401);
  }

  @Test
  void whenACodeIsReplayedLaterThenItIsRefusedAndItsMarkerIsGone() throws Exception {
    String code = redeemedCode();
    String marker = "code-used:" + dev.ssokit.internal.token.OpaqueToken.hash(code);
    assertThat(cache.get(marker)).isPresent();

    clock.advance(SsoSettings.DEFAULT_AUTHORIZATION_CODE_LIFETIME.plus(Duration.ofSeconds(1)));
    HTTPResponse replay = browser.redeem(code);

    assertThat(replay.getStatusCode()).isEqualTo(400);
    assertThat(ErrorObject.parse(replay).getCode()).isEqualTo("invalid_grant");
    assertThat(cache.get(marker)).isEmpty();
    assertThat(replays()).isZero();
  }
}
