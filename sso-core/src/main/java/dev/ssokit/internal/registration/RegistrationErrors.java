package dev.ssokit.internal.registration;

import com.nimbusds.oauth2.sdk.client.RegistrationError;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.client.InvalidMetadata;
import dev.ssokit.internal.http.Responses;
import java.util.Map;

/** The error answers of dynamic registration: RFC 7591 §3.2.2 JSON, and RFC 6750 §3 for a bad bearer token. */
final class RegistrationErrors {
  private RegistrationErrors() {}

  /** {@code invalid_redirect_uri} for a redirect URI, else {@code invalid_client_metadata}; the description names the field. */
  static HTTPResponse of(IllegalArgumentException e) {
    InvalidMetadata invalid = InvalidMetadata.of(e);
    if (invalid == null) {
      return Responses.error(RegistrationError.INVALID_CLIENT_METADATA, e.getMessage());
    }
    return Responses.error("redirect_uris".equals(invalid.field()) ? RegistrationError.INVALID_REDIRECT_URI
        : RegistrationError.INVALID_CLIENT_METADATA, invalid.field() + ": " + invalid.detail());
  }

  /**
   * 401 (RFC 6750 §3.1): no token ({@code error == null}), or an invalid, expired or used one.
   *
   * @param error {@code invalid_token}, or {@code null} when no token was sent
   */
  static HTTPResponse unauthorized(String error, String description) {
    HTTPResponse r = Responses.json(401, error == null ? Map.of("error", "invalid_token", "error_description",
        description) : Map.of("error", error, "error_description", description));
    r.setHeader("WWW-Authenticate", error == null ? "Bearer realm=\"ssokit\""
        : "Bearer realm=\"ssokit\", error=\"" + error + "\"");
    r.setHeader("Cache-Control", "no-store");
    return r;
  }

  /** The bearer token of {@code Authorization: Bearer}, or {@code null}. */
  static String bearer(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = authorization.substring(7).trim();
    return token.isEmpty() ? null : token;
  }
}
