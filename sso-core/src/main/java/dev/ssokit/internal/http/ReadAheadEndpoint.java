package dev.ssokit.internal.http;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import java.util.List;

/**
 * An endpoint that knows, from the request alone, which cache keys it will read (the revocation
 * markers of the token it is asked about): the abuse limits read them with their counters, in one
 * cache round trip, and pass the values to {@link #handle(HTTPRequest, CacheReads)}.
 */
public interface ReadAheadEndpoint extends Endpoint {

  /**
   * The cache keys that handling {@code request} will read; never throws (a request it cannot read
   * names none, and {@link #handle(HTTPRequest, CacheReads)} answers it as usual).
   *
   * @param request the request, not yet checked
   * @return a few keys, possibly none
   */
  List<String> cacheKeys(HTTPRequest request);

  /**
   * Answers {@code request}, reading the cache through {@code readAhead}.
   *
   * @param request   the request
   * @param readAhead the values of {@link #cacheKeys} read ahead ({@link CacheReads#NONE}: none)
   * @return the response
   */
  HTTPResponse handle(HTTPRequest request, CacheReads readAhead);

  @Override
  default HTTPResponse handle(HTTPRequest request) {
    return handle(request, CacheReads.NONE);
  }
}
