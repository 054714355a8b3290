package dev.ssokit.internal.account;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.api.ApiProblem;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.interaction.BrowserSession;
import dev.ssokit.internal.limit.LimitExceeded;
import dev.ssokit.spi.User;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /account}: the account page of a signed-in user (built-in accounts only): profile (name,
 * e-mail change confirmed by a mailed link), password change, the second factor (a link to
 * {@link MfaEnrolmentPage}), sessions (end one), connected apps (disconnect one), account deletion.
 * Every form posts back here with {@code op} naming the step and runs the same {@link Accounts} call
 * as the account API; the page then shows the result (or the refusal, its field marked and focused).
 * Without a session it sends the browser to {@link AccountSignInPage}.
 */
final class AccountHomePage implements Endpoint {
  private final Accounts accounts;
  private final AccountMfa mfa;
  private final ConnectedApps apps;
  private final SignIn signIn;
  private final SignedInPages common;

  AccountHomePage(Accounts accounts, AccountMfa mfa, ConnectedApps apps, SignIn signIn, SignedInPages common) {
    this.accounts = accounts;
    this.mfa = mfa;
    this.apps = apps;
    this.signIn = signIn;
    this.common = common;
  }

  @Override
  public boolean browserFacing() {
    return true;
  }

  @Override
  public HTTPResponse handle(HTTPRequest request) {
    SignedInPages.Opened opened = common.open(request, "");
    if (opened.refusal() != null) {
      return opened.refusal();
    }
    SignedInPages.Visit v = opened.visit();
    Map<String, Object> model = common.model(v);
    if (!v.post()) {
      return page(v, model, 200);
    }
    Locale locale = v.locale();
    String op = v.param("op");
    try {
      switch (op) {
        case "profile" -> {
          Map<String, Object> changes = new LinkedHashMap<>();
          changes.put("name", v.param("name").isBlank() ? null : v.param("name"));
          changes.put("email", v.param("email"));
          var pending = accounts.updateProfile(v.subject(), changes, v.address(), locale);
          notice(model, locale, pending.isPresent() ? "account.profile.saved_mail" : "account.profile.saved",
              Map.of("email", pending.orElse("")));
        }
        case "resend_verification" -> {
          accounts.resendVerification(v.subject(), locale);
          notice(model, locale, "account.profile.verification_sent", Map.of());
        }
        case "password" -> {
          if (!v.param("new_password").equals(v.param("new_password_again"))) {
            throw ApiProblem.invalidField("password_again", "the two passwords differ");
          }
          accounts.changePassword(v.subject(), v.param("current_password"), v.param("new_password"),
              v.session().sid(), v.address(), locale);
          notice(model, locale, "account.password.changed", Map.of());
        }
        case "end_session" -> {
          String sid = v.param("sid");
          accounts.endSession(v.subject(), sid, v.address());
          if (sid.equals(v.session().sid())) {
            HTTPResponse r = Responses.redirect(common.signInUrl(locale, ""));
            r.setHeader("Set-Cookie", signIn.clearCookie());
            return r;
          }
          notice(model, locale, "account.sessions.ended", Map.of());
        }
        case "revoke_app" -> {
          accounts.revokeConsent(v.subject(), v.param("client_id"), v.address());
          notice(model, locale, "account.apps.revoked", Map.of());
        }
        case "delete" -> {
          if (!"yes".equals(v.param("confirm"))) {
            throw ApiProblem.invalidField("confirm", "tick the box to delete the account");
          }
          accounts.delete(v.session(), v.address());
          Map<String, Object> done = new LinkedHashMap<>();
          done.put("deleted", true);
          HTTPResponse r = common.pages().render(locale, 200, "account", done, null);
          r.setHeader("Set-Cookie", signIn.clearCookie());
          return r;
        }
        default -> throw ApiProblem.invalidField("op", "unknown step");
      }
    } catch (ApiProblem p) {
      common.problem(model, locale, p);
      if ("confirm".equals(p.errors().isEmpty() ? "" : p.errors().get(0).field())) {
        model.put("error", text(locale, "account.delete.confirm_required"));
      } else if (p.status() == 404 && (op.equals("end_session") || op.equals("revoke_app"))) {
        model.put("error", text(locale, "account.error.already_ended"));
      } else if (p.status() == 401 && op.equals("delete")) {
        model.put("error", text(locale, "account.delete.sign_in_again"));
        model.put("reauthenticateUrl", common.signInUrl(locale, "").toString());
      }
      return page(v, model, p.status() == 401 ? 403 : p.status());
    } catch (LimitExceeded e) {
      common.limit(model, locale, e);
      HTTPResponse r = page(v, model, e.status());
      r.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
      return r;
    }
    return page(v, model, 200);
  }

  private String text(Locale locale, String key) {
    return common.pages().messages().text(locale, key, Map.of());
  }

  private void notice(Map<String, Object> model, Locale locale, String key, Map<String, ?> args) {
    model.put("notice", common.pages().messages().text(locale, key, args));
  }

  private HTTPResponse page(SignedInPages.Visit v, Map<String, Object> model, int status) {
    Locale locale = v.locale();
    User u = accounts.user(v.subject());
    model.put("username", u.username());
    model.put("email", u.email() == null ? "" : u.email());
    model.put("emailUnverified", u.email() != null && !u.emailVerified());
    Object name = u.claims().get("name");
    model.put("name", name instanceof String s ? s : "");
    model.put("minLength", accounts.settings().passwordMinLength());
    model.put("mfaEnabled", mfa.enabled(v.subject()));
    DateTimeFormatter when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale)
        .withZone(ZoneOffset.UTC);
    List<Map<String, Object>> sessions = new ArrayList<>();
    for (BrowserSession s : accounts.sessions(v.subject())) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("sid", s.sid());
      item.put("rowId", "session-" + sessions.size());
      item.put("signedIn", when.format(s.authTime()) + " UTC");
      item.put("current", s.sid().equals(v.session().sid()));
      item.put("twoStep", s.amr().contains("otp") || s.amr().contains("mfa"));
      sessions.add(item);
    }
    model.put("sessions", sessions);
    List<Map<String, Object>> connected = new ArrayList<>();
    for (ConnectedApps.App app : apps.of(v.subject())) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("clientId", app.clientId());
      item.put("rowId", "app-" + connected.size());
      item.put("clientName", app.clientName());
      item.put("scopes", String.join(" ", app.scopes()));
      item.put("since", when.format(app.grantedAt() == null ? Instant.EPOCH : app.grantedAt()) + " UTC");
      connected.add(item);
    }
    model.put("apps", connected);
    model.put("hasApps", !connected.isEmpty());
    model.put("deleteMinutes", Accounts.DELETE_REAUTHENTICATION.toMinutes());
    return common.pages().render(locale, status, "account", model, null);
  }
}
