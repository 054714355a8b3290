package dev.ssokit.internal.token;

import dev.ssokit.spi.Cache;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Revoked access tokens, grants and ended sessions, in the {@link Cache} until the last access
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

  /** True when the token, its grant or its session was revoked; one cache round trip. */
  public boolean isRevoked(String jti, String grantId, String sid) {
    List<String> keys = new ArrayList<>(3);
    if (jti != null) {
      keys.add("revoked:jti:" + jti);
    }
    if (grantId != null) {
      keys.add("revoked:grant:" + grantId);
    }
    if (sid != null) {
      keys.add("revoked:sid:" + sid);
    }
    return !keys.isEmpty() && cache.getAll(keys).stream().anyMatch(Optional::isPresent);
  }
}
