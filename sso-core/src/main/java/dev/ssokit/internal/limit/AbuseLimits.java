package dev.ssokit.internal.limit;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import dev.ssokit.SsoSettings;
import dev.ssokit.internal.client.CachedClientStore;
import dev.ssokit.internal.http.BasicCredentials;
import dev.ssokit.internal.http.CacheReads;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.Cache;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The provider's abuse limits in one place: the client address behind trusted
 * proxies, request rates per client address and per client id, and failed credential checks per
 * client address, for the endpoints in {@link #LIMITED}. Configured in {@link SsoSettings}; counted
 * through the {@link Cache}, so they hold across instances.
 *
 * <p>IMPORTANT: {@link #guard} wraps every endpoint (every one gets the resolved client address, so
 * audit events record it); only the limited ones are counted.
 */
public final class AbuseLimits {
  /** Rate-limited routes, and whether they check credentials (a 401 counts as a failure there). */
  static final Map<String, Boolean> LIMITED = Map.of("/authorize", false, "/token", true, "/introspect", true,
      "/revoke", true, "/interaction/login", true, "/par", true, "/device_authorization", true, "/auth/*", false,
      "/register", true, "/register/*", true);

  private final SsoSettings settings;
  private final ClientAddress addresses;
  private final RateCounter counter;
  private final boolean readAhead;
  private final CachedClientStore clientCache;

  public AbuseLimits(SsoSettings settings, Cache cache, Clock clock) {
    this(settings, cache, clock, false, null);
  }

  /**
   * Limits counted in {@code cache}.
   *
   * @param readAhead whether a {@link dev.ssokit.internal.http.ReadAheadEndpoint}'s cache reads go with the
   *                  counters (worth it for a remote cache: one round trip fewer; for one in this JVM it is
   *                  only the work of finding the keys twice)
   * @param clientCache the clients kept in this instance, whose generation every limited request reads with the
   *                    counters; {@code null} when clients are read from the store every time
   */
  public AbuseLimits(SsoSettings settings, Cache cache, Clock clock, boolean readAhead,
                     CachedClientStore clientCache) {
    this.readAhead = readAhead;
    this.clientCache = clientCache;
    this.settings = settings;
    this.addresses = ClientAddress.trusting(settings.trustedProxies());
    this.counter = new RateCounter(cache, clock);
  }

  /** {@code endpoint} behind the limits of {@code route} (every route gets the client address resolved). */
  public Endpoint guard(String route, Endpoint endpoint) {
    Boolean credentials = LIMITED.get(route);
    return new LimitedEndpoint(this, route, credentials != null, Boolean.TRUE.equals(credentials), endpoint);
  }

  /** True when endpoints' cache reads go with the counters ({@link #countRequest}). */
  boolean readsAhead() {
    return readAhead;
  }

  /** The clients kept in this instance, or {@code null} when every request reads the store. */
  CachedClientStore clientCache() {
    return clientCache;
  }

  /** The client address of {@code request} (trusted proxies honoured). */
  String clientAddress(HTTPRequest request) {
    return addresses.resolve(request);
  }

  /**
   * Counts one request to {@code route} per client address and per client id (when it names one)
   * and, when the request checks {@code credentials}, reads the address's failure block: one cache
   * call. 429 for the first limit exceeded: the address's, the client's, then the failure block.
   *
   * <p>IMPORTANT: the address's count comes first: once it is over its limit, {@link RateCounter}
   * refuses the rest of the window without a cache call, so one address cannot use up a client's budget.
   *
   * @param reads the keys the request's endpoint will read, read in the same cache call
   * @return their values ({@link CacheReads#NONE} when the cache is unreachable)
   */
  CacheReads countRequest(String route, String address, String clientId, boolean credentials,
                          Supplier<List<String>> reads) {
    RateCounter.Count perAddress = new RateCounter.Count("ip:" + route + ":" + ClientAddress.limitKey(address),
        settings.rateLimitPerIp(), "Too many requests from this address.");
    List<RateCounter.Count> counts = clientId == null
        ? List.of(perAddress) : List.of(perAddress, perClient(route, clientId));
    return counter.countAndCheck(counts, credentials ? failureKey(address) : null,
        "Too many failed attempts from this address.", reads);
  }

  /** The per-client count of one request to {@code route} naming {@code clientId}. */
  RateCounter.Count perClient(String route, String clientId) {
    return new RateCounter.Count("client:" + route + ":" + OpaqueToken.hash(clientId), settings.rateLimitPerClient(),
        "Too many requests for this client.");
  }

  /** Counts a failed credential check of {@code address}; blocks it to the window's end when over the limit. */
  void recordFailure(String address) {
    SsoSettings.RateLimit limit = settings.failureLimitPerIp();
    String key = failureKey(address);
    if (counter.increment(key, limit.window()) >= limit.requests()) {
      counter.block(key, counter.windowEnd(limit.window()));
    }
  }

  private static String failureKey(String address) {
    return "fail:" + ClientAddress.limitKey(address);
  }

  /** The client id a request names: HTTP Basic user (RFC 6749 §2.3.1) or {@code client_id}; else {@code null}. */
  static String clientId(HTTPRequest request) {
    String authorization = request.getAuthorization();
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return BasicCredentials.clientId(authorization); // malformed: null, the endpoint answers invalid_client
    }
    Map<String, List<String>> params;
    if (HTTPRequest.Method.POST.equals(request.getMethod())) {
      try {
        params = request.getBodyAsFormParameters();
      } catch (ParseException | RuntimeException e) {
        return null;
      }
    } else {
      params = request.getQueryStringParameters();
    }
    List<String> values = params.get("client_id");
    return values == null || values.isEmpty() || values.get(0) == null || values.get(0).isEmpty()
        ? null : values.get(0);
  }
}
