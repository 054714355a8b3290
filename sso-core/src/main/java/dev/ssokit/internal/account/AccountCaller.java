package dev.ssokit.internal.account;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import dev.ssokit.VerifiedAccessToken;
import dev.ssokit.internal.api.ApiProblem;
import dev.ssokit.internal.api.ApiRoutes;
import dev.ssokit.internal.api.BearerCaller;
import dev.ssokit.internal.http.Cookies;
import dev.ssokit.internal.interaction.AuthorizationFlow;
import dev.ssokit.internal.interaction.BrowserSession;
import dev.ssokit.internal.token.AccessTokenVerifier;
import dev.ssokit.internal.token.OpaqueToken;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Who calls the account API: the signed-in browser (session cookie) or a client holding an access
 * token of this provider with scope {@value #SCOPE} for the user.
 *
 * <p>IMPORTANT: CSRF protection of cookie-authenticated calls is twofold: every state-changing
 * request must carry {@code X-CSRF-Token} with the session's CSRF token (derived from the session's
 * secret cookie, handed out by {@code GET /auth/me} and {@code POST /auth/login}, which another
 * origin cannot read), and a request whose {@code Origin} is not the issuer's is refused. The cookie
 * is {@code SameSite=Lax} besides. Bearer callers need neither: a browser never attaches a token by itself.
 */
public final class AccountCaller implements ApiRoutes.Authenticator {
  /** Scope of an access token that may use the account API on its user's behalf. */
  public static final String SCOPE = "sso:account";
  /** Header carrying the CSRF token of cookie-authenticated calls. */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  private final AuthorizationFlow flow;
  private final BearerCaller bearer;
  private final String issuerOrigin;

  /**
   * One caller.
   *
   * @param subject     the account
   * @param session     the browser session, when authenticated by cookie
   * @param cookieValue the session cookie's value, when authenticated by cookie
   * @param token       the access token, when authenticated by bearer token
   */
  public record Caller(String subject, BrowserSession session, String cookieValue, VerifiedAccessToken token) {
    /** The caller's session id, or {@code null}. */
    public String sid() {
      return session != null ? session.sid() : token == null ? null : (String) token.claims().get("sid");
    }

    /** How the user authenticated ({@code amr}), as far as known. */
    public List<String> amr() {
      return session != null ? session.amr() : List.of();
    }
  }

  private final AccessTokenVerifier verifier;

  public AccountCaller(AuthorizationFlow flow, AccessTokenVerifier verifier, URI issuer) {
    this.flow = flow;
    this.bearer = new BearerCaller(verifier);
    this.verifier = verifier;
    this.issuerOrigin = origin(issuer);
  }

  @Override
  public Caller authenticate(HTTPRequest request) {
    if (request.getAuthorization() != null) {
      VerifiedAccessToken token = bearer.authenticate(request);
      BearerCaller.requireAnyScope(token, SCOPE);
      return new Caller(verifier.localSubject(token), null, null, token); // a pairwise sub is mapped back
    }
    Optional<String> cookie = Cookies.read(request, flow.sessionCookie());
    Optional<BrowserSession> session = flow.currentSession(request);
    if (cookie.isEmpty() || session.isEmpty()) {
      throw ApiProblem.of(401, "Unauthorized", "sign in first (session cookie) or send an access token with scope "
          + SCOPE).header("WWW-Authenticate", "Bearer realm=\"ssokit\", scope=\"" + SCOPE + "\"");
    }
    if (!safe(request.getMethod())) {
      checkCsrf(request, cookie.get());
    }
    return new Caller(session.get().subject(), session.get(), cookie.get(), null);
  }

  /** The CSRF token of the session opened by {@code cookieValue}. */
  public static String csrfToken(String cookieValue) {
    return OpaqueToken.hash("csrf\n" + cookieValue);
  }

  /** 403 unless the request comes from the issuer's origin (when it says) and carries the session's CSRF token. */
  void checkCsrf(HTTPRequest request, String cookieValue) {
    String origin = request.getHeaderValue("Origin");
    if (origin != null && !origin.toLowerCase(Locale.ROOT).equals(issuerOrigin)) {
      throw ApiProblem.of(403, "Forbidden", "cross-origin requests are not accepted");
    }
    String sent = request.getHeaderValue(CSRF_HEADER);
    if (sent == null || !OpaqueToken.equalsConstantTime(sent, csrfToken(cookieValue))) {
      throw ApiProblem.of(403, "Forbidden", "the " + CSRF_HEADER + " header is missing or wrong (GET /auth/me hands"
          + " it out)");
    }
  }

  /**
   * True when a form of the account pages, posted in the session opened by {@code cookieValue},
   * carries that session's CSRF token ({@code sent}) and no foreign {@code Origin}. The pages send
   * {@code Referrer-Policy: no-referrer}, under which browsers post forms with {@code Origin: null}:
   * that says nothing either way, so the token decides.
   */
  boolean formTokenValid(HTTPRequest request, String cookieValue, String sent) {
    String origin = request.getHeaderValue("Origin");
    boolean sameOrigin = origin == null || "null".equals(origin) || origin.toLowerCase(Locale.ROOT).equals(issuerOrigin);
    return sameOrigin && sent != null && OpaqueToken.equalsConstantTime(sent, csrfToken(cookieValue));
  }

  /** 403 when a request declares an origin other than the issuer's (login CSRF on the open routes). */
  void checkOrigin(HTTPRequest request) {
    String origin = request.getHeaderValue("Origin");
    if (origin != null && !origin.toLowerCase(Locale.ROOT).equals(issuerOrigin)) {
      throw ApiProblem.of(403, "Forbidden", "cross-origin requests are not accepted");
    }
  }

  private static boolean safe(HTTPRequest.Method method) {
    return method == HTTPRequest.Method.GET;
  }

  static String origin(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort = port == -1 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
  }
}
