package dev.ssokit.internal.http;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;

/** One provider endpoint, reached at one path below the issuer. */
public interface Endpoint {

  HTTPResponse handle(HTTPRequest request);

  /** True for endpoints a browser navigates to: failures there render a page, not JSON. */
  default boolean browserFacing() {
    return false;
  }

  /** Which origins may read this endpoint's answers cross-origin (and so pass a CORS preflight). */
  default Cors.Policy cors() {
    return Cors.Policy.NONE;
  }

  /**
   * For an endpoint mounted on a prefix route ({@code /api/*}): true when it answers the absolute
   * {@code path} at all; false leaves the path to the host application (its own {@code /api/me}).
   */
  default boolean owns(String path) {
    return true;
  }
}
