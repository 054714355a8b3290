package dev.ssokit.internal.account;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import dev.ssokit.VerifiedAccessToken;
import dev.ssokit.internal.api.ApiProblem;
import dev.ssokit.internal.http.Cookies;
import dev.ssokit.internal.interaction.SessionStore;
import dev.ssokit.internal.mfa.SecondFactor;
import dev.ssokit.internal.token.RevocationList;
import dev.ssokit.internal.user.PasswordAuthentication;
import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.UserAccount;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * First-party sign-in ({@code POST /auth/login}): the password through the shared
 * {@link PasswordAuthentication} (same throttle as the login page), then the second factor when the
 * account has one, then a fresh browser session.
 */
public final class SignIn {
  /** {@code amr} of a password login (RFC 8176). */
  public static final List<String> AMR_PASSWORD = List.of("pwd");
  /** {@code amr} of a password and TOTP login (RFC 8176: {@code otp}, and {@code mfa} for two factors). */
  public static final List<String> AMR_PASSWORD_OTP = List.of("pwd", "otp", "mfa");
  /** Problem type of a right password whose account needs a second factor. */
  public static final String MFA_REQUIRED = "https://ssokit.dev/problems/mfa-required";
  /** Problem type of a right password whose account's e-mail address is not confirmed yet. */
  public static final String EMAIL_NOT_VERIFIED = "https://ssokit.dev/problems/email-not-verified";

  private final PasswordAuthentication passwords;
  private final SecondFactor mfa;
  private final SessionStore sessions;
  private final Cookies cookies;
  private final String sessionCookie;
  private final RevocationList revocations;
  private final AuditLog audit;
  private final Clock clock;

  /** Who signed in and how. */
  public record Result(String subject, List<String> amr) {}

  /** A new session: its cookie value and the {@code Set-Cookie} header that hands it to the browser. */
  public record Started(String cookieValue, String setCookie) {}

  public SignIn(PasswordAuthentication passwords, SecondFactor mfa, SessionStore sessions, Cookies cookies,
                String sessionCookie, RevocationList revocations, AuditLog audit, Clock clock) {
    this.passwords = passwords;
    this.mfa = mfa;
    this.sessions = sessions;
    this.cookies = cookies;
    this.sessionCookie = sessionCookie;
    this.revocations = revocations;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Checks the password and, when the account has MFA, {@code code} (TOTP or recovery code).
   *
   * @throws ApiProblem 401 for a wrong password or code (type {@link #MFA_REQUIRED} when the code is
   *     missing), 403 {@link #EMAIL_NOT_VERIFIED}, 429 while throttled
   */
  public Result authenticate(String login, String password, String code, String address) {
    String subject = password(login, password, address);
    if (!mfa.enabled(subject)) {
      return new Result(subject, AMR_PASSWORD);
    }
    return secondFactor(subject, code, address);
  }

  /**
   * The first step alone: checks the password through the shared throttle and answers the account's
   * subject; a page then asks for the code with {@link #secondFactor} when {@link SecondFactor#enabled}.
   *
   * @throws ApiProblem 401 for a wrong password, 403 {@link #EMAIL_NOT_VERIFIED}
   */
  public String password(String login, String password, String address) {
    Optional<UserAccount> account;
    try {
      account = passwords.authenticate(null, login, password, address);
    } catch (PasswordAuthentication.EmailNotVerified e) {
      throw new ApiProblem(403, EMAIL_NOT_VERIFIED, "E-mail address not confirmed",
          "confirm the e-mail address first: follow the link mailed to it", List.of());
    }
    return account.orElseThrow(() -> ApiProblem.of(401, "Unauthorized", "wrong username or password")).subject();
  }

  /**
   * The second step, for a subject whose password was right: {@code code} (TOTP or recovery code).
   *
   * @throws ApiProblem 401 {@link #MFA_REQUIRED} for a missing or wrong code, 429 after too many wrong codes
   */
  public Result secondFactor(String subject, String code, String address) {
    if (code == null || code.isBlank()) {
      throw new ApiProblem(401, MFA_REQUIRED, "Second factor required",
          "send the password again with \"code\": a code of the authenticator app or a recovery code",
          List.of(new ApiProblem.FieldError("code", "required")));
    }
    switch (mfa.verify(subject, code)) {
      case ACCEPTED -> {
        audit.append(new AuditEvent(clock.instant(), "login.mfa_success", subject, null, address, Map.of()));
        return new Result(subject, AMR_PASSWORD_OTP);
      }
      case TOO_MANY_FAILURES -> throw ApiProblem.of(429, "Too Many Requests",
          "too many wrong codes: try again in " + SecondFactor.FAILURE_WINDOW.toMinutes() + " minutes")
          .header("Retry-After", Long.toString(SecondFactor.FAILURE_WINDOW.toSeconds()));
      default -> {
        audit.append(new AuditEvent(clock.instant(), "login.mfa_failure", subject, null, address, Map.of()));
        throw new ApiProblem(401, MFA_REQUIRED, "Second factor required", "wrong or used code",
            List.of(new ApiProblem.FieldError("code", "wrong or used code")));
      }
    }
  }

  /** A fresh session for {@code result} (no session fixation: the request's old session ends). */
  public Started start(HTTPRequest request, Result result) {
    Cookies.read(request, sessionCookie).ifPresent(sessions::delete);
    SessionStore.Created created = sessions.create(result.subject(), clock.instant(), result.amr());
    return new Started(created.cookieValue(), cookies.setForBrowserSession(sessionCookie, created.cookieValue()));
  }

  /** The {@code Set-Cookie} value that removes the session cookie. */
  public String clearCookie() {
    return cookies.clear(sessionCookie);
  }

  /** Revokes one access token until it would have expired anyway (a bearer caller's sign-out). */
  public void revokeAccessToken(VerifiedAccessToken token) {
    if (token.jti() != null) {
      revocations.revokeToken(token.jti(), token.expiresAt());
    }
  }
}
