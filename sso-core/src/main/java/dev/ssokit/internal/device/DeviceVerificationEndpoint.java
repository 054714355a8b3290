package dev.ssokit.internal.device;

import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.http.Cookies;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.Parameters;
import dev.ssokit.internal.interaction.AuthorizationContext;
import dev.ssokit.internal.interaction.AuthorizationFlow;
import dev.ssokit.internal.limit.UserCodeThrottle;
import dev.ssokit.internal.page.PageRenderer;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientStore;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /device}, the verification URI of RFC 8628 §3.3: the user types the code shown on the
 * device (throttled per client address), is shown which client on which device asks for what and
 * confirms, then signs in and consents as for any authorization request; the flow returns to
 * {@link DeviceCallbackEndpoint}. Forms carry a CSRF token (double-submit cookie).
 */
final class DeviceVerificationEndpoint implements Endpoint {
  private static final Duration CSRF_COOKIE_LIFETIME = Duration.ofHours(1);

  private final DeviceAuthorizations authorizations;
  private final AuthorizationFlow flow;
  private final ClientStore clients;
  private final UserCodeThrottle throttle;
  private final PageRenderer pages;
  private final Cookies cookies;
  private final String csrfCookie;
  private final String action;
  private final URI callback;
  private final int maxParameterLength;

  DeviceVerificationEndpoint(DeviceAuthorizations authorizations, AuthorizationFlow flow, ClientStore clients,
                             UserCodeThrottle throttle, PageRenderer pages, Cookies cookies, String cookieBase,
                             URI action, URI callback, int maxParameterLength) {
    this.authorizations = authorizations;
    this.flow = flow;
    this.clients = clients;
    this.throttle = throttle;
    this.pages = pages;
    this.cookies = cookies;
    this.csrfCookie = cookies.name(cookieBase + "_device");
    this.action = action.toString();
    this.callback = callback;
    this.maxParameterLength = maxParameterLength;
  }

  @Override
  public boolean browserFacing() {
    return true;
  }

  @Override
  public HTTPResponse handle(HTTPRequest request) {
    Locale locale = pages.locale(request, null);
    Parameters params = Parameters.of(request, maxParameterLength);
    Optional<String> csrf = Cookies.read(request, csrfCookie).filter(v -> v.length() <= 64);
    if (HTTPRequest.Method.GET.equals(request.getMethod())) {
      String token = csrf.orElseGet(OpaqueToken::generate);
      HTTPResponse r = form(locale, 200, token, params.get("user_code"), null);
      if (csrf.isEmpty()) {
        r.setHeader("Set-Cookie", cookies.set(csrfCookie, token, CSRF_COOKIE_LIFETIME));
      }
      return r;
    }
    if (!HTTPRequest.Method.POST.equals(request.getMethod())) {
      return pages.error(locale, 405, "method_not_allowed", "method_device");
    }
    if (csrf.isEmpty() || !OpaqueToken.equalsConstantTime(csrf.get(), params.get("csrf_token"))) {
      return pages.error(locale, 403, "form_expired", "device_form_expired");
    }
    String typed = params.get("user_code");
    String decision = params.get("decision");
    String ip = request.getClientIPAddress();
    throttle.beforeAttempt(ip);
    if (decision == null) {
      Optional<DeviceAuthorizations.DeviceAuthorization> found = authorizations.byUserCode(typed);
      if (found.isEmpty()) {
        throttle.failed(ip);
        return form(locale, 400, csrf.get(), typed, "device.error.invalid");
      }
      return confirm(locale, found.get(), csrf.get(), typed);
    }
    if (!"allow".equals(decision) && !"deny".equals(decision)) {
      return pages.error(locale, 400, "invalid_request", "choose_continue");
    }
    Optional<DeviceAuthorizations.DeviceAuthorization> claimed = authorizations.claimUserCode(typed);
    if (claimed.isEmpty()) {
      throttle.failed(ip);
      return form(locale, 400, csrf.get(), "", "device.error.used");
    }
    DeviceAuthorizations.DeviceAuthorization a = claimed.get();
    if ("deny".equals(decision)) {
      authorizations.save(a.denied());
      return done(pages, locale, "denied", "cancelled");
    }
    // The normal authorization flow (session, login, consent per the client's policy), answering to this
    // provider's own callback, with the state bound to this device authorization.
    AuthorizationContext ctx = new AuthorizationContext(a.clientId(), callback, true, a.state(), ResponseMode.QUERY,
        a.scopes(), null, null, Set.of(), -1, null);
    return flow.start(ctx, request);
  }

  private HTTPResponse form(Locale locale, int status, String csrfToken, String userCode, String errorKey) {
    Map<String, Object> model = new HashMap<>();
    model.put("action", action);
    model.put("csrfToken", csrfToken);
    model.put("userCode", userCode == null ? "" : userCode);
    if (errorKey != null) {
      model.put("error", pages.messages().text(locale, errorKey, Map.of()));
    }
    return pages.render(locale, status, "device", model, null);
  }

  private HTTPResponse confirm(Locale locale, DeviceAuthorizations.DeviceAuthorization a, String csrfToken,
      String typed) {
    Map<String, Object> model = new HashMap<>();
    model.put("action", action);
    model.put("csrfToken", csrfToken);
    model.put("userCode", DeviceAuthorizations.normalized(typed).map(c -> c.substring(0, 4) + "-" + c.substring(4))
        .orElse(typed));
    model.put("clientName", clients.find(a.clientId()).map(Client::clientName).orElse(a.clientId()));
    model.put("scopes", List.copyOf(new TreeSet<>(a.scopes())));
    return pages.render(locale, 200, "device_confirm", model, null);
  }

  /** The last page of a device sign-in: {@code device_done.<outcome>.title} and {@code device_done.<text>.text}. */
  static HTTPResponse done(PageRenderer pages, Locale locale, String outcome, String text) {
    return pages.render(locale, 200, "device_done", Map.of(
        "title", pages.messages().text(locale, "device_done." + outcome + ".title", Map.of()),
        "message", pages.messages().text(locale, "device_done." + text + ".text", Map.of())), null);
  }
}
