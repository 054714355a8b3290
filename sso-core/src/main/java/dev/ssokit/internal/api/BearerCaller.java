package dev.ssokit.internal.api;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import dev.ssokit.VerifiedAccessToken;
import dev.ssokit.internal.token.AccessTokenVerifier;
import java.util.Arrays;

/**
 * Authenticates a JSON API caller by an access token of this very provider (RFC 6750 §2.1,
 * {@code Authorization: Bearer}), checked as every resource server checks it: signature, issuer,
 * expiry, revocation. Scopes are then checked per route with {@link #requireAnyScope}.
 */
public final class BearerCaller implements ApiRoutes.Authenticator {
  private final AccessTokenVerifier verifier;

  public BearerCaller(AccessTokenVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public VerifiedAccessToken authenticate(HTTPRequest request) {
    String authorization = request.getAuthorization();
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ApiProblem.of(401, "Unauthorized", "an access token is required (Authorization: Bearer)")
          .header("WWW-Authenticate", "Bearer realm=\"ssokit\"");
    }
    return verifier.verify(authorization.substring(7).trim()).orElseThrow(() ->
        ApiProblem.of(401, "Unauthorized", "the access token is invalid, expired or revoked")
            .header("WWW-Authenticate", "Bearer realm=\"ssokit\", error=\"invalid_token\""));
  }

  /** 403 {@code insufficient_scope} (RFC 6750 §3.1) unless {@code token} carries one of {@code scopes}. */
  public static void requireAnyScope(VerifiedAccessToken token, String... scopes) {
    if (Arrays.stream(scopes).noneMatch(token.scopes()::contains)) {
      String needed = String.join(" ", scopes);
      throw ApiProblem.of(403, "Forbidden", "the access token needs scope " + String.join(" or ", scopes))
          .header("WWW-Authenticate", "Bearer realm=\"ssokit\", error=\"insufficient_scope\", scope=\"" + needed + "\"");
    }
  }
}
