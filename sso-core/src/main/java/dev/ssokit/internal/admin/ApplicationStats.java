package dev.ssokit.internal.admin;

import dev.ssokit.internal.grant.TokenUsage;
import dev.ssokit.spi.ApplicationStatsStore;
import dev.ssokit.spi.ApplicationStatsStore.Usage;
import dev.ssokit.spi.ClientStore;
import dev.ssokit.spi.RefreshTokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Application usage statistics: counted in memory on the token path (no I/O there), added to the
 * shared {@link ApplicationStatsStore} by {@link #flush()} (the provider's maintenance runs it every
 * minute), so the figures survive restarts and add up across instances; read by
 * {@code GET /api/applications/{id}/stats}.
 *
 * <p>IMPORTANT: at most {@value #MAX_PENDING_KEYS} distinct (client, day, grant) counters and as many
 * (client, user) pairs wait for a flush; more are dropped until the next flush, so made-up client ids
 * at the token endpoint cannot grow memory. Failed authentications of client ids that do not exist
 * are not stored.
 */
public final class ApplicationStats implements TokenUsage {
  /** The window {@link #of} reports. */
  public static final int DAYS = 30;
  /** Bound of each pending map between flushes. */
  static final int MAX_PENDING_KEYS = 10_000;
  private static final String NO_GRANT = "";
  private static final Logger LOG = LoggerFactory.getLogger(ApplicationStats.class);

  private record Key(String clientId, LocalDate day, String grantType) {}

  private static final class Counter {
    final AtomicLong tokens = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicReference<Instant> last = new AtomicReference<>();
  }

  /** What accumulated since the last flush. */
  private static final class Pending {
    final Map<Key, Counter> counters = new ConcurrentHashMap<>();
    final Map<String, Set<String>> users = new ConcurrentHashMap<>();
    final AtomicLong userPairs = new AtomicLong();
  }

  private final ApplicationStatsStore store;
  private final ClientStore clients;
  private final RefreshTokenStore refreshTokens;
  private final Clock clock;
  // the token path takes the read lock (shared, uncontended); flush takes the write lock to swap maps
  private final ReadWriteLock swap = new ReentrantReadWriteLock();
  private Pending pending = new Pending();

  public ApplicationStats(ApplicationStatsStore store, ClientStore clients, RefreshTokenStore refreshTokens,
      Clock clock) {
    this.store = store;
    this.clients = clients;
    this.refreshTokens = refreshTokens;
    this.clock = clock;
  }

  @Override
  public void tokenIssued(String clientId, String grantType) {
    count(clientId, grantType, true);
  }

  @Override
  public void clientAuthenticationFailed(String clientId) {
    if (clientId != null) {
      count(clientId, NO_GRANT, false);
    }
  }

  @Override
  public void userSeen(String clientId, String subject) {
    if (subject == null || subject.equals(clientId)) {
      return; // client_credentials: the client itself, not a user
    }
    swap.readLock().lock();
    try {
      Pending p = pending;
      if (p.userPairs.get() >= MAX_PENDING_KEYS) {
        return;
      }
      if (p.users.computeIfAbsent(clientId, k -> ConcurrentHashMap.newKeySet()).add(subject)) {
        p.userPairs.incrementAndGet();
      }
    } finally {
      swap.readLock().unlock();
    }
  }

  private void count(String clientId, String grantType, boolean issued) {
    Instant now = clock.instant();
    Key key = new Key(clientId, LocalDate.ofInstant(now, ZoneOffset.UTC), grantType);
    swap.readLock().lock();
    try {
      Pending p = pending;
      Counter c = p.counters.get(key);
      if (c == null) {
        if (p.counters.size() >= MAX_PENDING_KEYS) {
          return;
        }
        c = p.counters.computeIfAbsent(key, k -> new Counter());
      }
      (issued ? c.tokens : c.failures).incrementAndGet();
      c.last.accumulateAndGet(now, (a, b) -> a == null || b.isAfter(a) ? b : a);
    } finally {
      swap.readLock().unlock();
    }
  }

  /**
   * Adds what was counted since the last flush to the store; returns how many rows. On a store
   * failure the counts are kept for the next flush and the failure is thrown.
   */
  public int flush() {
    Pending taken;
    swap.writeLock().lock();
    try {
      taken = pending;
      pending = new Pending();
    } finally {
      swap.writeLock().unlock();
    }
    List<Usage> rows = new ArrayList<>();
    Map<String, Boolean> exists = new LinkedHashMap<>();
    taken.counters.forEach((k, c) -> {
      boolean failuresOnly = c.tokens.get() == 0;
      if (failuresOnly && !exists.computeIfAbsent(k.clientId(), id -> clients.find(id).isPresent())) {
        return; // failed authentications of a client id that does not exist: nothing to report on
      }
      rows.add(new Usage(k.clientId(), k.day(), k.grantType(), c.tokens.get(), c.failures.get(), c.last.get()));
    });
    try {
      if (!rows.isEmpty()) {
        store.add(rows);
      }
      Instant now = clock.instant();
      for (Map.Entry<String, Set<String>> e : taken.users.entrySet()) {
        store.addUsers(e.getKey(), new HashSet<>(e.getValue()), now);
      }
    } catch (RuntimeException e) {
      restore(taken);
      throw e;
    }
    return rows.size();
  }

  /** Puts counts a failed flush could not store back, so the next flush stores them. */
  private void restore(Pending failed) {
    swap.readLock().lock();
    try {
      Pending p = pending;
      failed.counters.forEach((k, c) -> {
        Counter into = p.counters.computeIfAbsent(k, x -> new Counter());
        into.tokens.addAndGet(c.tokens.get());
        into.failures.addAndGet(c.failures.get());
        Instant last = c.last.get();
        if (last != null) {
          into.last.accumulateAndGet(last, (a, b) -> a == null || b.isAfter(a) ? b : a);
        }
      });
      failed.users.forEach((clientId, subjects) ->
          p.users.computeIfAbsent(clientId, k -> ConcurrentHashMap.newKeySet()).addAll(subjects));
    } finally {
      swap.readLock().unlock();
    }
    LOG.debug("kept {} statistics counters for the next flush", failed.counters.size());
  }

  /** Forgets the stored figures of a deleted client. */
  public void forget(String clientId) {
    store.delete(clientId);
  }

  /** The statistics of {@code clientId} over the last {@value #DAYS} days (UTC), as stored at the last flush. */
  Map<String, Object> of(String clientId) {
    Instant now = clock.instant();
    LocalDate since = LocalDate.ofInstant(now, ZoneOffset.UTC).minusDays(DAYS - 1L);
    List<Map<String, Object>> perDay = new ArrayList<>();
    long issued = 0;
    long failed = 0;
    Instant last = null;
    for (Usage u : store.read(clientId, since)) {
      if (u.tokensIssued() > 0) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("day", u.day().toString());
        row.put("grant_type", u.grantType());
        row.put("count", u.tokensIssued());
        perDay.add(row);
      }
      issued += u.tokensIssued();
      failed += u.failedAuthentications();
      if (u.lastUsed() != null && (last == null || u.lastUsed().isAfter(last))) {
        last = u.lastUsed();
      }
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("client_id", clientId);
    body.put("since", since.toString());
    body.put("tokens_issued", perDay);
    body.put("tokens_issued_total", issued);
    body.put("failed_client_authentications", failed);
    body.put("active_refresh_token_families", refreshTokens.countActiveFamilies(clientId, now));
    body.put("distinct_users", store.countUsers(clientId, since.atStartOfDay().toInstant(ZoneOffset.UTC)));
    body.put("last_used", last == null ? null : last.toString());
    return body;
  }

  /** How long after an event its count is readable at most: the flush interval. */
  public static final Duration FLUSH_INTERVAL = Duration.ofMinutes(1);
}
