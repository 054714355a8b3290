package dev.ssokit.memory;

import dev.ssokit.spi.RefreshToken;
import dev.ssokit.spi.RefreshTokenStore;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RefreshTokenStore} in memory. IMPORTANT: lost at restart; one JVM only.
 *
 * <p>A rotation keeps the used token for reuse detection (RFC 9700 §4.14.2), the last
 * {@value #USED_KEPT_PER_FAMILY} of each family: memory grows with the number of grants, not with the
 * refresh rate times the token lifetime (about 400 bytes a refresh: 129-132 MB of a 185 MB heap after
 * 54 s of 5,400-6,100 refreshes a second, when every used token was kept until it expired). An older
 * used token is forgotten: presented again it is refused as unknown ({@code invalid_grant}, nothing
 * minted) without revoking its family. Besides {@link #purgeExpired} (the provider's housekeeping,
 * hourly by default) every {@value #SWEEP_EVERY_WRITES}th write drops the tokens that expired before
 * the written one was issued. Revoking a family, a session or a subject touches only their own tokens
 * (indexes), never the whole map.
 *
 * <p>The store holds at most {@code maxTokens} tokens (by default {@link #defaultMaxTokens()}, about a
 * quarter of the heap): beyond that the grants used least recently (issued or rotated) are dropped whole,
 * with a warning at most once a minute. Their refresh tokens are then refused as unknown and their users
 * sign in again: memory stays bounded however many grants a long-running or flooded instance sees.
 */
public final class InMemoryRefreshTokenStore implements RefreshTokenStore {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryRefreshTokenStore.class);
  /** Heap of a stored token with its strings and index entries: 1,207 bytes measured (one-token grants), 831 rotated. */
  static final int BYTES_PER_TOKEN = 1_280;
  /** Least time between two warnings about dropped grants. */
  private static final long WARN_EVERY_SECONDS = 60;

  /** Saves and rotations between two sweeps of expired tokens. */
  static final int SWEEP_EVERY_WRITES = 10_000;
  /** Used (rotated-away) tokens of one family kept for reuse detection; older ones are forgotten. */
  static final int USED_KEPT_PER_FAMILY = 16;

  private final int maxTokens;
  private final Map<String, RefreshToken> byHash = new HashMap<>();
  /** Families, least recently used first: every save or rotation into a family moves it last. */
  private final Map<String, Set<String>> byFamily = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<String, Set<String>> bySession = new HashMap<>();
  private final Map<String, Set<String>> bySubject = new HashMap<>();
  /** Used tokens of each family, oldest first (at most {@link #USED_KEPT_PER_FAMILY}). */
  private final Map<String, ArrayDeque<String>> usedByFamily = new HashMap<>();
  private long writes;
  private long droppedFamilies;
  private Instant lastWarning;

  /** A store bounded by {@link #defaultMaxTokens()}. */
  public InMemoryRefreshTokenStore() {
    this(defaultMaxTokens());
  }

  /**
   * A store that keeps at most {@code maxTokens} tokens, dropping the least recently used grants beyond.
   *
   * @param maxTokens at least 1
   */
  public InMemoryRefreshTokenStore(int maxTokens) {
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be at least 1");
    }
    this.maxTokens = maxTokens;
  }

  /**
   * The bound a store built without one gets.
   *
   * @return a quarter of the JVM's maximum heap at {@value #BYTES_PER_TOKEN} bytes a token, at least 1,000
   */
  public static int defaultMaxTokens() {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1_000, Runtime.getRuntime().maxMemory() / 4 / BYTES_PER_TOKEN));
  }

  @Override
  public synchronized void save(RefreshToken token) {
    put(token);
    afterWrite(token.issuedAt(), token.familyId());
  }

  @Override
  public synchronized Optional<RefreshToken> find(String tokenHash) {
    return Optional.ofNullable(byHash.get(tokenHash));
  }

  @Override
  public synchronized Rotation rotate(String tokenHash, RefreshToken successor, Instant now) {
    RefreshToken current = byHash.get(tokenHash);
    if (current == null || current.revoked() || !now.isBefore(current.expiresAt())) {
      return Rotation.INVALID;
    }
    if (current.used()) {
      revokeFamily(current.familyId());
      return Rotation.REUSED;
    }
    byHash.put(tokenHash, mark(current, true, false));
    put(successor);
    keepUsed(current);
    afterWrite(now, successor.familyId());
    return Rotation.ROTATED;
  }

  @Override
  public synchronized boolean revokeFamily(String familyId) {
    Set<String> family = byFamily.get(familyId);
    revokeAll(family);
    return family != null;
  }

  @Override
  public synchronized int revokeSession(String sessionId) {
    return revokeAll(bySession.get(sessionId));
  }

  @Override
  public synchronized int revokeSubject(String subject) {
    return revokeAll(bySubject.get(subject));
  }

  @Override
  public synchronized int revokeClient(String clientId) {
    int count = 0;
    for (Map.Entry<String, RefreshToken> e : byHash.entrySet()) {
      RefreshToken token = e.getValue();
      if (clientId.equals(token.clientId()) && !token.revoked()) {
        e.setValue(mark(token, token.used(), true));
        count++;
      }
    }
    return count;
  }

  @Override
  public synchronized int revokeClient(String subject, String clientId) {
    int count = 0;
    for (Map.Entry<String, RefreshToken> e : byHash.entrySet()) {
      RefreshToken token = e.getValue();
      if (subject.equals(token.subject()) && clientId.equals(token.clientId()) && !token.revoked()) {
        e.setValue(mark(token, token.used(), true));
        count++;
      }
    }
    return count;
  }

  @Override
  public synchronized int countActiveFamilies(String clientId, Instant now) {
    return (int) byHash.values().stream()
        .filter(t -> clientId.equals(t.clientId()) && !t.used() && !t.revoked() && now.isBefore(t.expiresAt()))
        .map(RefreshToken::familyId).distinct().count();
  }

  @Override
  public synchronized int purgeExpired(Instant now, int limit) {
    int removed = 0;
    for (Iterator<RefreshToken> it = byHash.values().iterator(); it.hasNext() && removed < limit; ) {
      RefreshToken token = it.next();
      if (token.expiresAt().isBefore(now)) {
        it.remove();
        unindex(token);
        removed++;
      }
    }
    return removed;
  }

  /** Tokens held, expired or not (for tests of the sweep). */
  synchronized int size() {
    return byHash.size();
  }

  /** Records {@code used} as its family's newest used token; forgets the oldest beyond {@link #USED_KEPT_PER_FAMILY}. */
  private void keepUsed(RefreshToken used) {
    ArrayDeque<String> hashes = usedByFamily.computeIfAbsent(used.familyId(), f -> new ArrayDeque<>());
    hashes.addLast(used.tokenHash());
    if (hashes.size() > USED_KEPT_PER_FAMILY) {
      RefreshToken oldest = byHash.remove(hashes.removeFirst());
      if (oldest != null) {
        unindex(oldest);
      }
    }
  }

  /** Marks every not yet revoked token of {@code hashes} revoked; returns how many it marked. */
  private int revokeAll(Set<String> hashes) {
    if (hashes == null) {
      return 0;
    }
    int count = 0;
    for (String hash : List.copyOf(hashes)) {
      RefreshToken token = byHash.get(hash);
      if (!token.revoked()) {
        byHash.put(hash, mark(token, token.used(), true));
        count++;
      }
    }
    return count;
  }

  private void put(RefreshToken token) {
    RefreshToken previous = byHash.put(token.tokenHash(), token);
    if (previous != null) {
      unindex(previous);
    }
    index(byFamily, token.familyId(), token.tokenHash());
    index(bySession, token.sessionId(), token.tokenHash());
    index(bySubject, token.subject(), token.tokenHash());
  }

  private void unindex(RefreshToken token) {
    ArrayDeque<String> used = usedByFamily.get(token.familyId());
    if (used != null && used.remove(token.tokenHash()) && used.isEmpty()) {
      usedByFamily.remove(token.familyId());
    }
    unindex(byFamily, token.familyId(), token.tokenHash());
    unindex(bySession, token.sessionId(), token.tokenHash());
    unindex(bySubject, token.subject(), token.tokenHash());
  }

  private static void index(Map<String, Set<String>> index, String key, String hash) {
    if (key != null) {
      index.computeIfAbsent(key, k -> new HashSet<>()).add(hash);
    }
  }

  private static void unindex(Map<String, Set<String>> index, String key, String hash) {
    if (key == null) {
      return;
    }
    Set<String> hashes = index.get(key);
    if (hashes != null && hashes.remove(hash) && hashes.isEmpty()) {
      index.remove(key);
    }
  }

  private void afterWrite(Instant now, String writtenFamily) {
    if (++writes % SWEEP_EVERY_WRITES == 0) {
      purgeExpired(now, Integer.MAX_VALUE);
    }
    if (byHash.size() > maxTokens) {
      dropLeastRecentlyUsed(now, writtenFamily);
    }
  }

  /** Drops whole families, least recently used first, until at most {@link #maxTokens} tokens are left. */
  private void dropLeastRecentlyUsed(Instant now, String writtenFamily) {
    int dropped = 0;
    while (byHash.size() > maxTokens && !byFamily.isEmpty()) {
      Map.Entry<String, Set<String>> oldest = byFamily.entrySet().iterator().next();
      String family = oldest.getKey();
      if (family.equals(writtenFamily)) {
        break; // never the grant whose token was just issued: it is the only one left
      }
      for (String hash : List.copyOf(oldest.getValue())) {
        RefreshToken token = byHash.remove(hash);
        if (token != null) {
          unindex(token);
        }
      }
      byFamily.remove(family);
      usedByFamily.remove(family);
      dropped++;
    }
    droppedFamilies += dropped;
    if (dropped > 0 && (lastWarning == null || !now.isBefore(lastWarning.plusSeconds(WARN_EVERY_SECONDS)))) {
      lastWarning = now;
      LOG.warn("in-memory refresh tokens at their limit of {}: {} grants used least recently dropped so far (their"
          + " refresh tokens are refused, their users sign in again); use a persistent RefreshTokenStore"
          + " (PostgreSQL) or a larger heap", maxTokens, droppedFamilies);
    }
  }

  private static RefreshToken mark(RefreshToken t, boolean used, boolean revoked) {
    return new RefreshToken(t.tokenHash(), t.familyId(), t.clientId(), t.subject(), t.scopes(), t.sessionId(),
        t.authTime(), t.grantedAt(), t.issuedAt(), t.expiresAt(), used, revoked, t.claims(), t.jkt());
  }
}
