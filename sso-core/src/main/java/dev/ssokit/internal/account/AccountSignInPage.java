package dev.ssokit.internal.account;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.SsoSettings;
import dev.ssokit.internal.api.ApiProblem;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.Parameters;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.limit.LimitExceeded;
import dev.ssokit.internal.mfa.SecondFactor;
import dev.ssokit.internal.page.PageRenderer;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.Cache;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /account/sign-in}: signs a user in to the account pages directly (no client involved), with
 * the same {@link SignIn} steps as {@code POST /auth/login}: the password under the shared throttle,
 * then, when the account has a second factor, a code on a second form; then a fresh browser session
 * (single sign-on with the clients' login) and on to the account page.
 *
 * <p>IMPORTANT: between the two steps the account waits under a random one-time reference (hidden
 * field, cache entry of the interaction lifetime), never under the subject the browser could choose.
 */
final class AccountSignInPage implements Endpoint {
  /** Path below {@code /account}. */
  static final String PATH = "/sign-in";

  private final SignIn signIn;
  private final AccountMfa mfa;
  private final PageRenderer pages;
  private final FormCsrf csrf;
  private final Cache cache;
  private final Clock clock;
  private final SsoSettings settings;
  private final SignedInPages common;

  AccountSignInPage(SignIn signIn, AccountMfa mfa, FormCsrf csrf, Cache cache, Clock clock, SsoSettings settings,
                    SignedInPages common) {
    this.signIn = signIn;
    this.mfa = mfa;
    this.pages = common.pages();
    this.csrf = csrf;
    this.cache = cache;
    this.clock = clock;
    this.settings = settings;
    this.common = common;
  }

  @Override
  public boolean browserFacing() {
    return true;
  }

  @Override
  public HTTPResponse handle(HTTPRequest request) {
    boolean post = HTTPRequest.Method.POST.equals(request.getMethod());
    Parameters params = Parameters.of(request, settings.maxParameterLength());
    Locale locale = pages.locale(request, params.get("ui_locales"));
    if (!post && !HTTPRequest.Method.GET.equals(request.getMethod())) {
      HTTPResponse r = pages.error(locale, 405, "method_not_allowed", "method_form");
      r.setHeader("Allow", "GET, POST");
      return r;
    }
    // where to go afterwards: the MFA page or the account page, nothing a link could point elsewhere
    String next = MfaEnrolmentPage.PATH.equals(params.get("return")) ? MfaEnrolmentPage.PATH : "";
    Map<String, Object> model = new HashMap<>();
    model.put("return", next);
    model.put("username", Optional.ofNullable(params.get("username")).orElse("").trim());
    if (!post) {
      return form(request, locale, 200, model);
    }
    if (!csrf.valid(request, params.get("csrf_token"))) {
      return pages.error(locale, 403, "form_expired", "account_form_expired");
    }
    String address = request.getClientIPAddress();
    String pending = params.get("pending");
    try {
      if (pending != null) {
        Optional<String> subject = cache.get(pendingKey(pending));
        if (subject.isEmpty()) {
          model.put("error", text(locale, "mfa.error.password_first"));
          return form(request, locale, 400, model);
        }
        SignIn.Result result = signIn.secondFactor(subject.get(), params.get("code"), address);
        cache.delete(pendingKey(pending));
        return started(request, result, locale, next);
      }
      String username = (String) model.get("username");
      String password = params.get("password");
      if (username.isEmpty() || password == null || password.isEmpty()) {
        model.put("error", text(locale, username.isEmpty() ? "login.error.missing_username"
            : "login.error.missing_password"));
        model.put(username.isEmpty() ? "usernameInvalid" : "passwordInvalid", true);
        return form(request, locale, 400, model);
      }
      String subject = signIn.password(username, password, address);
      if (!mfa.enabled(subject)) {
        return started(request, new SignIn.Result(subject, SignIn.AMR_PASSWORD), locale, next);
      }
      String reference = OpaqueToken.generate();
      cache.put(pendingKey(reference), subject, clock.instant().plus(settings.interactionLifetime()));
      model.put("pending", reference);
      return form(request, locale, 200, model);
    } catch (ApiProblem p) {
      if (pending != null) {
        model.put("pending", pending);
        model.put("error", text(locale, p.status() == 429 ? "mfa.error.throttled" : "mfa.error.invalid"));
      } else if (SignIn.EMAIL_NOT_VERIFIED.equals(p.type())) {
        model.put("error", text(locale, "login.error.unverified"));
      } else {
        model.put("error", text(locale, "login.error.invalid"));
        model.put("usernameInvalid", true);
        model.put("passwordInvalid", true);
      }
      HTTPResponse r = form(request, locale, p.status(), model);
      if (p.status() == 429) {
        r.setHeader("Retry-After", Long.toString(SecondFactor.FAILURE_WINDOW.toSeconds()));
      }
      return r;
    } catch (LimitExceeded e) {
      long seconds = e.retryAfterSeconds();
      model.put("error", e.status() != LimitExceeded.TOO_MANY_REQUESTS
          ? pages.messages().text(locale, "account.error.busy", Map.of("seconds", seconds))
          : seconds >= 120 ? pages.messages().text(locale, "login.error.throttled_minutes",
              Map.of("minutes", (seconds + 59) / 60))
          : pages.messages().text(locale, "login.error.throttled_seconds", Map.of("seconds", seconds)));
      HTTPResponse r = form(request, locale, e.status(), model);
      r.setHeader("Retry-After", Long.toString(seconds));
      return r;
    }
  }

  private HTTPResponse started(HTTPRequest request, SignIn.Result result, Locale locale, String next) {
    SignIn.Started started = signIn.start(request, result);
    HTTPResponse r = Responses.redirect(URI.create(common.url(next, locale)));
    r.setHeader("Set-Cookie", started.setCookie());
    return r;
  }

  private String text(Locale locale, String key) {
    return pages.messages().text(locale, key, Map.of());
  }

  private static String pendingKey(String reference) {
    return "account-sign-in:" + OpaqueToken.hash(reference);
  }

  private HTTPResponse form(HTTPRequest request, Locale locale, int status, Map<String, Object> model) {
    FormCsrf.Issued issued = csrf.issue(request);
    model.put("csrfToken", issued.token());
    model.put("uiLocales", locale.toLanguageTag());
    model.put("action", settings.issuer() + AccountPages.PREFIX + PATH);
    if (model.containsKey("pending")) {
      model.put("codeStep", true);
    } else {
      model.put("focusUsername", !Boolean.TRUE.equals(model.get("passwordInvalid"))
          || Boolean.TRUE.equals(model.get("usernameInvalid")));
      model.put("focusPassword", !(Boolean) model.get("focusUsername"));
    }
    model.put("forgotPasswordUrl", AccountPages.url(settings, "forgot-password", locale).toString());
    if (settings.registration() != SsoSettings.Registration.CLOSED) {
      model.put("registerUrl", AccountPages.url(settings, "register", locale).toString());
    }
    return issued.addTo(pages.render(locale, status, "account_sign_in", model, null));
  }
}
