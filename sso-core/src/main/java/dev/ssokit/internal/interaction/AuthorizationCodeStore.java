package dev.ssokit.internal.interaction;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.Cache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authorization codes in the {@link Cache} under {@code code:<sha256>}, redeemed with an atomic
 * {@code take} so that each is used at most once across every instance (OAuth 2.1 §4.1.2).
 */
public final class AuthorizationCodeStore {
  private static final String PREFIX = "code:";
  private static final String USED_PREFIX = "code-used:";
  private final Cache cache;
  private final Clock clock;
  private final Duration lifetime;

  /**
   * What a code stands for.
   *
   * @param sessionEndsAt when the browser session {@code sid} ends at the latest, as known when the code was
   *                      issued (absolute or idle end); the code is refused from then on
   * @param expiresAt when the code expires; {@code null} when issuing (the store sets it)
   */
  public record IssuedCode(AuthorizationContext request, String subject, String sid, Instant authTime,
                           List<String> amr, String grantId, Instant sessionEndsAt, Instant expiresAt) {
    public IssuedCode {
      amr = List.copyOf(amr);
    }
  }

  public AuthorizationCodeStore(Cache cache, Clock clock, Duration lifetime) {
    this.cache = cache;
    this.clock = clock;
    this.lifetime = lifetime;
  }

  /** Stores a new code and returns its value. */
  public String issue(IssuedCode issued) {
    String code = OpaqueToken.generate();
    store(code, issued, clock.instant().plus(lifetime));
    return code;
  }

  /**
   * Puts a redeemed code back for the rest of its lifetime, when the step that redeemed it failed
   * (storage outage) before answering: the client may retry, nothing is lost and nothing was issued.
   */
  public void restore(String code, IssuedCode issued) {
    if (issued.expiresAt() != null && clock.instant().isBefore(issued.expiresAt())) {
      store(code, issued, issued.expiresAt());
    }
  }

  private void store(String code, IssuedCode issued, Instant expiresAt) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("v", CacheJson.VERSION);
    m.put("req", issued.request().toMap());
    m.put("sub", issued.subject());
    m.put("sid", issued.sid());
    m.put("auth_time", CacheJson.epoch(issued.authTime()));
    m.put("amr", issued.amr());
    m.put("grant", issued.grantId());
    m.put("session_exp", CacheJson.epoch(issued.sessionEndsAt()));
    m.put("exp", CacheJson.epoch(expiresAt));
    cache.put(PREFIX + OpaqueToken.hash(code), JSONObjectUtils.toJSONString(m), expiresAt);
  }

  /** Takes the code (single use); empty when unknown, expired or already redeemed. */
  public Optional<IssuedCode> redeem(String code) {
    return cache.take(PREFIX + OpaqueToken.hash(code)).flatMap(json -> {
      try {
        CacheJson j = CacheJson.parse(json);
        return Optional.of(new IssuedCode(AuthorizationContext.fromJson(j.child("req")), j.string("sub"),
            j.string("sid"), j.instant("auth_time"), j.strings("amr"), j.string("grant"), j.instant("session_exp"), j.instant("exp")));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    });
  }

  /**
   * Remembers for one code lifetime that a code was redeemed for {@code grantId}, so a replay within that time
   * can revoke what it issued (RFC 6749 §4.1.2, §10.5); a later one is refused all the same. Kept as long as
   * the tokens (30 days with a refresh token), the marker would hold a cache entry per sign-in for a month: the
   * in-memory cache's bound, or Redis's memory, would fill with them under steady sign-ins. Evictable: a bounded
   * cache short of room drops markers before it refuses codes or sessions (at thousands of sign-ins a second, a
   * minute of markers outgrows the in-memory cache); a replay whose marker was dropped is refused, unrevoked.
   */
  public void markRedeemed(String code, String grantId) {
    cache.putEvictable(USED_PREFIX + OpaqueToken.hash(code), grantId, clock.instant().plus(lifetime));
  }

  /** The grant a replayed code had issued, if that code was redeemed before. */
  public Optional<String> redeemedGrant(String code) {
    return cache.get(USED_PREFIX + OpaqueToken.hash(code));
  }
}
