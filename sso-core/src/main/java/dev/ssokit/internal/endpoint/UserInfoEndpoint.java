package dev.ssokit.internal.endpoint;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerTokenError;
import com.nimbusds.openid.connect.sdk.UserInfoErrorResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import dev.ssokit.VerifiedAccessToken;
import dev.ssokit.internal.http.Cors;
import dev.ssokit.internal.authorization.RequestedClaims;
import dev.ssokit.internal.grant.TokenIssuer;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.token.AccessTokenVerifier;
import dev.ssokit.spi.UserAccount;
import dev.ssokit.spi.UserDirectory;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /userinfo} (OIDC Core §5.3): the claims of the token's user allowed by its scopes and
 * asked for with the {@code claims} request parameter (§5.5), for a bearer access token (RFC 6750
 * §2.1 header, or §2.2 form body on POST; never the §2.3 URI query, which OAuth 2.1 drops).
 */
public final class UserInfoEndpoint implements Endpoint {
  private final AccessTokenVerifier verifier;
  private final UserDirectory users;
  private final String audience;

  public UserInfoEndpoint(AccessTokenVerifier verifier, UserDirectory users, String issuer) {
    this.verifier = verifier;
    this.users = users;
    this.audience = issuer;
  }

  @Override
  public Cors.Policy cors() {
    return Cors.Policy.ANY_ORIGIN;
  }

  @Override
  public HTTPResponse handle(HTTPRequest request) {
    HTTPResponse r = answer(request);
    // The bearer token is the only credential (no cookies), so any origin may read the answer.
    r.setHeader("Access-Control-Allow-Origin", "*");
    r.setHeader("Access-Control-Expose-Headers", "WWW-Authenticate");
    return r;
  }

  private HTTPResponse answer(HTTPRequest request) {
    if (!HTTPRequest.Method.GET.equals(request.getMethod()) && !HTTPRequest.Method.POST.equals(request.getMethod())) {
      return Responses.methodNotAllowed("GET", "POST");
    }
    if (request.getQueryStringParameters().containsKey("access_token")) {
      // OAuth 2.1 §5.2 drops RFC 6750 §2.3 (token in the URI query: logged, cached, leaked by Referer):
      // the request is malformed, RFC 6750 §3.1 invalid_request.
      return challenge(BearerTokenError.INVALID_REQUEST.setDescription(
          "access tokens are not accepted in the URI query"));
    }
    UserInfoRequest parsed;
    try {
      parsed = UserInfoRequest.parse(request);
    } catch (ParseException e) {
      BearerTokenError error = e.getErrorObject() instanceof BearerTokenError b ? b : BearerTokenError.MISSING_TOKEN;
      return challenge(error);
    }
    VerifiedAccessToken token = verifier.verify(parsed.getAccessToken().getValue()).orElse(null);
    if (token == null || !token.hasAudience(audience)) {
      return challenge(BearerTokenError.INVALID_TOKEN.setDescription(
          "the access token is invalid, expired, revoked or not for this endpoint"));
    }
    if (!token.scopes().contains("openid")) {
      return challenge(BearerTokenError.INSUFFICIENT_SCOPE.setDescription("the access token lacks the openid scope"));
    }
    UserAccount user = users.find(token.subject()).orElse(null);
    if (user == null) {
      return challenge(BearerTokenError.INVALID_TOKEN.setDescription("the user no longer exists"));
    }
    Map<String, Object> claims = new TreeMap<>();
    for (String claim : RequestedClaims.coveredBy(token.scopes())) {
      Object value = user.claims().get(claim);
      if (value != null) {
        claims.put(claim, value);
      }
    }
    // OIDC Core §5.5: the claims the authorization request asked for in its userinfo member.
    if (token.claims().get(TokenIssuer.USERINFO_CLAIMS) instanceof Map<?, ?> requested) {
      @SuppressWarnings("unchecked")
      Map<String, ?> member = (Map<String, ?>) requested;
      claims.putAll(RequestedClaims.release(member, user.claims()));
    }
    claims.put("sub", user.subject());
    HTTPResponse r = Responses.json(200, claims);
    r.setHeader("Cache-Control", "no-store");
    return r;
  }

  /**
   * RFC 6750 §3 / OIDC Core §5.3.3: a failed UserInfo request carries the error in a
   * {@code WWW-Authenticate: Bearer} challenge ({@code ErrorObject.toHTTPResponse} only writes JSON).
   */
  private static HTTPResponse challenge(BearerTokenError error) {
    HTTPResponse r = new UserInfoErrorResponse(error).toHTTPResponse();
    r.setHeader("Cache-Control", "no-store");
    if (r.getBody() == null || r.getBody().isEmpty()) {
      // The same error as JSON too, like every other endpoint of this provider. Without credentials the
      // challenge carries no error code (RFC 6750 §3.1); the body then says invalid_request, as
      // BearerTokenFilter does, so every JSON error answer has an error member.
      r.setHeader("Content-Type", "application/json; charset=UTF-8");
      r.setBody(error.getCode() != null ? com.nimbusds.jose.util.JSONObjectUtils.toJSONString(error.toJSONObject())
          : "{\"error\":\"invalid_request\",\"error_description\":\"bearer token required\"}");
    }
    return r;
  }
}
