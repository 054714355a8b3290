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
 * cache never holds the cookie value itself. The session ends at its absolute lifetime or after the
 * idle timeout without use, whichever comes first.
 *
 * <p>IMPORTANT: the idle deadline lives under its own key {@code session-idle:<sha256>}, read with
 * the session in one round trip and rewritten at most once per tenth of the idle timeout (not at
 * every request). Only that key is ever rewritten: a sliding refresh racing a logout on another
 * instance can bring back the idle key, never the deleted session.
 */
public final class SessionStore {
  private static final String PREFIX = "session:";
  /** {@code session-sid:<sid>} holds the key of the session, so an administrator can end it by sid. */
  private static final String SID_PREFIX = "session-sid:";
  private static final String IDLE_PREFIX = "session-idle:";
  /** The idle deadline is pushed forward once less than this share of the idle timeout remains. */
  private static final int REFRESH_BELOW_NINE_TENTHS = 9;
  private final Cache cache;
  private final Clock clock;
  private final Duration lifetime;
  private final Duration idleTimeout;

  /** A new session and the cookie value that opens it. */
  public record Created(String cookieValue, BrowserSession session) {}

  public SessionStore(Cache cache, Clock clock, Duration lifetime, Duration idleTimeout) {
    this.cache = cache;
    this.clock = clock;
    this.lifetime = lifetime;
    this.idleTimeout = idleTimeout;
  }

  /** The live session the cookie opens; slides its idle deadline when that is due. */
  public Optional<BrowserSession> find(String cookieValue) {
    if (cookieValue == null || cookieValue.length() > 64) {
      return Optional.empty();
    }
    String hash = OpaqueToken.hash(cookieValue);
    List<Optional<String>> values = cache.getAll(List.of(PREFIX + hash, IDLE_PREFIX + hash));
    if (values.get(0).isEmpty()) {
      return Optional.empty();
    }
    BrowserSession session;
    try {
      session = BrowserSession.fromJson(values.get(0).get());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Optional<Instant> idleEnd = values.get(1).flatMap(SessionStore::epoch);
    if (idleEnd.isEmpty() && session.idleTracked()) {
      return Optional.empty(); // idle timeout reached
    }
    Instant deadline = idleEnd.orElse(now); // sessions written before idle timeouts get one from now on
    Duration left = Duration.between(now, deadline);
    if (left.multipliedBy(10).compareTo(idleTimeout.multipliedBy(REFRESH_BELOW_NINE_TENTHS)) < 0) {
      deadline = idleDeadline(now, session.expiresAt());
      cache.put(IDLE_PREFIX + hash, String.valueOf(deadline.getEpochSecond()), deadline);
    }
    return Optional.of(session.withIdleExpiresAt(deadline));
  }

  public Created create(String subject, Instant authTime, List<String> amr) {
    String cookie = OpaqueToken.generate();
    String hash = OpaqueToken.hash(cookie);
    Instant now = clock.instant();
    Instant expiresAt = now.plus(lifetime);
    Instant idleEnd = idleDeadline(now, expiresAt);
    BrowserSession session = new BrowserSession(OpaqueToken.generate().substring(0, 22), subject, authTime, amr,
        expiresAt, true, idleEnd, List.of());
    cache.put(IDLE_PREFIX + hash, String.valueOf(idleEnd.getEpochSecond()), idleEnd);
    cache.put(PREFIX + hash, session.toJson(), session.expiresAt());
    cache.put(SID_PREFIX + session.sid(), hash, session.expiresAt());
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
    BrowserSession updated = session.withClients(clients);
    cache.put(PREFIX + OpaqueToken.hash(cookieValue), updated.toJson(), updated.expiresAt());
    return Optional.of(updated);
  }

  /** Ends the session of public id {@code sid}, wherever its browser is (administrator action). */
  public void deleteBySid(String sid) {
    cache.take(SID_PREFIX + sid).ifPresent(key -> {
      cache.delete(PREFIX + key);
      cache.delete(IDLE_PREFIX + key);
    });
  }

  public void delete(String cookieValue) {
    if (cookieValue != null) {
      String hash = OpaqueToken.hash(cookieValue);
      cache.delete(PREFIX + hash);
      cache.delete(IDLE_PREFIX + hash);
    }
  }

  private Instant idleDeadline(Instant now, Instant absoluteEnd) {
    Instant idle = now.plus(idleTimeout);
    return absoluteEnd != null && absoluteEnd.isBefore(idle) ? absoluteEnd : idle;
  }

  private static Optional<Instant> epoch(String value) {
    try {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(value)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
