package dev.ssokit.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A single-use, expiring token mailed to a user: e-mail verification, password reset, invitation,
 * or the confirmation of a new e-mail address (which waits here until confirmed).
 *
 * @param tokenHash SHA-256 of the token value (the store never sees the value)
 * @param purpose   one of the {@code PURPOSE_*} names
 * @param subject   the account it is for, or {@code null} for an invitation (no account yet)
 * @param email     the address it was mailed to (for a pending e-mail change: the new address)
 * @param createdAt when it was issued
 * @param expiresAt when it stops working
 */
public record AccountToken(String tokenHash, String purpose, String subject, String email, Instant createdAt,
                           Instant expiresAt) {
  /** Confirms the e-mail address of an account. */
  public static final String PURPOSE_VERIFY_EMAIL = "verify_email";
  /** Confirms a new e-mail address, which replaces the old one only then. */
  public static final String PURPOSE_CHANGE_EMAIL = "change_email";
  /** Sets a new password without the old one. */
  public static final String PURPOSE_RESET_PASSWORD = "reset_password";
  /** Lets its holder register while registration is invite-only. */
  public static final String PURPOSE_INVITE = "invite";

  /**
   * A token.
   *
   * @param tokenHash SHA-256 of the token value
   * @param purpose   one of the {@code PURPOSE_*} names
   * @param subject   the account it is for, or {@code null} for an invitation
   * @param email     the address it was mailed to, or {@code null}
   * @param createdAt when it was issued
   * @param expiresAt when it stops working
   * @throws NullPointerException when {@code tokenHash}, {@code purpose}, {@code createdAt} or {@code expiresAt} is null
   */
  public AccountToken {
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }
}
