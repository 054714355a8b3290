package dev.ssokit.internal.account;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.SsoSettings;
import dev.ssokit.internal.api.ApiProblem;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.Parameters;
import dev.ssokit.internal.limit.LimitExceeded;
import dev.ssokit.internal.page.PageRenderer;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The account pages below {@code /account}: register, confirm the e-mail address (the mailed link),
 * forgot password, reset password (the mailed link); {@code /account/sign-in} and {@code /account/mfa}
 * are passed on to {@link AccountSignInPage} and {@link MfaEnrolmentPage}. Each is a GET that shows a form and a POST that
 * completes the step through {@link Accounts}, so a link a mail scanner fetches changes nothing. The
 * pages and the mails they cause speak the language of {@code ui_locales} (a query parameter the login
 * page's links carry) or else {@code Accept-Language}, as the other pages do.
 *
 * <p>IMPORTANT: every form carries a CSRF token that must equal the value of a cookie set with the
 * form (double submit, {@code SameSite=Lax}, {@code HttpOnly}): another site can neither read nor set it.
 */
public final class AccountPages implements Endpoint {
  /** Path of the pages below the issuer. */
  public static final String PREFIX = "/account";

  private final Accounts accounts;
  private final PageRenderer pages;
  private final FormCsrf csrf;
  private final Endpoint signInPage;
  private final Endpoint mfaPage;
  private final String mount;
  private final String issuer;
  private final int maxParameterLength;

  AccountPages(Accounts accounts, PageRenderer pages, FormCsrf csrf, SsoSettings settings, String basePath,
               Endpoint signInPage, Endpoint mfaPage) {
    this.accounts = accounts;
    this.pages = pages;
    this.csrf = csrf;
    this.signInPage = signInPage;
    this.mfaPage = mfaPage;
    this.mount = basePath + PREFIX;
    this.issuer = settings.issuer().toString();
    this.maxParameterLength = settings.maxParameterLength();
  }

  @Override
  public boolean browserFacing() {
    return true;
  }

  @Override
  public HTTPResponse handle(HTTPRequest request) {
    String path = request.getURL().getPath().substring(mount.length());
    if (path.equals(AccountSignInPage.PATH)) {
      return signInPage.handle(request);
    }
    if (path.equals(MfaEnrolmentPage.PATH)) {
      return mfaPage.handle(request);
    }
    boolean post = HTTPRequest.Method.POST.equals(request.getMethod());
    if (!post && !HTTPRequest.Method.GET.equals(request.getMethod())) {
      HTTPResponse r = pages.error(pages.locale(request, null), 405, "method_not_allowed", "method_form");
      r.setHeader("Allow", "GET, POST");
      return r;
    }
    Parameters params = Parameters.of(request, maxParameterLength);
    Locale locale = pages.locale(request, params.get("ui_locales"));
    Page page = switch (path) {
      case "/register" -> Page.REGISTER;
      case "/verify-email" -> Page.VERIFY_EMAIL;
      case "/forgot-password" -> Page.FORGOT_PASSWORD;
      case "/reset-password" -> Page.RESET_PASSWORD;
      default -> null;
    };
    if (page == null) {
      return pages.error(locale, 404, "page_not_found", "no_account_page");
    }
    if (page == Page.REGISTER && accounts.settings().registration() == SsoSettings.Registration.CLOSED) {
      return pages.error(locale, 403, "registration_closed", "registration_closed");
    }
    Map<String, Object> model = new HashMap<>();
    model.put("token", Optional.ofNullable(params.get("token")).orElse(""));
    model.put("invitation", Optional.ofNullable(params.get("invitation")).orElse(""));
    model.put("uiLocales", locale.toLanguageTag());
    if (!post) {
      return form(request, locale, page, 200, model);
    }
    if (!csrf.valid(request, params.get("csrf_token"))) {
      return pages.error(locale, 403, "form_expired", "account_form_expired");
    }
    String address = request.getClientIPAddress();
    try {
      switch (page) {
        case REGISTER -> {
          model.put("email", Optional.ofNullable(params.get("email")).orElse(""));
          model.put("name", Optional.ofNullable(params.get("name")).orElse(""));
          Accounts.Registered r = accounts.register(null, params.get("email"), params.get("password"),
              params.get("name"), params.get("invitation"), address, locale);
          return done(locale, page, r.user().emailVerified() ? "register.done_ready" : "register.done_mailed",
              Map.of("email", r.user().email()));
        }
        case VERIFY_EMAIL -> {
          accounts.verifyEmail(params.get("token"), address);
          return done(locale, page, "verify_email.done", Map.of());
        }
        case FORGOT_PASSWORD -> {
          accounts.forgotPassword(params.get("email"), address, locale);
          return done(locale, page, "forgot_password.done", Map.of());
        }
        case RESET_PASSWORD -> {
          if (!String.valueOf(params.get("password")).equals(params.get("password_again"))) {
            throw ApiProblem.invalidField("password_again", "the two passwords differ");
          }
          accounts.resetPassword(params.get("token"), params.get("password"), address, locale);
          return done(locale, page, "reset_password.done", Map.of());
        }
        default -> throw new IllegalStateException(page.name());
      }
    } catch (ApiProblem p) {
      model.put("error", pages.messages().text(locale, errorKey(p), Map.of("minLength",
          accounts.settings().passwordMinLength())));
      if (!p.errors().isEmpty()) {
        model.put("errorField_" + p.errors().get(0).field().replace('-', '_'), true);
      }
      return form(request, locale, page, p.status(), model);
    } catch (LimitExceeded e) {
      model.put("error", pages.messages().text(locale, e.status() == LimitExceeded.TOO_MANY_REQUESTS
          ? "account.error.throttled" : "account.error.busy", Map.of("seconds", e.retryAfterSeconds())));
      HTTPResponse r = form(request, locale, page, e.status(), model);
      r.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
      return r;
    }
  }

  private enum Page {
    REGISTER("register"), VERIFY_EMAIL("verify_email"), FORGOT_PASSWORD("forgot_password"),
    RESET_PASSWORD("reset_password");

    final String template;

    Page(String template) {
      this.template = template;
    }
  }

  /**
   * The message key of a problem {@link Accounts} reports. Its English details serve the JSON API;
   * the pages name the same cases in the user's language, by the field in error or else the status.
   */
  static String errorKey(ApiProblem p) {
    if (!p.errors().isEmpty()) {
      ApiProblem.FieldError e = p.errors().get(0);
      return switch (e.field()) {
        case "email" -> "required".equals(e.detail()) ? "account.error.email_required" : "account.error.email_invalid";
        case "password" -> "required".equals(e.detail()) ? "account.error.password_required"
            : "account.error.password_weak";
        case "password_again" -> "account.error.password_mismatch";
        case "token" -> "account.error.link_invalid";
        case "name" -> "account.error.name_too_long";
        case "current_password" -> "account.error.current_password";
        case "code" -> "account.error.code_invalid";
        default -> "account.error.invalid";
      };
    }
    return switch (p.status()) {
      case 401 -> "account.error.sign_in_again";
      case 403 -> "account.error.invitation_invalid";
      case 404 -> "account.error.account_gone";
      case 409 -> p.getMessage().contains("confirmed already") ? "account.error.already_confirmed"
          : p.getMessage().contains("MFA") || p.getMessage().contains("second factor") ? "account.error.mfa_changed"
          : "account.error.account_exists";
      case 429 -> "account.error.throttled_later";
      case 503 -> "account.error.mail_unavailable";
      default -> "account.error.invalid";
    };
  }

  private HTTPResponse form(HTTPRequest request, Locale locale, Page page, int status, Map<String, Object> model) {
    FormCsrf.Issued issued = csrf.issue(request);
    model.put("csrfToken", issued.token());
    model.put("action", issuer + PREFIX + "/" + page.template.replace('_', '-'));
    model.put("minLength", accounts.settings().passwordMinLength());
    return issued.addTo(pages.render(locale, status, page.template, model, null));
  }

  private HTTPResponse done(Locale locale, Page page, String key, Map<String, ?> args) {
    Map<String, Object> model = new HashMap<>();
    model.put("done", pages.messages().text(locale, key, args));
    if (page != Page.FORGOT_PASSWORD) {
      model.put("signInUrl", issuer + PREFIX + AccountSignInPage.PATH + "?ui_locales="
          + SignedInPages.enc(locale.toLanguageTag()));
    }
    return pages.render(locale, 200, page.template, model, null);
  }

  /**
   * The URL of page {@code name} ({@code forgot-password}, {@code register}) for links from other
   * pages, which carry their language along.
   */
  public static URI url(SsoSettings settings, String name, Locale locale) {
    return URI.create(settings.issuer() + PREFIX + "/" + name + "?ui_locales="
        + java.net.URLEncoder.encode(locale.toLanguageTag(), java.nio.charset.StandardCharsets.UTF_8));
  }
}
