package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.contract.MutableClock;
import dev.ssokit.memory.InMemoryCache;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The in-memory cache's bound over HTTP: a flood of authorization requests (one pending interaction
 * each) fills it; the next one gets a 503 page with {@code Retry-After}, never a 500 or an exhausted
 * heap, and sign-ins work again once the pending interactions expire.
 */
class InMemoryBoundsTest {
  private final MutableClock clock = MutableClock.atNow();
  private final SsoProvider provider = SsoProvider.builder(SsoSettings.builder("http://localhost:8080").build())
      .clock(clock).cache(new InMemoryCache(clock, 32 * 1024)).build();

  @Test
  void whenPendingInteractionsFillTheCacheThenAuthorizeAnswers503UntilTheyExpire() throws Exception {
    LoginDriver.registerClient(provider);
    HTTPResponse answer = null;
    int accepted = 0;
    for (int i = 0; i < 200; i++) {
      answer = new LoginDriver(provider, "198.51.100.7").authorize();
      if (answer.getStatusCode() != 302) {
        break;
      }
      accepted++;
    }

    assertThat(accepted).isBetween(5, 199);
    assertThat(answer.getStatusCode()).isEqualTo(503);
    assertThat(answer.getHeaderValue("Retry-After")).isEqualTo("5");
    assertThat(answer.getHeaderValue("Content-Type")).startsWith("text/html");

    clock.advance(SsoSettings.DEFAULT_INTERACTION_LIFETIME.plus(Duration.ofSeconds(1)));
    HTTPResponse again = new LoginDriver(provider, "198.51.100.7").authorize();
    assertThat(again.getStatusCode()).isEqualTo(302);
    assertThat(again.getLocation().getPath()).endsWith("/interaction/login");
  }

  @Test
  void whenReturningSignInsOutgrowTheCacheWithUsedCodeMarkersThenTheyGoOnWithout503() throws Exception {
    LoginDriver.registerClient(provider);
    provider.users().create("bob", "bobs right password", null, Map.of());
    LoginDriver browser = new LoginDriver(provider, "198.51.100.8").keepingCookies();
    assertThat(browser.redeem(browser.code(browser.start().login("bob", "bobs right password"))).getStatusCode())
        .isEqualTo(200);

    // each sign-in leaves a used-code marker for a minute: 400 of them are about three times the 32 KiB bound,
    // and the oldest make room for the next code instead of the code being refused with 503
    for (int i = 0; i < 400; i++) {
      HTTPResponse tokens = browser.redeem(browser.code(browser.authorize()));
      assertThat(tokens.getStatusCode()).as("sign-in %d", i).isEqualTo(200);
    }
  }
}
