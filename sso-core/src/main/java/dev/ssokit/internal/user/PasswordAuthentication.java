package dev.ssokit.internal.user;

import dev.ssokit.internal.limit.LimitExceeded;
import dev.ssokit.internal.limit.LoginThrottle;
import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.UserAccount;
import dev.ssokit.spi.UserDirectory;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one way a password is checked, whoever asks (the login page, the account API's
 * {@code /auth/login}): the {@link LoginThrottle} before, the {@link UserDirectory} check, the
 * failure count and the audit event after. One throttle for every door, so an attacker gains
 * nothing by switching from the page to the API.
 *
 * <p>IMPORTANT: the throttle's state lives in the cache under keys of the submitted login name and
 * address, so every instance of this class (and of the provider) counts into the same back-off.
 */
public final class PasswordAuthentication {
  private final UserDirectory directory;
  private final LoginThrottle throttle;
  private final AuditLog audit;
  private final Clock clock;
  private final boolean verifiedEmailRequired;

  /** The right password of an account whose e-mail address is not confirmed yet, while that is required. */
  public static final class EmailNotVerified extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EmailNotVerified() {
      super("the e-mail address of the account is not confirmed yet", null, false, false);
    }
  }

  /**
   * @param verifiedEmailRequired true when an account with an unconfirmed e-mail address may not sign
   *     in (self-registration with verification required)
   */
  public PasswordAuthentication(UserDirectory directory, LoginThrottle throttle, AuditLog audit, Clock clock,
                                boolean verifiedEmailRequired) {
    this.directory = directory;
    this.throttle = throttle;
    this.audit = audit;
    this.clock = clock;
    this.verifiedEmailRequired = verifiedEmailRequired;
  }

  /** Whether self-registered accounts must confirm their e-mail address before they sign in. */
  public static boolean verifiedEmailRequired(dev.ssokit.SsoSettings settings, UserDirectory directory) {
    return directory instanceof StoredUserDirectory && settings.emailVerificationRequired()
        && settings.registration() != dev.ssokit.SsoSettings.Registration.CLOSED;
  }

  /**
   * Checks {@code password} for the account named {@code login} (username or e-mail address).
   *
   * @param clientId the client the login is for, or {@code null} for a first-party sign-in
   * @return the account, or empty after a wrong password (counted, audited as {@code login.failure})
   * @throws LimitExceeded (429) while this (account, address) pair backs off, audited as {@code login.throttled}
   * @throws EmailNotVerified when the password is right but the account's e-mail address must be confirmed first
   */
  public Optional<UserAccount> authenticate(String clientId, String login, String password, String address) {
    String who = login.trim().toLowerCase(Locale.ROOT);
    try {
      throttle.beforeAttempt(clientId, who, address);
    } catch (LimitExceeded e) {
      audit.append(new AuditEvent(clock.instant(), "login.throttled", null, clientId, address, Map.of("username", who)));
      throw e;
    }
    Optional<UserAccount> account = directory.authenticate(login.trim(), password);
    if (account.isEmpty()) {
      throttle.failed(who, address);
      audit.append(new AuditEvent(clock.instant(), "login.failure", null, clientId, address, Map.of("username", who)));
    } else if (verifiedEmailRequired && account.get().claims().get("email") != null
        && !Boolean.TRUE.equals(account.get().claims().get("email_verified"))) {
      audit.append(new AuditEvent(clock.instant(), "login.email_not_verified", account.get().subject(), clientId,
          address, Map.of()));
      throw new EmailNotVerified();
    } else {
      audit.append(new AuditEvent(clock.instant(), "login.success", account.get().subject(), clientId, address,
          Map.of()));
    }
    return account;
  }
}
