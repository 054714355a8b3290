package dev.ssokit.internal.limit;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.client.CachedClientStore;
import dev.ssokit.internal.http.CacheReads;
import dev.ssokit.internal.http.Cors;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.OAuthException;
import dev.ssokit.internal.http.ReadAheadEndpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * One endpoint behind {@link AbuseLimits}: sets the request's client address (trusted proxies
 * honoured), counts the request and refuses an address over its failure budget before any
 * credential is checked (one cache call, which also reads what a {@link ReadAheadEndpoint} will need),
 * and counts a 401 as a failed credential check.
 */
final class LimitedEndpoint implements Endpoint {
  private final AbuseLimits limits;
  private final String route;
  private final boolean limited;
  private final boolean checksCredentials;
  private final Endpoint inner;

  LimitedEndpoint(AbuseLimits limits, String route, boolean limited, boolean checksCredentials, Endpoint inner) {
    this.limits = limits;
    this.route = route;
    this.limited = limited;
    this.checksCredentials = checksCredentials;
    this.inner = inner;
  }

  @Override
  public boolean browserFacing() {
    return inner.browserFacing();
  }

  @Override
  public boolean owns(String path) {
    return inner.owns(path);
  }

  @Override
  public Cors.Policy cors() {
    return inner.cors();
  }

  @Override
  public HTTPResponse handle(HTTPRequest request) {
    String address = limits.clientAddress(request);
    request.setClientIPAddress(address);
    ClientAddress.setCurrent(address);
    try {
      return limited(request, address);
    } finally {
      ClientAddress.setCurrent(null);
    }
  }

  private HTTPResponse limited(HTTPRequest request, String address) {
    if (!limited) {
      return inner.handle(request);
    }
    // The login page (GET) checks nothing; its form (POST) checks a password.
    boolean credentials = checksCredentials && HTTPRequest.Method.POST.equals(request.getMethod());
    // an endpoint that knows its cache reads gets them in the limits' round trip (a remote cache)
    ReadAheadEndpoint readsAhead = limits.readsAhead() && inner instanceof ReadAheadEndpoint r ? r : null;
    // the clients' generation comes too, when clients are kept in this instance (CachedClientStore)
    CachedClientStore clients = limits.clientCache();
    CacheReads readAhead = limits.countRequest(route, address, AbuseLimits.clientId(request), credentials, () -> {
      List<String> keys = readsAhead == null ? List.of() : readsAhead.cacheKeys(request);
      if (clients == null) {
        return keys;
      }
      List<String> withGeneration = new ArrayList<>(keys.size() + 1);
      withGeneration.addAll(keys);
      withGeneration.add(CachedClientStore.GENERATION_KEY);
      return withGeneration;
    });
    HTTPResponse response;
    try {
      if (clients != null) {
        clients.beginRequest(readAhead);
      }
      response = readsAhead == null ? inner.handle(request) : readsAhead.handle(request, readAhead);
    } catch (OAuthException e) {
      if (credentials && OAuth2Error.INVALID_CLIENT.getCode().equals(e.error().getCode())) {
        limits.recordFailure(address);
      }
      throw e;
    } finally {
      if (clients != null) {
        clients.endRequest();
      }
    }
    if (credentials && response.getStatusCode() == HTTPResponse.SC_UNAUTHORIZED) {
      limits.recordFailure(address);
    }
    return response;
  }
}
