package dev.ssokit.internal.endpoint;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.SsoSettings;
import dev.ssokit.internal.http.Cookies;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.Parameters;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.interaction.AuthorizationFlow;
import dev.ssokit.internal.interaction.BrowserSession;
import dev.ssokit.internal.logout.SessionLogout;
import dev.ssokit.internal.page.PageRenderer;
import dev.ssokit.internal.subject.SubjectIdentifiers;
import dev.ssokit.internal.token.AccessTokenVerifier;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.internal.token.RevocationList;
import dev.ssokit.internal.token.SigningKeys;
import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.Cache;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientStore;
import dev.ssokit.spi.RefreshTokenStore;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /logout} (OIDC RP-Initiated Logout 1.0): ends the browser session and really ends its
 * tokens: refresh-token families of the session are revoked and its access tokens rejected.
 *
 * <p>IMPORTANT: without a valid {@code id_token_hint} the user confirms on a CSRF-protected page,
 * so a third-party site cannot log a user out; {@code post_logout_redirect_uri} must be registered.
 * {@code client_id} identifies the client without a hint (RP-Initiated Logout §2); {@code
 * logout_hint} and {@code ui_locales} are accepted. The clients of the ended session are told
 * through {@link SessionLogout} (back-channel tokens, front-channel iframes on the logged-out page).
 */
public final class EndSessionEndpoint implements Endpoint {
  private static final String CSRF_PREFIX = "logout-csrf:";
  private static final com.nimbusds.jose.JOSEObjectType AT_JWT = new com.nimbusds.jose.JOSEObjectType("at+jwt");

  private final SsoSettings settings;
  private final AuthorizationFlow flow;
  private final ClientStore clients;
  private final SigningKeys keys;
  private final RefreshTokenStore refreshTokens;
  private final RevocationList revocations;
  private final Cache cache;
  private final PageRenderer pages;
  private final Cookies cookies;
  private final AuditLog audit;
  private final Clock clock;
  private final SessionLogout logout;

  private final SubjectIdentifiers subjects;

  public EndSessionEndpoint(SsoSettings settings, AuthorizationFlow flow, ClientStore clients, SigningKeys keys,
                            RefreshTokenStore refreshTokens, RevocationList revocations, Cache cache,
                            PageRenderer pages, Cookies cookies, AuditLog audit, Clock clock,
                            SessionLogout logout, SubjectIdentifiers subjects) {
    this.subjects = subjects;
    this.settings = settings;
    this.flow = flow;
    this.clients = clients;
    this.keys = keys;
    this.refreshTokens = refreshTokens;
    this.revocations = revocations;
    this.cache = cache;
    this.pages = pages;
    this.cookies = cookies;
    this.audit = audit;
    this.clock = clock;
    this.logout = logout;
  }

  @Override
  public boolean browserFacing() {
    return true;
  }

  @Override
  public HTTPResponse handle(HTTPRequest request) {
    boolean post = HTTPRequest.Method.POST.equals(request.getMethod());
    if (!post && !HTTPRequest.Method.GET.equals(request.getMethod())) {
      return pages.error(pages.locale(request, null), 405, "method_not_allowed", "method_logout");
    }
    Parameters params;
    try {
      params = Parameters.of(request, settings.maxParameterLength());
    } catch (Parameters.BadRequest e) {
      return pages.error(pages.locale(request, null), 400, "invalid_request", "malformed_logout",
          Map.of("detail", e.getMessage()));
    }
    // RP-Initiated Logout 1.0 §2: ui_locales chooses the language of the logout pages
    String uiLocales = params.get("ui_locales");
    Locale locale = pages.locale(request, uiLocales);
    JWTClaimsSet hint = null;
    if (params.get("id_token_hint") != null) {
      hint = verifyHint(params.get("id_token_hint"));
      if (hint == null) {
        return pages.error(locale, 400, "invalid_logout", "logout_hint_invalid");
      }
    }
    String clientId = params.get("client_id");
    if (hint != null && hint.getAudience() != null && !hint.getAudience().isEmpty()) {
      String aud = hint.getAudience().get(0);
      if (clientId != null && !clientId.equals(aud)) {
        return pages.error(locale, 400, "invalid_logout", "logout_client_mismatch");
      }
      clientId = aud;
    }
    URI redirect = null;
    String requested = params.get("post_logout_redirect_uri");
    if (requested != null) {
      // RP-Initiated Logout §3: without id_token_hint or client_id, the OP cannot tell whose URI it is
      if (clientId == null) {
        return pages.error(locale, 400, "invalid_logout", "logout_redirect_unchecked");
      }
      Client client = clients.find(clientId).orElse(null);
      if (client == null) {
        return pages.error(locale, 400, "invalid_logout", "logout_client_unknown");
      }
      if (client.postLogoutRedirectUris().stream().noneMatch(u -> u.toString().equals(requested))) {
        return pages.error(locale, 400, "invalid_logout", "logout_redirect_not_registered");
      }
      redirect = URI.create(requested);
    }
    String cookieValue = Cookies.read(request, flow.sessionCookie()).orElse(null);
    BrowserSession session = flow.currentSession(request).orElse(null);
    boolean confirmed = session == null
        // OIDC Core §8: a pairwise client's hint carries its pairwise sub, mapped back to the user
        || (hint != null && session.subject().equals(subjects.local(hint.getSubject())))
        || (post && "yes".equals(params.get("logout")) && checkCsrf(params.get("csrf_token"), cookieValue));
    if (!confirmed) {
      return confirmationPage(cookieValue, requested, clientId, params.get("state"), uiLocales, locale);
    }
    if (redirect != null) {
      String state = params.get("state");
      redirect = state == null ? redirect : URI.create(redirect + (redirect.getRawQuery() == null ? "?" : "&")
          + "state=" + URLEncoder.encode(state, StandardCharsets.UTF_8));
    }
    // Back-Channel Logout §2.5 / Front-Channel Logout §4: every client of the session is told
    List<URI> frontChannel = session == null ? List.of() : logout.sessionEnded(session);
    HTTPResponse r;
    if (redirect != null && frontChannel.isEmpty()) {
      r = Responses.redirect(redirect);
    } else {
      r = loggedOutPage(frontChannel, redirect, locale);
    }
    if (session != null) {
      Instant now = clock.instant();
      // The marker first: a code redemption racing this logout then sees it, or its refresh token is revoked below.
      revocations.endSession(session.sid(), now.plus(longest(settings.accessTokenLifetime(),
          settings.authorizationCodeLifetime())));
      flow.sessions().delete(cookieValue);
      refreshTokens.revokeSession(session.sid());
      audit.append(new AuditEvent(now, "logout", session.subject(), clientId, request.getClientIPAddress(), Map.of()));
    }
    r.setHeader("Set-Cookie", cookies.clear(flow.sessionCookie()));
    return r;
  }

  /** The logged-out page: front-channel iframes, then on to {@code redirect} when there is one. */
  private HTTPResponse loggedOutPage(List<URI> frontChannel, URI redirect, Locale locale) {
    Map<String, Object> model = new HashMap<>();
    model.put("frontchannelLogoutUris", frontChannel.stream().map(URI::toString).toList());
    if (redirect != null) {
      model.put("redirectUri", redirect.toString());
    }
    Set<String> frameSources = new LinkedHashSet<>();
    frontChannel.forEach(u -> frameSources.add(PageRenderer.cspSource(u)));
    return pages.render(locale, 200, "logged_out", model, null, frameSources);
  }

  private static java.time.Duration longest(java.time.Duration a, java.time.Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private HTTPResponse confirmationPage(String cookieValue, String redirect, String clientId, String state,
                                        String uiLocales, Locale locale) {
    String csrf = OpaqueToken.generate();
    cache.put(CSRF_PREFIX + OpaqueToken.hash(csrf), OpaqueToken.hash(cookieValue),
        clock.instant().plus(settings.interactionLifetime()));
    Map<String, Object> model = new HashMap<>();
    model.put("action", settings.issuer() + "/logout");
    model.put("csrfToken", csrf);
    if (redirect != null) {
      model.put("postLogoutRedirectUri", redirect);
    }
    if (clientId != null) {
      model.put("clientId", clientId);
    }
    if (state != null) {
      model.put("state", state);
    }
    if (uiLocales != null) {
      model.put("uiLocales", uiLocales);
    }
    return pages.render(locale, 200, "logout", model, null);
  }

  private boolean checkCsrf(String csrf, String cookieValue) {
    if (csrf == null || cookieValue == null) {
      return false;
    }
    return cache.take(CSRF_PREFIX + OpaqueToken.hash(csrf))
        .map(bound -> OpaqueToken.equalsConstantTime(bound, OpaqueToken.hash(cookieValue)))
        .orElse(false);
  }

  /** The claims of an ID token we signed; expiry is not checked (OIDC RP-Initiated Logout §2). */
  private JWTClaimsSet verifyHint(String value) {
    try {
      SignedJWT jwt = SignedJWT.parse(value);
      // RP-Initiated Logout §2: the hint is an ID Token. Our access tokens are signed with the same keys,
      // so refuse RFC 9068 ones (typ at+jwt): an access token reaches resource servers and must not be
      // usable to log its user out without confirmation.
      if (AT_JWT.equals(jwt.getHeader().getType()) || !keys.verify(jwt)) {
        return null;
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      if (AccessTokenVerifier.isAccessTokenJwt(claims)) {
        return null; // an access token of a client with access_token_typ JWT: same rule as above
      }
      return settings.issuer().toString().equals(claims.getIssuer()) && claims.getSubject() != null ? claims : null;
    } catch (ParseException e) {
      return null;
    }
  }
}
