package dev.ssokit.internal.grant;

import com.nimbusds.oauth2.sdk.ErrorObject;
import dev.ssokit.internal.http.OAuthException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** The {@code aud} of an access token: the RFC 8707 {@code resource} values asked for, else the issuer. */
final class Audiences {
  /** RFC 8707 §2: the error for an unacceptable resource. */
  static final ErrorObject INVALID_TARGET = new ErrorObject("invalid_target", "Invalid resource", 400);

  private Audiences() {}

  static List<String> of(List<URI> resources, String issuer) {
    if (resources == null || resources.isEmpty()) {
      return List.of(issuer);
    }
    List<String> out = new ArrayList<>();
    for (URI r : resources) {
      if (!r.isAbsolute() || r.getRawFragment() != null) {
        throw new OAuthException(INVALID_TARGET, "resource must be an absolute URI without fragment");
      }
      out.add(r.toString());
    }
    return out;
  }
}
