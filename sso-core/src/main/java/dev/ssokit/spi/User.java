package dev.ssokit.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A built-in user account.
 *
 * @param id             stable subject identifier ({@code sub})
 * @param username       login name, unique, compared case-insensitively (stored lower case)
 * @param email          e-mail address, may be {@code null}
 * @param emailVerified  OIDC {@code email_verified}
 * @param passwordHash   password4j hash (argon2id by default); never the password itself
 * @param claims         other OIDC standard claims ({@code name}, {@code given_name}, {@code locale}, ...)
 * @param lockedUntil    account locked until this instant after too many failed logins, or {@code null}
 * @param createdAt      creation time
 * @param disabled       true while an administrator has disabled the account: it cannot sign in, and the
 *                       provider treats it as absent (its tokens stop working)
 */
public record User(
    String id,
    String username,
    String email,
    boolean emailVerified,
    String passwordHash,
    Map<String, Object> claims,
    Instant lockedUntil,
    Instant createdAt,
    boolean disabled) {

  /**
   * An account; the claims are copied, null claims taken as none.
   *
   * @param id             stable subject identifier ({@code sub})
   * @param username       login name, unique, compared case-insensitively (stored lower case)
   * @param email          e-mail address, may be {@code null}
   * @param emailVerified  OIDC {@code email_verified}
   * @param passwordHash   password4j hash (argon2id by default); never the password itself
   * @param claims         other OIDC standard claims ({@code name}, {@code given_name}, {@code locale}, ...)
   * @param lockedUntil    account locked until this instant after too many failed logins, or {@code null}
   * @param createdAt      creation time
   * @param disabled       true while an administrator has disabled the account: it cannot sign in, and the
   *                           provider treats it as absent (its tokens stop working)
   * @throws NullPointerException when {@code id}, {@code username} or {@code createdAt} is null
   */
  public User {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(createdAt, "createdAt");
    claims = Map.copyOf(claims == null ? Map.of() : claims);
  }

  /**
   * An enabled account.
   *
   * @param id            stable subject identifier ({@code sub})
   * @param username      login name, stored lower case
   * @param email         e-mail address, or {@code null}
   * @param emailVerified OIDC {@code email_verified}
   * @param passwordHash  password4j hash; never the password itself
   * @param claims        other OIDC standard claims, or {@code null} for none
   * @param lockedUntil   end of a lock after failed logins, or {@code null}
   * @param createdAt     creation time
   */
  public User(String id, String username, String email, boolean emailVerified, String passwordHash,
              Map<String, Object> claims, Instant lockedUntil, Instant createdAt) {
    this(id, username, email, emailVerified, passwordHash, claims, lockedUntil, createdAt, false);
  }

  /**
   * The same account, disabled or enabled.
   *
   * @param newDisabled true to disable the account
   * @return the copy
   */
  public User withDisabled(boolean newDisabled) {
    return new User(id, username, email, emailVerified, passwordHash, claims, lockedUntil, createdAt, newDisabled);
  }
}
