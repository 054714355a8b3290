package dev.ssokit.internal.endpoint;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.authorization.AuthorizationRequestChecks;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.Parameters;
import dev.ssokit.internal.interaction.AuthorizationFlow;
import dev.ssokit.internal.page.PageRenderer;
import java.util.Map;

/**
 * {@code /authorize}: RFC 6749 §4.1.1 and OIDC Core §3.1.2 with OAuth 2.1 rules: only
 * {@code response_type=code}, PKCE S256 (or, for a confidential OpenID client, a nonce), exact
 * redirect URI match. The rules are {@link AuthorizationRequestChecks}; this endpoint runs them
 * and hands a valid request to the {@link AuthorizationFlow}.
 *
 * <p>IMPORTANT: until client and redirect URI are known good, errors are shown as a page and never
 * redirected (RFC 6749 §4.1.2.1).
 */
public final class AuthorizationEndpoint implements Endpoint {
  private final AuthorizationRequestChecks checks;
  private final AuthorizationFlow flow;
  private final PageRenderer pages;
  private final int maxParameterLength;

  public AuthorizationEndpoint(AuthorizationRequestChecks checks, AuthorizationFlow flow, PageRenderer pages,
                               int maxParameterLength) {
    this.checks = checks;
    this.flow = flow;
    this.pages = pages;
    this.maxParameterLength = maxParameterLength;
  }

  @Override
  public boolean browserFacing() {
    return true;
  }

  @Override
  public HTTPResponse handle(HTTPRequest request) {
    if (!HTTPRequest.Method.GET.equals(request.getMethod()) && !HTTPRequest.Method.POST.equals(request.getMethod())) {
      return pages.error(pages.locale(request, null), 405, "method_not_allowed", "method_authorize");
    }
    Parameters params;
    try {
      params = Parameters.of(request, maxParameterLength);
    } catch (Parameters.BadRequest e) {
      return pages.error(pages.locale(request, null), 400, "invalid_request", "malformed_authorize",
          Map.of("detail", e.getMessage()));
    }
    AuthorizationRequestChecks.Outcome outcome = checks.run(params);
    if (outcome instanceof AuthorizationRequestChecks.Valid valid) {
      return flow.start(valid.request(), request);
    }
    if (outcome instanceof AuthorizationRequestChecks.Refused refused) {
      return flow.error(refused.request(), refused.error(), request);
    }
    AuthorizationRequestChecks.ErrorPage page = (AuthorizationRequestChecks.ErrorPage) outcome;
    // OIDC Core §3.1.2.1: ui_locales applies to the error page too, though the request is refused
    return pages.error(pages.locale(request, params.get("ui_locales")), 400, page.title(), page.text(),
        page.detail() == null ? Map.of() : Map.of("detail", page.detail()));
  }
}
