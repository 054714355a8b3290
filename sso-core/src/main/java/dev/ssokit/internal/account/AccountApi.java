package dev.ssokit.internal.account;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.api.ApiProblem;
import dev.ssokit.internal.api.ApiRequest;
import dev.ssokit.internal.api.ApiRoutes;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.interaction.BrowserSession;
import dev.ssokit.internal.mfa.SecondFactor;
import dev.ssokit.internal.page.PageRenderer;
import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.User;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The account API under {@code /auth}: JSON in and out, errors as RFC 9457 problems. Open routes
 * (register, login, verify-email, forgot/reset password) need no caller; the others accept the
 * browser session (with the CSRF token of {@link AccountCaller}) or an access token with scope
 * {@value AccountCaller#SCOPE}.
 */
public final class AccountApi {
  private static final HTTPRequest.Method GET = HTTPRequest.Method.GET;
  private static final HTTPRequest.Method POST = HTTPRequest.Method.POST;
  private static final HTTPRequest.Method PUT = HTTPRequest.Method.PUT;
  private static final HTTPRequest.Method DELETE = HTTPRequest.Method.DELETE;

  private final Accounts accounts;
  private final SignIn signIn;
  private final AccountCaller caller;
  private final ConnectedApps apps;
  private final AccountMfa mfa;
  private final AuditLog audit;
  private final Clock clock;
  private final PageRenderer pages;

  public AccountApi(Accounts accounts, SignIn signIn, AccountCaller caller, ConnectedApps apps, AccountMfa mfa,
                    AuditLog audit, Clock clock, PageRenderer pages) {
    this.pages = pages;
    this.accounts = accounts;
    this.signIn = signIn;
    this.caller = caller;
    this.apps = apps;
    this.mfa = mfa;
    this.audit = audit;
    this.clock = clock;
  }

  /** The routes, mounted at {@code mount} (issuer path + {@code /auth}). */
  public ApiRoutes routes(String mount) {
    return new ApiRoutes(mount, caller)
        .open(POST, "/register", this::register)
        .open(POST, "/login", this::login)
        .open(POST, "/verify-email", this::verifyEmail)
        .open(POST, "/forgot-password", this::forgotPassword)
        .open(POST, "/reset-password", this::resetPassword)
        .on(POST, "/logout", this::logout)
        .on(GET, "/me", this::me)
        .on(PUT, "/me", this::updateMe)
        .on(DELETE, "/me", this::deleteMe)
        .on(POST, "/resend-verification", this::resendVerification)
        .on(POST, "/change-password", this::changePassword)
        .on(GET, "/sessions", this::sessions)
        .on(DELETE, "/sessions/{sid}", this::endSession)
        .on(GET, "/consents", this::consents)
        .on(DELETE, "/consents/{client_id}", this::revokeConsent)
        .on(GET, "/mfa", this::mfaStatus)
        .on(POST, "/mfa/totp", this::mfaBegin)
        .on(POST, "/mfa/totp/confirm", this::mfaConfirm)
        .on(POST, "/mfa/disable", this::mfaDisable)
        .on(POST, "/mfa/recovery-codes", this::mfaRegenerate);
  }

  // ---- open routes ---------------------------------------------------------------------------

  private HTTPResponse register(ApiRequest r) {
    caller.checkOrigin(r.http());
    Map<String, Object> body = r.json();
    Accounts.Registered reg = accounts.register(str(body, "username"), str(body, "email"), str(body, "password"),
        str(body, "name"), str(body, "invitation"), address(r), locale(r));
    Map<String, Object> out = profile(reg.user());
    out.put("verification_mail_sent", reg.verificationMailSent());
    return json(201, out);
  }

  private HTTPResponse login(ApiRequest r) {
    caller.checkOrigin(r.http());
    Map<String, Object> body = r.json();
    String username = str(body, "username");
    String password = str(body, "password");
    if (username == null || username.isBlank()) {
      throw ApiProblem.invalidField("username", "required: the username or e-mail address");
    }
    if (password == null) {
      throw ApiProblem.invalidField("password", "required");
    }
    SignIn.Result result = signIn.authenticate(username, password, str(body, "code"), address(r));
    SignIn.Started started = signIn.start(r.http(), result);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("sub", result.subject());
    out.put("amr", result.amr());
    out.put("csrf_token", AccountCaller.csrfToken(started.cookieValue()));
    HTTPResponse response = json(200, out);
    response.setHeader("Set-Cookie", started.setCookie());
    return response;
  }

  private HTTPResponse verifyEmail(ApiRequest r) {
    Map<String, Object> body = r.json();
    User u = accounts.verifyEmail(str(body, "token"), address(r));
    return json(200, profile(u));
  }

  private HTTPResponse forgotPassword(ApiRequest r) {
    Map<String, Object> body = r.json();
    String login = str(body, "email") != null ? str(body, "email") : str(body, "username");
    accounts.forgotPassword(login, address(r), locale(r));
    // the same answer whether or not an account exists
    return json(202, Map.of("status", "if an account with this address exists, a reset link is on its way"));
  }

  private HTTPResponse resetPassword(ApiRequest r) {
    Map<String, Object> body = r.json();
    accounts.resetPassword(str(body, "token"), str(body, "password"), address(r), locale(r));
    return noContent();
  }

  // ---- the caller's account ------------------------------------------------------------------

  private HTTPResponse logout(ApiRequest r) {
    AccountCaller.Caller c = r.caller(AccountCaller.Caller.class);
    HTTPResponse response = noContent();
    if (c.session() != null) {
      accounts.signOut(c.session(), c.cookieValue(), address(r));
      response.setHeader("Set-Cookie", signIn.clearCookie());
    } else {
      signIn.revokeAccessToken(c.token());
      audit.append(new AuditEvent(clock.instant(), "logout", c.subject(), c.token().clientId(), address(r), Map.of()));
    }
    return response;
  }

  private HTTPResponse me(ApiRequest r) {
    AccountCaller.Caller c = r.caller(AccountCaller.Caller.class);
    Map<String, Object> out = profile(accounts.user(c.subject()));
    out.put("mfa_enabled", mfa.enabled(c.subject()));
    if (c.cookieValue() != null) {
      out.put("csrf_token", AccountCaller.csrfToken(c.cookieValue()));
    }
    return json(200, out);
  }

  private HTTPResponse updateMe(ApiRequest r) {
    AccountCaller.Caller c = r.caller(AccountCaller.Caller.class);
    var pending = accounts.updateProfile(c.subject(), r.json(), address(r), locale(r));
    Map<String, Object> out = profile(accounts.user(c.subject()));
    pending.ifPresent(p -> out.put("pending_email", p));
    return json(200, out);
  }

  private HTTPResponse deleteMe(ApiRequest r) {
    AccountCaller.Caller c = r.caller(AccountCaller.Caller.class);
    accounts.delete(c.session(), address(r));
    HTTPResponse response = noContent();
    if (c.session() != null) {
      response.setHeader("Set-Cookie", signIn.clearCookie());
    }
    return response;
  }

  private HTTPResponse resendVerification(ApiRequest r) {
    AccountCaller.Caller c = r.caller(AccountCaller.Caller.class);
    boolean sent = accounts.resendVerification(c.subject(), locale(r));
    return json(202, Map.of("verification_mail_sent", sent));
  }

  private HTTPResponse changePassword(ApiRequest r) {
    AccountCaller.Caller c = r.caller(AccountCaller.Caller.class);
    Map<String, Object> body = r.json();
    accounts.changePassword(c.subject(), str(body, "current_password"), str(body, "new_password"), c.sid(), address(r),
        locale(r));
    return noContent();
  }

  private HTTPResponse sessions(ApiRequest r) {
    AccountCaller.Caller c = r.caller(AccountCaller.Caller.class);
    List<Map<String, Object>> items = new ArrayList<>();
    for (BrowserSession s : accounts.sessions(c.subject())) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("sid", s.sid());
      item.put("auth_time", s.authTime().getEpochSecond());
      item.put("expires_at", s.endsAt().getEpochSecond());
      item.put("amr", s.amr());
      item.put("clients", s.clients());
      item.put("current", s.sid().equals(c.sid()));
      items.add(item);
    }
    return json(200, Map.of("items", items));
  }

  private HTTPResponse endSession(ApiRequest r) {
    AccountCaller.Caller c = r.caller(AccountCaller.Caller.class);
    accounts.endSession(c.subject(), r.path("sid"), address(r));
    HTTPResponse response = noContent();
    if (r.path("sid").equals(c.sid()) && c.session() != null) {
      response.setHeader("Set-Cookie", signIn.clearCookie());
    }
    return response;
  }

  private HTTPResponse consents(ApiRequest r) {
    AccountCaller.Caller c = r.caller(AccountCaller.Caller.class);
    List<Map<String, Object>> items = new ArrayList<>();
    for (ConnectedApps.App app : apps.of(c.subject())) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("client_id", app.clientId());
      item.put("client_name", app.clientName());
      item.put("scopes", app.scopes());
      item.put("granted_at", app.grantedAt().getEpochSecond());
      if (app.expiresAt() != null) {
        item.put("expires_at", app.expiresAt().getEpochSecond());
      }
      items.add(item);
    }
    return json(200, Map.of("items", items));
  }

  private HTTPResponse revokeConsent(ApiRequest r) {
    AccountCaller.Caller c = r.caller(AccountCaller.Caller.class);
    accounts.revokeConsent(c.subject(), r.path("client_id"), address(r));
    return noContent();
  }

  // ---- MFA -----------------------------------------------------------------------------------

  private HTTPResponse mfaStatus(ApiRequest r) {
    AccountCaller.Caller c = r.caller(AccountCaller.Caller.class);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("totp_enabled", mfa.enabled(c.subject()));
    out.put("recovery_codes_left", mfa.recoveryCodesLeft(c.subject()));
    return json(200, out);
  }

  private HTTPResponse mfaBegin(ApiRequest r) {
    AccountCaller.Caller c = r.caller(AccountCaller.Caller.class);
    SecondFactor.Enrolment e = mfa.begin(c.subject(), address(r));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("secret", e.secret());
    out.put("otpauth_uri", e.otpauthUri());
    out.put("qr_svg", e.qrSvg());
    return json(201, out);
  }

  private HTTPResponse mfaConfirm(ApiRequest r) {
    AccountCaller.Caller c = r.caller(AccountCaller.Caller.class);
    return json(200, Map.of("recovery_codes", mfa.confirm(c.subject(), str(r.json(), "code"), address(r))));
  }

  private HTTPResponse mfaDisable(ApiRequest r) {
    AccountCaller.Caller c = r.caller(AccountCaller.Caller.class);
    mfa.disable(c.subject(), str(r.json(), "code"), address(r));
    return noContent();
  }

  private HTTPResponse mfaRegenerate(ApiRequest r) {
    AccountCaller.Caller c = r.caller(AccountCaller.Caller.class);
    return json(200, Map.of("recovery_codes", mfa.regenerateRecoveryCodes(c.subject(), str(r.json(), "code"),
        address(r))));
  }

  // ---- helpers -------------------------------------------------------------------------------

  static Map<String, Object> profile(User u) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("sub", u.id());
    out.put("username", u.username());
    if (u.email() != null) {
      out.put("email", u.email());
      out.put("email_verified", u.emailVerified());
    }
    out.putAll(new java.util.TreeMap<>(u.claims()));
    return out;
  }

  /** A string member of a JSON body, or {@code null}; another JSON type is a 400 naming the field. */
  static String str(Map<String, Object> body, String field) {
    Object v = body.get(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw ApiProblem.invalidField(field, "must be a string");
    }
    return s;
  }

  /**
   * The language of the mails a call causes and of the pages their links open: the call's {@code ui_locales}
   * query parameter (a first-party UI passes on its own), else its {@code Accept-Language}, as for the pages.
   */
  private Locale locale(ApiRequest r) {
    List<String> uiLocales = r.http().getQueryStringParameters().get("ui_locales");
    String requested = uiLocales == null || uiLocales.isEmpty() ? null : uiLocales.get(0);
    return pages.locale(r.http(), requested != null && requested.length() <= 100 ? requested : null);
  }

  private static String address(ApiRequest r) {
    return r.http().getClientIPAddress();
  }

  private static HTTPResponse json(int status, Map<String, ?> body) {
    HTTPResponse response = Responses.json(status, body);
    response.setHeader("Cache-Control", "no-store");
    return response;
  }

  private static HTTPResponse noContent() {
    HTTPResponse response = new HTTPResponse(204);
    response.setHeader("Cache-Control", "no-store");
    return response;
  }
}
