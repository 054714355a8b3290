package dev.ssokit.internal.dpop;

import dev.ssokit.SsoSettings;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.Cache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Server-provided DPoP nonces (RFC 9449 §8, §9): one random nonce per {@link #ROTATION} window,
 * shared by every instance through the {@link Cache} (the first instance to need a window's nonce
 * writes it with {@link Cache#putIfAbsent}, the others read that one), so a nonce handed out by one
 * instance is accepted by all. A proof's nonce is accepted while it is the nonce of the current or
 * the previous window: between one and two rotations after it was first handed out.
 *
 * <p>IMPORTANT: each instance remembers the values of the last windows it saw, so a proof costs at
 * most one cache read per window and instance.
 */
public final class DPoPNonces {
  /** How often the nonce changes. */
  static final Duration ROTATION = SsoSettings.DPOP_NONCE_ROTATION;
  private static final String PREFIX = "dpop-nonce:";

  private final Cache cache;
  private final Clock clock;
  private final boolean required;
  /** The last window and nonce this instance saw, and the one before it: {@code {window, nonce}}. */
  private volatile Known latest = new Known(Long.MIN_VALUE, null);
  private volatile Known previous = new Known(Long.MIN_VALUE, null);

  private record Known(long window, String nonce) {}

  /** @param required whether proofs must carry a nonce ({@code SsoSettings.dpopNonces}) */
  public DPoPNonces(Cache cache, Clock clock, boolean required) {
    this.cache = cache;
    this.clock = clock;
    this.required = required;
  }

  /** True when proofs must carry a nonce of this provider. */
  public boolean required() {
    return required;
  }

  /** The nonce to hand out now ({@code DPoP-Nonce}), or {@code null} when nonces are off. */
  public String current() {
    return required ? nonceOf(window(clock.instant())) : null;
  }

  /** True when {@code nonce} is the nonce of the current or the previous window. */
  public boolean accepts(String nonce) {
    if (nonce == null || nonce.isEmpty()) {
      return false;
    }
    long now = window(clock.instant());
    return OpaqueToken.equalsConstantTime(nonce, nonceOf(now))
        || OpaqueToken.equalsConstantTime(nonce, nonceOf(now - 1));
  }

  private static long window(Instant t) {
    return Math.floorDiv(t.getEpochSecond(), ROTATION.getSeconds());
  }

  private String nonceOf(long window) {
    Known l = latest;
    if (l.window() == window) {
      return l.nonce();
    }
    Known p = previous;
    if (p.window() == window) {
      return p.nonce();
    }
    String key = PREFIX + window;
    // kept for the two windows in which it is accepted, and a little longer for clock skew between instances
    Instant expires = Instant.ofEpochSecond((window + 3) * ROTATION.getSeconds());
    String candidate = OpaqueToken.generate();
    Optional<String> stored = cache.putIfAbsent(key, candidate, expires) ? Optional.of(candidate) : cache.get(key);
    if (stored.isEmpty()) {
      return candidate; // the entry vanished between the two calls: not remembered, the next call reads again
    }
    String nonce = stored.get();
    synchronized (this) {
      if (window > latest.window()) {
        previous = latest;
        latest = new Known(window, nonce);
      } else if (window > previous.window() && window != latest.window()) {
        previous = new Known(window, nonce);
      }
    }
    return nonce;
  }
}
