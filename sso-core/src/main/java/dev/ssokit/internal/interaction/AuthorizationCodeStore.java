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

  /** What a code stands for. */
  public record IssuedCode(AuthorizationContext request, String subject, String sid, Instant authTime,
                           List<String> amr, String grantId) {
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
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("v", CacheJson.VERSION);
    m.put("req", issued.request().toMap());
    m.put("sub", issued.subject());
    m.put("sid", issued.sid());
    m.put("auth_time", CacheJson.epoch(issued.authTime()));
    m.put("amr", issued.amr());
    m.put("grant", issued.grantId());
    cache.put(PREFIX + OpaqueToken.hash(code), JSONObjectUtils.toJSONString(m), clock.instant().plus(lifetime));
    return code;
  }

  /** Takes the code (single use); empty when unknown, expired or already redeemed. */
  public Optional<IssuedCode> redeem(String code) {
    return cache.take(PREFIX + OpaqueToken.hash(code)).flatMap(json -> {
      try {
        CacheJson j = CacheJson.parse(json);
        return Optional.of(new IssuedCode(AuthorizationContext.fromJson(j.child("req")), j.string("sub"),
            j.string("sid"), j.instant("auth_time"), j.strings("amr"), j.string("grant")));
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    });
  }

  /** Remembers that a code was redeemed for {@code grantId}, so a replay can revoke what it issued. */
  public void markRedeemed(String code, String grantId, Instant until) {
    cache.put(USED_PREFIX + OpaqueToken.hash(code), grantId, until);
  }

  /** The grant a replayed code had issued, if that code was redeemed before. */
  public Optional<String> redeemedGrant(String code) {
    return cache.get(USED_PREFIX + OpaqueToken.hash(code));
  }
}
