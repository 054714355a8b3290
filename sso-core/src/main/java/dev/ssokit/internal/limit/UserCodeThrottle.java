package dev.ssokit.internal.limit;

import dev.ssokit.spi.Cache;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Guessing defence for typed device user codes (RFC 8628 §5.1): wrong codes are counted per client
 * address; an address past {@link #WRONG_CODES} in {@link #WINDOW} is refused until the window ends.
 * With 8 characters from a 20-letter alphabet (about 34 bits) that keeps an attacker's odds of
 * hitting a live code negligible.
 *
 * <p>IMPORTANT: counted in the {@link Cache}, so the limit holds across instances.
 */
public final class UserCodeThrottle {
  /** Wrong codes one client address may type per {@link #WINDOW}. */
  public static final int WRONG_CODES = 10;
  /** The counting window of {@link #WRONG_CODES}. */
  public static final Duration WINDOW = Duration.ofMinutes(10);

  private final RateCounter counter;

  public UserCodeThrottle(Cache cache, Clock clock) {
    this.counter = new RateCounter(cache, clock);
  }

  /**
   * Before looking a typed code up: refuses an address that typed too many wrong ones.
   *
   * @throws LimitExceeded 429 with the seconds to wait
   */
  public void beforeAttempt(String address) {
    counter.countAndCheck(List.of(), key(address), "Too many wrong codes.");
  }

  /** After a wrong code: counts it, and blocks the address to the end of the window once past the limit. */
  public void failed(String address) {
    if (counter.increment(key(address), WINDOW) >= WRONG_CODES) {
      counter.block(key(address), counter.windowEnd(WINDOW));
    }
  }

  private static String key(String address) {
    return "device-user-code:" + ClientAddress.limitKey(address);
  }
}
