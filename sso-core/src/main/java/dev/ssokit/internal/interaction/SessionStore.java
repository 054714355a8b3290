package dev.ssokit.internal.interaction;

import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.Cache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Browser sessions in the {@link Cache}, under {@code session:<sha256 of the cookie value>}: the
 * cache never holds the cookie value itself.
 */
public final class SessionStore {
  private static final String PREFIX = "session:";
  private final Cache cache;
  private final Clock clock;
  private final Duration lifetime;

  /** A new session and the cookie value that opens it. */
  public record Created(String cookieValue, BrowserSession session) {}

  public SessionStore(Cache cache, Clock clock, Duration lifetime) {
    this.cache = cache;
    this.clock = clock;
    this.lifetime = lifetime;
  }

  public Duration lifetime() {
    return lifetime;
  }

  public Optional<BrowserSession> find(String cookieValue) {
    if (cookieValue == null || cookieValue.length() > 64) {
      return Optional.empty();
    }
    return cache.get(PREFIX + OpaqueToken.hash(cookieValue)).flatMap(json -> {
      try {
        return Optional.of(BrowserSession.fromJson(json));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    });
  }

  public Created create(String subject, Instant authTime, List<String> amr) {
    String cookie = OpaqueToken.generate();
    BrowserSession session = new BrowserSession(OpaqueToken.generate().substring(0, 22), subject, authTime, amr,
        clock.instant().plus(lifetime));
    cache.put(PREFIX + OpaqueToken.hash(cookie), session.toJson(), session.expiresAt());
    return new Created(cookie, session);
  }

  public void delete(String cookieValue) {
    if (cookieValue != null) {
      cache.delete(PREFIX + OpaqueToken.hash(cookieValue));
    }
  }
}
