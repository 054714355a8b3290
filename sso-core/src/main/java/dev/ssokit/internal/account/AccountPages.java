package dev.ssokit.internal.account;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.SsoSettings;
import dev.ssokit.internal.api.ApiProblem;
import dev.ssokit.internal.http.Cookies;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.Parameters;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.limit.LimitExceeded;
import dev.ssokit.internal.page.PageRenderer;
import dev.ssokit.internal.token.OpaqueToken;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The account pages below {@code /account}: register, confirm the e-mail address (the mailed link),
 * forgot password, reset password (the mailed link). Each is a GET that shows a form and a POST that
 * completes the step through {@link Accounts}, so a link a mail scanner fetches changes nothing.
 *
 * <p>IMPORTANT: every form carries a CSRF token that must equal the value of a cookie set with the
 * form (double submit, {@code SameSite=Lax}, {@code HttpOnly}): another site can neither read nor set it.
 */
public final class AccountPages implements Endpoint {
  /** Path of the pages below the issuer. */
  public static final String PREFIX = "/account";
  static final Duration CSRF_COOKIE_LIFETIME = Duration.ofHours(1);

  private final Accounts accounts;
  private final PageRenderer pages;
  private final Cookies cookies;
  private final String csrfCookie;
  private final String mount;
  private final String issuer;
  private final int maxParameterLength;

  public AccountPages(Accounts accounts, PageRenderer pages, Cookies cookies, SsoSettings settings, String basePath) {
    this.accounts = accounts;
    this.pages = pages;
    this.cookies = cookies;
    this.csrfCookie = cookies.name(settings.sessionCookieName() + "_csrf");
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
    boolean post = HTTPRequest.Method.POST.equals(request.getMethod());
    if (!post && !HTTPRequest.Method.GET.equals(request.getMethod())) {
      HTTPResponse r = pages.error(405, "Method not allowed", "Use the form on this page.");
      r.setHeader("Allow", "GET, POST");
      return r;
    }
    Parameters params = Parameters.of(request, maxParameterLength);
    Page page = switch (path) {
      case "/register" -> Page.REGISTER;
      case "/verify-email" -> Page.VERIFY_EMAIL;
      case "/forgot-password" -> Page.FORGOT_PASSWORD;
      case "/reset-password" -> Page.RESET_PASSWORD;
      default -> null;
    };
    if (page == null) {
      return pages.error(404, "Page not found", "There is no such account page.");
    }
    if (page == Page.REGISTER && accounts.settings().registration() == SsoSettings.Registration.CLOSED) {
      return pages.error(403, "Registration closed", "New accounts are created by the operator of this service.");
    }
    Map<String, Object> model = new HashMap<>();
    model.put("token", Optional.ofNullable(params.get("token")).orElse(""));
    model.put("invitation", Optional.ofNullable(params.get("invitation")).orElse(""));
    if (!post) {
      return form(request, page, 200, model);
    }
    String sent = params.get("csrf_token");
    Optional<String> expected = Cookies.read(request, csrfCookie);
    if (sent == null || expected.isEmpty() || !OpaqueToken.equalsConstantTime(sent, expected.get())) {
      return pages.error(403, "Form expired", "This form expired or was sent from another site. Go back, reload the"
          + " page and try again.");
    }
    String address = request.getClientIPAddress();
    try {
      switch (page) {
        case REGISTER -> {
          model.put("email", Optional.ofNullable(params.get("email")).orElse(""));
          model.put("name", Optional.ofNullable(params.get("name")).orElse(""));
          Accounts.Registered r = accounts.register(null, params.get("email"), params.get("password"),
              params.get("name"), params.get("invitation"), address);
          return done(page, r.user().emailVerified() ? "Your account is ready. You can sign in now."
              : "Almost done: we sent a link to " + r.user().email() + ". Follow it to confirm your address.");
        }
        case VERIFY_EMAIL -> {
          accounts.verifyEmail(params.get("token"), address);
          return done(page, "Your e-mail address is confirmed. You can close this page or sign in.");
        }
        case FORGOT_PASSWORD -> {
          accounts.forgotPassword(params.get("email"), address);
          return done(page, "If an account with this address exists, we sent it a link to choose a new password.");
        }
        case RESET_PASSWORD -> {
          if (!String.valueOf(params.get("password")).equals(params.get("password_again"))) {
            throw ApiProblem.invalidField("password_again", "the two passwords differ");
          }
          accounts.resetPassword(params.get("token"), params.get("password"), address);
          return done(page, "Your password is changed and you are signed out everywhere. Sign in with the new"
              + " password.");
        }
        default -> throw new IllegalStateException(page.name());
      }
    } catch (ApiProblem p) {
      String message = p.errors().isEmpty() ? p.getMessage() : p.errors().get(0).detail();
      model.put("error", message.isEmpty() ? message : Character.toUpperCase(message.charAt(0)) + message.substring(1)
          + (message.endsWith(".") ? "" : "."));
      if (!p.errors().isEmpty()) {
        model.put("errorField_" + p.errors().get(0).field().replace('-', '_'), true);
      }
      return form(request, page, p.status(), model);
    } catch (LimitExceeded e) {
      model.put("error", "Too many attempts. Try again in " + e.retryAfterSeconds() + " seconds.");
      HTTPResponse r = form(request, page, e.status(), model);
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

  private HTTPResponse form(HTTPRequest request, Page page, int status, Map<String, Object> model) {
    Optional<String> existing = Cookies.read(request, csrfCookie).filter(v -> v.length() <= 64);
    String csrf = existing.orElseGet(OpaqueToken::generate);
    model.put("csrfToken", csrf);
    model.put("action", issuer + PREFIX + "/" + page.template.replace('_', '-'));
    model.put("minLength", accounts.settings().passwordMinLength());
    HTTPResponse r = pages.render(status, page.template, model, null);
    if (existing.isEmpty()) {
      Responses.addHeader(r, "Set-Cookie", cookies.set(csrfCookie, csrf, CSRF_COOKIE_LIFETIME));
    }
    return r;
  }

  private HTTPResponse done(Page page, String message) {
    Map<String, Object> model = new HashMap<>();
    model.put("done", message);
    return pages.render(200, page.template, model, null);
  }

  /** The URL of page {@code name} ({@code forgot-password}, {@code register}) for links from other pages. */
  public static URI url(SsoSettings settings, String name) {
    return URI.create(settings.issuer() + PREFIX + "/" + name);
  }
}
