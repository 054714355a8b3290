package dev.ssokit.internal.limit;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import dev.ssokit.SsoSettings;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.Cache;
import java.time.Clock;
import java.util.List;
import java.util.Map;

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

  public AbuseLimits(SsoSettings settings, Cache cache, Clock clock) {
    this.settings = settings;
    this.addresses = ClientAddress.trusting(settings.trustedProxies());
    this.counter = new RateCounter(cache, clock);
  }

  /** {@code endpoint} behind the limits of {@code route} (every route gets the client address resolved). */
  public Endpoint guard(String route, Endpoint endpoint) {
    Boolean credentials = LIMITED.get(route);
    return new LimitedEndpoint(this, route, credentials != null, Boolean.TRUE.equals(credentials), endpoint);
  }

  /** The client address of {@code request} (trusted proxies honoured). */
  String clientAddress(HTTPRequest request) {
    return addresses.resolve(request);
  }

  /** Counts one request to {@code route} per client address and per client id (when it names one). */
  void countRequest(String route, String address, String clientId) {
    counter.count("ip:" + route + ":" + ClientAddress.limitKey(address), settings.rateLimitPerIp(),
        "Too many requests from this address.");
    if (clientId != null) {
      countClient(route, clientId);
    }
  }

  /** Counts one request to {@code route} naming {@code clientId}. */
  void countClient(String route, String clientId) {
    counter.count("client:" + route + ":" + OpaqueToken.hash(clientId), settings.rateLimitPerClient(),
        "Too many requests for this client.");
  }

  /** 429 when {@code address} has used up its failed credential checks in this window. */
  void checkFailures(String address) {
    counter.blocked("fail:" + ClientAddress.limitKey(address)).ifPresent(seconds -> {
      throw LimitExceeded.tooManyRequests(seconds, "Too many failed attempts from this address.");
    });
  }

  /** Counts a failed credential check of {@code address}; blocks it to the window's end when over the limit. */
  void recordFailure(String address) {
    SsoSettings.RateLimit limit = settings.failureLimitPerIp();
    String key = "fail:" + ClientAddress.limitKey(address);
    if (counter.increment(key, limit.window()) >= limit.requests()) {
      counter.block(key, counter.windowEnd(limit.window()));
    }
  }

  /** The client id a request names: HTTP Basic user (RFC 6749 §2.3.1) or {@code client_id}; else {@code null}. */
  static String clientId(HTTPRequest request) {
    String authorization = request.getAuthorization();
    if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        return ClientSecretBasic.parse(authorization).getClientID().getValue();
      } catch (ParseException | RuntimeException e) {
        return null; // malformed: the endpoint answers invalid_client / invalid_request itself
      }
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
