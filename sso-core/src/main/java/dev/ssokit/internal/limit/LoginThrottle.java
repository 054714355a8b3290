package dev.ssokit.internal.limit;

import dev.ssokit.SsoSettings;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.Cache;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Password guessing defence without lockout (issue 7 #10; OWASP ASVS 5.0 V6.3.5, NIST SP 800-63B
 * §5.2.2 "rate limiting"): failures are counted per (account, client address) pair and per account.
 * A pair past {@code loginFreeFailures} backs off exponentially (1 s, 2 s, 4 s, ... up to
 * {@code loginMaxBackoff}); an account past {@code loginAccountSlowdown} failures is under attack and
 * then every pair backs off from its first failure.
 *
 * <p>IMPORTANT: only a pair that failed is ever refused, so nobody can lock a victim out: a correct
 * password from an address that has not failed for that account always gets through. The account
 * key is the submitted username, whether or not it exists: unknown accounts get the same answers.
 */
public final class LoginThrottle {
  private final SsoSettings settings;
  private final RateCounter counter;
  private final Clock clock;
  private final AbuseLimits limits;

  public LoginThrottle(SsoSettings settings, Cache cache, Clock clock) {
    this.settings = settings;
    this.counter = new RateCounter(cache, clock);
    this.clock = clock;
    this.limits = new AbuseLimits(settings, cache, clock);
  }

  /**
   * Before checking a password: counts the attempt for the interaction's client (per-client rate
   * limit of the login endpoint; {@code null} for a first-party sign-in through the account API) and
   * refuses a pair that is backing off.
   *
   * @throws LimitExceeded 429 with the seconds to wait
   */
  public void beforeAttempt(String clientId, String account, String address) {
    // one cache call: the client's count and the pair's back-off
    counter.countAndCheck(clientId == null ? List.of() : List.of(limits.perClient("/interaction/login", clientId)),
        pairKey(account, address), "Too many failed attempts.");
  }

  /** After a wrong password: counts it and starts the pair's back-off when due. */
  public void failed(String account, String address) {
    Duration window = settings.loginFailureWindow();
    String pair = pairKey(account, address);
    long pairFailures = counter.increment(pair, window);
    long accountFailures = counter.increment("login-account:" + OpaqueToken.hash(account), window);
    long free = accountFailures > settings.loginAccountSlowdown() ? 0 : settings.loginFreeFailures();
    if (pairFailures > free) {
      long doublings = Math.min(pairFailures - free - 1, 30);
      Duration wait = Duration.ofSeconds(1L << doublings);
      if (wait.compareTo(settings.loginMaxBackoff()) > 0) {
        wait = settings.loginMaxBackoff();
      }
      counter.block(pair, clock.instant().plus(wait));
    }
  }

  private static String pairKey(String account, String address) {
    return "login-pair:" + OpaqueToken.hash(account + "\n" + ClientAddress.limitKey(address));
  }
}
