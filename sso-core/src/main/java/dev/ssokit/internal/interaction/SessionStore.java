package dev.ssokit.internal.interaction;

import com.nimbusds.jose.util.JSONArrayUtils;
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
 * every request). The clients that got a code in the session live under
 * {@code session-clients:<sha256>}, also read in that round trip. Only those two keys are ever
 * rewritten: a sliding refresh or a new client racing a logout on another instance can bring back
 * one of them, never the deleted session.
 */
public final class SessionStore {
  private static final String PREFIX = "session:";
  /** {@code session-sid:<sid>} holds the key of the session, so an administrator can end it by sid. */
  private static final String SID_PREFIX = "session-sid:";
  private static final String IDLE_PREFIX = "session-idle:";
  private static final String CLIENTS_PREFIX = "session-clients:";
  /**
   * {@code session-subject:<sha256 of sub>} lists the sids of the subject's recent sessions (newest last), so the
   * account API can list and end them. Read-modify-write: two logins racing on two instances may drop one sid
   * from the list (that session then ends only at its own deadline or by its sign-out).
   */
  private static final String SUBJECT_PREFIX = "session-subject:";
  /** Sessions listed per subject; older ones drop off the list (not out of the cache). */
  static final int MAX_LISTED_SESSIONS = 20;
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
    List<Optional<String>> values = cache.getAll(List.of(PREFIX + hash, IDLE_PREFIX + hash, CLIENTS_PREFIX + hash));
    if (values.get(0).isEmpty()) {
      return Optional.empty();
    }
    BrowserSession session;
    try {
      session = BrowserSession.fromJson(values.get(0).get()).withClients(clients(values.get(2)));
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
    List<String> sids = new java.util.ArrayList<>(subjectSids(subject));
    sids.add(session.sid());
    while (sids.size() > MAX_LISTED_SESSIONS) {
      sids.remove(0);
    }
    cache.put(SUBJECT_PREFIX + OpaqueToken.hash(subject), JSONArrayUtils.toJSONString(sids), expiresAt);
    return new Created(cookie, session);
  }

  /** The live sessions of {@code subject} (at most {@value #MAX_LISTED_SESSIONS}, oldest first). */
  public List<BrowserSession> findBySubject(String subject) {
    List<BrowserSession> out = new java.util.ArrayList<>();
    for (String sid : subjectSids(subject)) {
      Optional<String> hash = cache.get(SID_PREFIX + sid);
      if (hash.isEmpty()) {
        continue;
      }
      List<Optional<String>> values = cache.getAll(List.of(PREFIX + hash.get(), IDLE_PREFIX + hash.get(),
          CLIENTS_PREFIX + hash.get()));
      if (values.get(0).isEmpty() || values.get(1).isEmpty()) {
        continue;
      }
      try {
        BrowserSession s = BrowserSession.fromJson(values.get(0).get()).withClients(clients(values.get(2)));
        if (s.subject().equals(subject)) {
          out.add(s.withIdleExpiresAt(epoch(values.get(1).get()).orElse(null)));
        }
      } catch (IllegalArgumentException e) {
        // a record this version cannot read is not listed; it still ends at its deadline
      }
    }
    return out;
  }

  private List<String> subjectSids(String subject) {
    return cache.get(SUBJECT_PREFIX + OpaqueToken.hash(subject)).map(SessionStore::clients).orElse(List.of());
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
    cache.put(CLIENTS_PREFIX + OpaqueToken.hash(cookieValue), JSONArrayUtils.toJSONString(clients),
        session.expiresAt());
    return Optional.of(session.withClients(clients));
  }

  /** Ends the session of public id {@code sid}, wherever its browser is (administrator action). */
  public void deleteBySid(String sid) {
    cache.take(SID_PREFIX + sid).ifPresent(this::deleteByHash);
  }

  public void delete(String cookieValue) {
    if (cookieValue != null) {
      deleteByHash(OpaqueToken.hash(cookieValue));
    }
  }

  private void deleteByHash(String hash) {
    cache.delete(PREFIX + hash);
    cache.delete(IDLE_PREFIX + hash);
    cache.delete(CLIENTS_PREFIX + hash);
  }

  private static List<String> clients(Optional<String> json) {
    return json.isEmpty() ? List.of() : clients(json.get());
  }

  private static List<String> clients(String json) {
    try {
      List<String> out = new java.util.ArrayList<>();
      for (Object o : JSONArrayUtils.parse(json)) {
        out.add(String.valueOf(o));
      }
      return out;
    } catch (java.text.ParseException e) {
      throw new IllegalArgumentException("session clients are not a JSON array", e);
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
