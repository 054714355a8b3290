package dev.ssokit.internal.account;

import dev.ssokit.internal.api.ApiProblem;
import dev.ssokit.internal.mfa.SecondFactor;
import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.User;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The second factor of one's own account, the same for the JSON API ({@code /auth/mfa/*}) and the
 * MFA enrolment page ({@code /account/mfa}): start a TOTP enrolment, confirm it with a first code
 * (which yields the ten recovery codes), disable it or regenerate the recovery codes with a code.
 * Every refusal is an {@link ApiProblem}; every change is an audit event.
 */
public final class AccountMfa {
  private final Accounts accounts;
  private final SecondFactor mfa;
  private final AuditLog audit;
  private final Clock clock;

  AccountMfa(Accounts accounts, AuditLog audit, Clock clock) {
    this.accounts = accounts;
    this.mfa = accounts.mfa();
    this.audit = audit;
    this.clock = clock;
  }

  /** True when the account has a confirmed second factor. */
  public boolean enabled(String subject) {
    return mfa.enabled(subject);
  }

  /** Unused recovery codes of the account. */
  public int recoveryCodesLeft(String subject) {
    return mfa.recoveryCodesLeft(subject);
  }

  /** Starts (or restarts) a TOTP enrolment; 409 when the account has a second factor already. */
  public SecondFactor.Enrolment begin(String subject, String address) {
    SecondFactor.Enrolment e;
    try {
      e = mfa.begin(subject, accountName(accounts.user(subject)));
    } catch (IllegalStateException already) {
      throw ApiProblem.conflict(already.getMessage());
    } catch (SecondFactor.EncryptionKeyMissing noKey) {
      throw ApiProblem.of(503, "Service Unavailable", noKey.getMessage());
    }
    audit.append(new AuditEvent(clock.instant(), "mfa.enrolment_started", subject, null, address, Map.of()));
    return e;
  }

  /** The started, unconfirmed enrolment of the account, shown again (a page after a wrong first code). */
  public Optional<SecondFactor.Enrolment> pending(String subject) {
    return mfa.pending(subject, accountName(accounts.user(subject)));
  }

  /** Confirms the started enrolment with a first code; returns the ten recovery codes, shown once. */
  public List<String> confirm(String subject, String code, String address) {
    List<String> codes = mfa.confirm(subject, code).orElseThrow(() ->
        ApiProblem.invalidField("code", "wrong or used code, or no enrolment started (POST /auth/mfa/totp)"));
    audit.append(new AuditEvent(clock.instant(), "mfa.enabled", subject, null, address, Map.of()));
    return codes;
  }

  /** Removes the second factor after checking {@code code} (an authenticator code or a recovery code). */
  public void disable(String subject, String code, String address) {
    requireCode(subject, code);
    mfa.disable(subject);
    audit.append(new AuditEvent(clock.instant(), "mfa.disabled", subject, null, address, Map.of()));
  }

  /** New recovery codes (the old ones stop working) after checking {@code code}. */
  public List<String> regenerateRecoveryCodes(String subject, String code, String address) {
    requireCode(subject, code);
    List<String> codes = mfa.regenerateRecoveryCodes(subject)
        .orElseThrow(() -> ApiProblem.conflict("MFA is not enabled"));
    audit.append(new AuditEvent(clock.instant(), "mfa.recovery_codes_regenerated", subject, null, address,
        Map.of()));
    return codes;
  }

  private void requireCode(String subject, String code) {
    if (!mfa.enabled(subject)) {
      throw ApiProblem.conflict("MFA is not enabled");
    }
    switch (mfa.verify(subject, code)) {
      case ACCEPTED -> { }
      case TOO_MANY_FAILURES -> throw ApiProblem.of(429, "Too Many Requests",
          "too many wrong codes: try again in " + SecondFactor.FAILURE_WINDOW.toMinutes() + " minutes")
          .header("Retry-After", Long.toString(SecondFactor.FAILURE_WINDOW.toSeconds()));
      default -> throw ApiProblem.invalidField("code", "wrong or used code (an authenticator code or a recovery code)");
    }
  }

  /** The account name an authenticator app shows: the e-mail address, else the username. */
  private static String accountName(User u) {
    return u.email() != null ? u.email() : u.username();
  }
}
