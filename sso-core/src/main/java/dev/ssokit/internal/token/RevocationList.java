package dev.ssokit.internal.token;

import dev.ssokit.internal.http.CacheReads;
import dev.ssokit.spi.Cache;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Revoked access tokens, grants, ended sessions and disabled or deleted subjects, in the {@link Cache} until the last access
 * token they could concern has expired (RFC 7009 §2.2: revocation takes effect at once).
 */
public final class RevocationList {
  private final Cache cache;

  public RevocationList(Cache cache) {
    this.cache = cache;
  }

  /** One access token ({@code jti}) revoked. */
  public void revokeToken(String jti, Instant until) {
    cache.put("revoked:jti:" + jti, "1", until);
  }

  /** Every access token of a grant (refresh-token family or code) revoked. */
  public void revokeGrant(String grantId, Instant until) {
    cache.put("revoked:grant:" + grantId, "1", until);
  }

  /** Every access token issued in a browser session revoked (logout). */
  public void endSession(String sid, Instant until) {
    cache.put("revoked:sid:" + sid, "1", until);
  }

  /**
   * Every access token of {@code subject} issued up to {@code at} (whole seconds, as {@code iat})
   * revoked: the account was disabled or deleted. Tokens issued later are not concerned.
   */
  public void revokeSubject(String subject, Instant at, Instant until) {
    cache.put("revoked:sub:" + subject, String.valueOf(at.getEpochSecond()), until);
  }

  /**
   * Every access token {@code clientId} holds for {@code subject}, issued up to {@code at}, revoked: the
   * user disconnected the client (revoked its consent).
   */
  public void revokeSubjectAtClient(String subject, String clientId, Instant at, Instant until) {
    cache.put(subjectAtClientKey(subject, clientId), String.valueOf(at.getEpochSecond()), until);
  }

  private static String subjectAtClientKey(String subject, String clientId) {
    return "revoked:subclient:" + OpaqueToken.hash(subject + "\n" + clientId);
  }

  /** True when browser session {@code sid} was ended by a logout (within the marker's lifetime). */
  public boolean sessionEnded(String sid) {
    return cache.get("revoked:sid:" + sid).isPresent();
  }

  /**
   * True when the token, its grant, its session or its subject (for tokens issued at or before the
   * subject's marker) was revoked; one cache round trip.
   */
  public boolean isRevoked(String jti, String grantId, String sid, String subject, Instant issuedAt) {
    return isRevoked(jti, grantId, sid, subject, null, issuedAt);
  }

  /**
   * Every access token of client {@code clientId} issued up to {@code at} (whole seconds) revoked: the
   * client was deleted. A client registered later under the same id is not concerned.
   */
  public void revokeClient(String clientId, Instant at, Instant until) {
    cache.put("revoked:client:" + clientId, String.valueOf(at.getEpochSecond()), until);
  }

  /**
   * Like {@link #isRevoked(String, String, String, String, Instant)}, also when its client
   * {@code clientId} was deleted or the subject disconnected that client; one cache round trip.
   */
  public boolean isRevoked(String jti, String grantId, String sid, String subject, String clientId,
                           Instant issuedAt) {
    return isRevoked(jti, grantId, sid, subject, clientId, issuedAt, CacheReads.NONE);
  }

  /**
   * Like {@link #isRevoked(String, String, String, String, String, Instant)}, with the markers of
   * {@link #cacheKeys} taken from {@code readAhead} when they were read ahead (no cache round trip).
   */
  public boolean isRevoked(String jti, String grantId, String sid, String subject, String clientId,
                           Instant issuedAt, CacheReads readAhead) {
    List<String> keys = cacheKeys(jti, grantId, sid, subject, clientId);
    if (keys.isEmpty()) {
      return false;
    }
    int dated = datedKeys(subject, clientId);
    List<Optional<String>> values = readAhead.getAll(keys, cache);
    for (int i = 0; i < dated; i++) {
      Optional<String> revokedUpTo = values.get(i);
      if (revokedUpTo.isPresent() && (issuedAt == null || !issuedAfter(issuedAt, revokedUpTo.get()))) {
        return true;
      }
    }
    return values.subList(dated, values.size()).stream().anyMatch(Optional::isPresent);
  }

  /**
   * The cache keys {@link #isRevoked(String, String, String, String, String, Instant, CacheReads)} reads
   * for a token with these claims: the markers compared with {@code iat} first, then the plain ones.
   */
  public List<String> cacheKeys(String jti, String grantId, String sid, String subject, String clientId) {
    List<String> keys = new ArrayList<>(6);
    if (clientId != null) {
      keys.add("revoked:client:" + clientId);
    }
    if (subject != null) {
      keys.add("revoked:sub:" + subject);
      if (clientId != null) {
        keys.add(subjectAtClientKey(subject, clientId));
      }
    }
    if (jti != null) {
      keys.add("revoked:jti:" + jti);
    }
    if (grantId != null) {
      keys.add("revoked:grant:" + grantId);
    }
    if (sid != null) {
      keys.add("revoked:sid:" + sid);
    }
    return keys;
  }

  /** How many of {@link #cacheKeys}' first keys hold an epoch second compared with {@code iat}. */
  private static int datedKeys(String subject, String clientId) {
    return (clientId != null ? 1 : 0) + (subject != null ? (clientId != null ? 2 : 1) : 0);
  }

  private static boolean issuedAfter(Instant issuedAt, String epochSecond) {
    try {
      return issuedAt.getEpochSecond() > Long.parseLong(epochSecond);
    } catch (NumberFormatException e) {
      return false; // an unreadable marker revokes: fail closed
    }
  }
}
