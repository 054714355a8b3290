package dev.ssokit.internal.account;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.SsoSettings;
import dev.ssokit.internal.api.ApiProblem;
import dev.ssokit.internal.http.Cookies;
import dev.ssokit.internal.http.Parameters;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.interaction.AuthorizationFlow;
import dev.ssokit.internal.interaction.BrowserSession;
import dev.ssokit.internal.limit.LimitExceeded;
import dev.ssokit.internal.page.PageRenderer;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the pages of a signed-in user ({@link AccountHomePage}, {@link MfaEnrolmentPage}) share: the
 * browser session, the CSRF check of their forms (the session's CSRF token of {@link AccountCaller},
 * the same the account API asks for), the way to the sign-in page, and refusals in the user's language.
 */
final class SignedInPages {
  private final AuthorizationFlow flow;
  private final AccountCaller caller;
  private final PageRenderer pages;
  private final SsoSettings settings;

  /**
   * One request of a signed-in user.
   *
   * @param cookieValue the session cookie's value
   * @param post        true for a form submission (its CSRF token checked already)
   */
  record Visit(BrowserSession session, String cookieValue, Parameters params, Locale locale, boolean post,
               String address) {
    String subject() {
      return session.subject();
    }

    /** A parameter of the form, or the empty string. */
    String param(String name) {
      return Optional.ofNullable(params.get(name)).orElse("");
    }
  }

  /** The visit, or the answer that ends the request instead (sign-in first, 405, expired form). */
  record Opened(Visit visit, HTTPResponse refusal) {}

  SignedInPages(AuthorizationFlow flow, AccountCaller caller, PageRenderer pages, SsoSettings settings) {
    this.flow = flow;
    this.caller = caller;
    this.pages = pages;
    this.settings = settings;
  }

  PageRenderer pages() {
    return pages;
  }

  Opened open(HTTPRequest request, String page) {
    boolean post = HTTPRequest.Method.POST.equals(request.getMethod());
    Parameters params = Parameters.of(request, settings.maxParameterLength());
    Locale locale = pages.locale(request, params.get("ui_locales"));
    if (!post && !HTTPRequest.Method.GET.equals(request.getMethod())) {
      HTTPResponse r = pages.error(locale, 405, "method_not_allowed", "method_form");
      r.setHeader("Allow", "GET, POST");
      return new Opened(null, r);
    }
    Optional<String> cookie = Cookies.read(request, flow.sessionCookie());
    Optional<BrowserSession> session = flow.currentSession(request);
    if (cookie.isEmpty() || session.isEmpty()) {
      return new Opened(null, Responses.redirect(signInUrl(locale, page)));
    }
    if (post && !caller.formTokenValid(request, cookie.get(), params.get("csrf_token"))) {
      return new Opened(null, pages.error(locale, 403, "form_expired", "account_form_expired"));
    }
    return new Opened(new Visit(session.get(), cookie.get(), params, locale, post, request.getClientIPAddress()),
        null);
  }

  /** The model every signed-in page starts from: the form's CSRF token, the language, the page URLs. */
  Map<String, Object> model(Visit v) {
    Map<String, Object> model = new HashMap<>();
    model.put("csrfToken", AccountCaller.csrfToken(v.cookieValue()));
    model.put("uiLocales", v.locale().toLanguageTag());
    model.put("accountUrl", url("", v.locale()));
    model.put("mfaUrl", url(MfaEnrolmentPage.PATH, v.locale()));
    // forms post to the bare path: a POST's parameters belong in its body (Parameters refuses a query)
    model.put("accountAction", settings.issuer() + AccountPages.PREFIX);
    model.put("mfaAction", settings.issuer() + AccountPages.PREFIX + MfaEnrolmentPage.PATH);
    model.put("signOutUrl", settings.issuer() + "/logout?ui_locales=" + enc(v.locale().toLanguageTag()));
    return model;
  }

  /** The sign-in page, which leads back to {@code page} ({@code ""} for the account page). */
  URI signInUrl(Locale locale, String page) {
    return URI.create(url(AccountSignInPage.PATH, locale) + (page.isEmpty() ? "" : "&return=" + enc(page)));
  }

  /** {@code <issuer>/account<page>?ui_locales=<locale>}. */
  String url(String page, Locale locale) {
    return settings.issuer() + AccountPages.PREFIX + page + "?ui_locales=" + enc(locale.toLanguageTag());
  }

  /** A refusal of {@link Accounts} as the page's error text, the field in error marked and focused. */
  void problem(Map<String, Object> model, Locale locale, ApiProblem p) {
    model.put("error", pages.messages().text(locale, AccountPages.errorKey(p),
        Map.of("minLength", settings.passwordMinLength())));
    if (!p.errors().isEmpty()) {
      model.put("errorField_" + p.errors().get(0).field().replace('-', '_'), true);
    }
  }

  /** The throttle's or the hashing limit's refusal as the page's error text. */
  void limit(Map<String, Object> model, Locale locale, LimitExceeded e) {
    model.put("error", pages.messages().text(locale, e.status() == LimitExceeded.TOO_MANY_REQUESTS
        ? "account.error.throttled" : "account.error.busy", Map.of("seconds", e.retryAfterSeconds())));
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
