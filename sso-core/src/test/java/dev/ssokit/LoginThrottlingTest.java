package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.contract.MutableClock;
import dev.ssokit.memory.InMemoryAuditLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 7 #10: wrong passwords slow down the (account, address) pair that sends them, exponentially,
 * and never lock the account: the victim's correct password from her own address always works.
 */
class LoginThrottlingTest {
  private static final String ATTACKER = "203.0.113.9";
  private static final String VICTIM = "198.51.100.7";

  // a fixed start well inside the hour, so no fixed counting window ends during a test
  private final MutableClock clock = new MutableClock(java.time.Instant.parse("2030-01-01T00:01:00Z"));
  private final InMemoryAuditLog audit = new InMemoryAuditLog();
  private SsoProvider provider;

  @BeforeEach
  void setUp() {
    // the per-address failure budget is raised so only the login throttle is under test here
    provider = SsoProvider.builder(SsoSettings.builder("http://localhost:8080")
            .failureLimitPerIp(new SsoSettings.RateLimit(1_000, Duration.ofMinutes(1))).build())
        .clock(clock).auditLog(audit).build();
    LoginDriver.registerClient(provider);
    provider.users().create("alice", "correct horse battery staple", null, Map.of());
  }

  @Test
  void whenAnotherAddressFailsManyTimesThenTheVictimsCorrectPasswordFromHerAddressStillWorks() throws Exception {
    LoginDriver attacker = new LoginDriver(provider, ATTACKER).start();
    for (int i = 0; i < 30; i++) {
      assertThat(attacker.login("alice", "guess-" + i).getStatusCode()).isIn(401, 429);
    }
    assertThat(attacker.login("alice", "guess-x").getStatusCode()).as("the attacker is slowed down").isEqualTo(429);

    HTTPResponse victim = new LoginDriver(provider, VICTIM).start().login("alice", "correct horse battery staple");

    assertThat(victim.getStatusCode()).as("no lockout of the account").isBetween(300, 399);
  }

  @Test
  void whenOneAddressKeepsFailingThenItBacksOffExponentiallyWithRetryAfter() throws Exception {
    LoginDriver browser = new LoginDriver(provider, ATTACKER).start();

    assertThat(backOffs(browser, "alice")).containsExactly(1L, 2L, 4L, 8L);
  }

  @Test
  void whenTheAccountDoesNotExistThenAnswersAndBackOffsAreTheSame() throws Exception {
    LoginDriver browser = new LoginDriver(provider, ATTACKER).start();

    assertThat(backOffs(browser, "nobody")).containsExactly(1L, 2L, 4L, 8L);
    HTTPResponse failed = browser.login("nobody", "x");
    assertThat(failed.getStatusCode()).isEqualTo(401);
    assertThat(failed.getBody()).contains("Wrong username or password.");
    HTTPResponse wait = browser.login("nobody", "x");
    assertThat(wait.getStatusCode()).isEqualTo(429);
    assertThat(wait.getBody()).contains("Too many failed attempts");
  }

  @Test
  void whenTheBackingOffAddressWaitsThenItsCorrectPasswordWorks() throws Exception {
    LoginDriver browser = new LoginDriver(provider, VICTIM).start();
    for (int i = 0; i < 4; i++) {
      assertThat(browser.login("alice", "typo-" + i).getStatusCode()).isEqualTo(401);
    }
    HTTPResponse refused = browser.login("alice", "correct horse battery staple");
    assertThat(refused.getStatusCode()).isEqualTo(429);
    assertThat(refused.getHeaderValue("Retry-After")).isEqualTo("1");

    clock.advance(Duration.ofSeconds(1));

    assertThat(browser.login("alice", "correct horse battery staple").getStatusCode()).isBetween(300, 399);
    assertThat(audit.recent(100)).anyMatch(e -> e.type().equals("login.throttled") && VICTIM.equals(e.ip()));
  }

  @Test
  void whenTheAccountIsUnderAttackFromManyAddressesThenEachFailingAddressBacksOffAtOnce() throws Exception {
    for (int i = 0; i < SsoSettings.DEFAULT_LOGIN_ACCOUNT_SLOWDOWN; i++) {
      // many addresses, each within its free failures
      assertThat(new LoginDriver(provider, "203.0.113." + (10 + i)).start().login("alice", "spray").getStatusCode())
          .isEqualTo(401);
    }
    LoginDriver fresh = new LoginDriver(provider, "203.0.113.200").start();

    assertThat(fresh.login("alice", "spray").getStatusCode()).isEqualTo(401);
    assertThat(fresh.login("alice", "spray").getStatusCode()).as("no free failures under attack").isEqualTo(429);
    assertThat(new LoginDriver(provider, VICTIM).start().login("alice", "correct horse battery staple")
        .getStatusCode()).as("an address that has not failed is never refused").isBetween(300, 399);
  }

  /** Fails until four back-offs were seen, waiting each out; returns their Retry-After values. */
  private List<Long> backOffs(LoginDriver browser, String username) throws Exception {
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < SsoSettings.DEFAULT_LOGIN_FREE_FAILURES; i++) {
      assertThat(browser.login(username, "wrong").getStatusCode()).as("free failure").isEqualTo(401);
    }
    while (waits.size() < 4) {
      assertThat(browser.login(username, "wrong").getStatusCode()).isEqualTo(401);
      HTTPResponse refused = browser.login(username, "wrong");
      assertThat(refused.getStatusCode()).isEqualTo(429);
      long wait = Long.parseLong(refused.getHeaderValue("Retry-After"));
      waits.add(wait);
      clock.advance(Duration.ofSeconds(wait));
    }
    return waits;
  }
}
