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
import dev.ssokit.internal.dpop.DPoPProofCheck;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.token.AccessTokenVerifier;
import dev.ssokit.spi.UserAccount;
import dev.ssokit.spi.UserDirectory;
import java.net.URI;
import java.util.List;
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
  private final DPoPProofCheck dpop;
  private final URI url;

  public UserInfoEndpoint(AccessTokenVerifier verifier, UserDirectory users, String issuer, DPoPProofCheck dpop) {
    this.verifier = verifier;
    this.users = users;
    this.audience = issuer;
    this.dpop = dpop;
    this.url = URI.create(issuer + "/userinfo");
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
    r.setHeader("Access-Control-Expose-Headers", "WWW-Authenticate, DPoP-Nonce");
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
    String authorization = request.getAuthorization();
    if (authorization != null && authorization.regionMatches(true, 0, "DPoP ", 0, 5)) {
      return answerDPoP(request, authorization.substring(5).trim());
    }
    UserInfoRequest parsed;
    try {
      parsed = UserInfoRequest.parse(request);
    } catch (ParseException e) {
      BearerTokenError error = e.getErrorObject() instanceof BearerTokenError b ? b : BearerTokenError.MISSING_TOKEN;
      return challenge(error);
    }
    String value = parsed.getAccessToken().getValue();
    VerifiedAccessToken token = verifier.verify(value).orElse(null);
    if (token == null || !token.hasAudience(audience)) {
      return challenge(BearerTokenError.INVALID_TOKEN.setDescription(
          "the access token is invalid, expired, revoked or not for this endpoint"));
    }
    if (DPoPProofCheck.boundKey(token) != null) {
      // RFC 9449 §7.2: a DPoP-bound token presented as a bearer token is refused
      return challenge(BearerTokenError.INVALID_TOKEN.setDescription(
          "the access token is DPoP-bound; present it with the DPoP scheme and a proof"));
    }
    return claims(token);
  }

  /** RFC 9449 §7.1: {@code Authorization: DPoP <token>} with a proof of the key the token is bound to. */
  private HTTPResponse answerDPoP(HTTPRequest request, String value) {
    VerifiedAccessToken token = verifier.verify(value).orElse(null);
    if (token == null || !token.hasAudience(audience)) {
      return dpopChallenge("invalid_token", "the access token is invalid, expired, revoked or not for this endpoint");
    }
    List<String> proofs = request.getHeaderValues("DPoP");
    try {
      dpop.verifyPresentation(token, "DPoP", value, proofs == null || proofs.size() != 1 ? null : proofs.get(0),
          request.getMethod().name(), url);
    } catch (DPoPProofCheck.InvalidProof e) {
      HTTPResponse r = dpopChallenge(e.error(), e.getMessage());
      if (e instanceof DPoPProofCheck.NonceRequired) {
        // RFC 9449 §9: the nonce the client's next proof must carry
        r.setHeader(DPoPProofCheck.NONCE_HEADER, dpop.nonce());
      }
      return r;
    }
    return claims(token);
  }

  private HTTPResponse claims(VerifiedAccessToken token) {
    if (!token.scopes().contains("openid")) {
      return challenge(BearerTokenError.INSUFFICIENT_SCOPE.setDescription("the access token lacks the openid scope"));
    }
    UserAccount user = users.find(verifier.localSubject(token)).orElse(null);
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
    claims.put("sub", token.subject()); // OIDC Core §5.3.2: the ID token's sub, pairwise for a pairwise client
    HTTPResponse r = Responses.json(200, claims);
    r.setHeader("Cache-Control", "no-store");
    return r;
  }

  /** RFC 9449 §7.1: the error in a {@code WWW-Authenticate: DPoP} challenge naming the accepted algorithms. */
  private static HTTPResponse dpopChallenge(String error, String description) {
    HTTPResponse r = new HTTPResponse(401);
    r.setHeader("WWW-Authenticate", "DPoP error=\"" + error + "\", error_description=\""
        + description.replace("\"", "'") + "\", algs=\"" + String.join(" ", DPoPProofCheck.ALGORITHMS) + "\"");
    r.setHeader("Cache-Control", "no-store");
    r.setHeader("Content-Type", "application/json; charset=UTF-8");
    r.setBody(com.nimbusds.jose.util.JSONObjectUtils.toJSONString(Map.of("error", error,
        "error_description", description)));
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
