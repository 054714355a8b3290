package dev.ssokit.memory;

import dev.ssokit.spi.RefreshToken;
import dev.ssokit.spi.RefreshTokenStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/** {@link RefreshTokenStore} in memory. IMPORTANT: lost at restart; one JVM only. */
public final class InMemoryRefreshTokenStore implements RefreshTokenStore {
  private final Map<String, RefreshToken> byHash = new HashMap<>();

  @Override
  public synchronized void save(RefreshToken token) {
    byHash.put(token.tokenHash(), token);
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
    byHash.put(successor.tokenHash(), successor);
    return Rotation.ROTATED;
  }

  @Override
  public synchronized boolean revokeFamily(String familyId) {
    boolean found = false;
    for (Map.Entry<String, RefreshToken> e : byHash.entrySet()) {
      if (e.getValue().familyId().equals(familyId)) {
        e.setValue(mark(e.getValue(), e.getValue().used(), true));
        found = true;
      }
    }
    return found;
  }

  @Override
  public synchronized int revokeSession(String sessionId) {
    int count = 0;
    for (Map.Entry<String, RefreshToken> e : byHash.entrySet()) {
      RefreshToken token = e.getValue();
      if (sessionId.equals(token.sessionId()) && !token.revoked()) {
        e.setValue(mark(token, token.used(), true));
        count++;
      }
    }
    return count;
  }

  @Override
  public synchronized int revokeSubject(String subject) {
    int count = 0;
    for (Map.Entry<String, RefreshToken> e : byHash.entrySet()) {
      RefreshToken token = e.getValue();
      if (subject.equals(token.subject()) && !token.revoked()) {
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
  public synchronized int purgeExpired(Instant now, int limit) {
    int removed = 0;
    for (Iterator<RefreshToken> it = byHash.values().iterator(); it.hasNext() && removed < limit; ) {
      if (it.next().expiresAt().isBefore(now)) {
        it.remove();
        removed++;
      }
    }
    return removed;
  }

  private static RefreshToken mark(RefreshToken t, boolean used, boolean revoked) {
    return new RefreshToken(t.tokenHash(), t.familyId(), t.clientId(), t.subject(), t.scopes(), t.sessionId(),
        t.authTime(), t.grantedAt(), t.issuedAt(), t.expiresAt(), used, revoked, t.claims());
  }
}
