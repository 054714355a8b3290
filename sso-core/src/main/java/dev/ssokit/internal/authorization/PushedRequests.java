package dev.ssokit.internal.authorization;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.Cache;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pushed authorization requests (RFC 9126) in the shared cache: each under the SHA-256 of its
 * random {@code request_uri}, bound to its client, for {@link #LIFETIME}, taken at most once.
 */
public final class PushedRequests {
  /** RFC 9126 §2.2: {@code expires_in} of a request URI; short, since it only bridges one redirect. */
  public static final Duration LIFETIME = Duration.ofSeconds(90);
  private static final String PREFIX = "par:";

  private final Cache cache;
  private final Clock clock;

  public PushedRequests(Cache cache, Clock clock) {
    this.cache = cache;
    this.clock = clock;
  }

  /** A pushed request's client and parameters. */
  public record Pushed(String clientId, Map<String, List<String>> parameters) {}

  /** Stores the request and answers its new {@code request_uri}. */
  public String push(String clientId, Map<String, List<String>> parameters) {
    String requestUri = AuthorizationRequestChecks.PAR_REQUEST_URI_PREFIX + OpaqueToken.generate();
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("client_id", clientId);
    record.put("params", parameters);
    Instant expires = clock.instant().plus(LIFETIME);
    cache.put(PREFIX + OpaqueToken.hash(requestUri), JSONObjectUtils.toJSONString(record), expires);
    return requestUri;
  }

  /** Takes (single use, on any instance) the request under {@code requestUri}; empty when unknown, used or expired. */
  public Optional<Pushed> take(String requestUri) {
    return cache.take(PREFIX + OpaqueToken.hash(requestUri)).flatMap(json -> {
      try {
        Map<String, Object> m = JSONObjectUtils.parse(json);
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : JSONObjectUtils.getJSONObject(m, "params").entrySet()) {
          if (e.getValue() instanceof List<?> values) {
            params.put(e.getKey(), values.stream().map(String::valueOf).toList());
          }
        }
        return Optional.of(new Pushed(JSONObjectUtils.getString(m, "client_id"), params));
      } catch (ParseException e) {
        return Optional.empty();
      }
    });
  }
}
