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
  /** {@code session-sid:<sid>} holds the key of the session, so an administrator can end it by sid. */
  private static final String SID_PREFIX = "session-sid:";
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
        clock.instant().plus(lifetime), List.of());
    cache.put(PREFIX + OpaqueToken.hash(cookie), session.toJson(), session.expiresAt());
    cache.put(SID_PREFIX + session.sid(), OpaqueToken.hash(cookie), session.expiresAt());
    return new Created(cookie, session);
  }

  /**
   * Records that {@code clientId} got a code in {@code session} (opened by {@code cookieValue});
   * returns the updated session, or empty when the client was recorded already.
   */
  public Optional<BrowserSession> addClient(String cookieValue, BrowserSession session, String clientId) {
    if (cookieValue == null || session.clients().contains(clientId)) {
      return Optional.empty();
    }
    List<String> clients = new java.util.ArrayList<>(session.clients());
    clients.add(clientId);
    BrowserSession updated = new BrowserSession(session.sid(), session.subject(), session.authTime(), session.amr(),
        session.expiresAt(), clients);
    cache.put(PREFIX + OpaqueToken.hash(cookieValue), updated.toJson(), updated.expiresAt());
    return Optional.of(updated);
  }

  /** Ends the session of public id {@code sid}, wherever its browser is (administrator action). */
  public void deleteBySid(String sid) {
    cache.take(SID_PREFIX + sid).ifPresent(key -> cache.delete(PREFIX + key));
  }

  public void delete(String cookieValue) {
    if (cookieValue != null) {
      cache.delete(PREFIX + OpaqueToken.hash(cookieValue));
    }
  }
}
