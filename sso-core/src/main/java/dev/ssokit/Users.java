package dev.ssokit;

import dev.ssokit.internal.account.Accounts;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.internal.token.RevocationList;
import dev.ssokit.internal.user.PasswordHashes;
import dev.ssokit.internal.user.PasswordPolicy;
import dev.ssokit.spi.RefreshTokenStore;
import dev.ssokit.spi.User;
import dev.ssokit.spi.UserStore;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in user accounts: create, import, change password, disable, enable, delete. Passwords
 * are hashed with argon2id.
 *
 * <p>IMPORTANT: only meaningful when the provider uses the built-in user directory. Disabling or
 * deleting an account ends its access at once, like a logout, on every instance: its access tokens
 * are refused by introspection, UserInfo and {@code BearerTokenFilter}, its refresh tokens revoked,
 * its browser sessions and unredeemed codes no longer accepted.
 *
 * <p>Every argon2id
 * in the JVM shares one concurrency limit derived from the heap; when it stays full for 2 s,
 * {@code create} and {@code changePassword} fail with an unchecked exception (the provider's own
 * endpoints answer 503 then), never with {@code OutOfMemoryError}.
 */
public final class Users {
  /** Length of {@link #generatePassword()}'s passwords: 22 base64url characters carry 132 bits. */
  private static final int GENERATED_PASSWORD_LENGTH = 22;

  private final UserStore store;
  private final PasswordPolicy policy;
  private final RefreshTokenStore refreshTokens;
  private final RevocationList revocations;
  private final SsoSettings settings;
  private final Clock clock;
  private final Accounts accounts;

  Users(UserStore store, PasswordPolicy policy, RefreshTokenStore refreshTokens, RevocationList revocations,
        SsoSettings settings, Clock clock, Accounts accounts) {
    this.store = store;
    this.policy = policy;
    this.refreshTokens = refreshTokens;
    this.revocations = revocations;
    this.settings = settings;
    this.clock = clock;
    this.accounts = accounts;
  }

  /**
   * How passwords are hashed in this JVM, for start-up lines and diagnostics: argon2id with its
   * parameters, through the system's libargon2 when JNA is on the class path and the library loads
   * (turned off with the system property {@code ssokit.argon2.native=false}), else in pure Java.
   *
   * @return for example {@code argon2id (19 MiB, t=2, p=1) native (libargon2)}
   */
  public static String passwordHashing() {
    return PasswordHashes.implementation();
  }

  /**
   * Invites {@code email} to register while registration is invite-only: mails a single-use link to
   * the register page (valid 7 days, in the default language of the pages) when a mail sender is configured, and returns the link either
   * way (hand it over yourself otherwise). An invited user who registers with this very address needs
   * no further e-mail confirmation.
   *
   * @param email the invitee's e-mail address
   * @return the invitation link
   * @throws IllegalStateException when the provider uses a host's own user directory
   * @throws IllegalArgumentException when {@code email} is not an e-mail address
   */
  public String invite(String email) {
    if (accounts == null) {
      throw new IllegalStateException("invitations are for the built-in accounts; this provider uses the host's"
          + " UserDirectory");
    }
    try {
      return accounts.invite(email, settings.defaultLocale());
    } catch (dev.ssokit.internal.api.ApiProblem p) {
      throw new IllegalArgumentException(p.getMessage(), p);
    }
  }

  /**
   * Creates a user unless the username is taken (then returns empty and changes nothing).
   * The password must pass the policy ({@code SsoSettings.passwordMinLength()}, not a common
   * password, not the username or e-mail); otherwise {@link IllegalArgumentException} says why.
   *
   * @param username the login name, at most 128 characters; stored trimmed and lower case
   * @param password the password; never logged
   * @param email    the e-mail address, or {@code null}
   * @param claims other OIDC standard claims ({@code name}, {@code given_name}, ...), or {@code null};
   *     {@code email_verified} is taken from here
   * @return the new user, or empty when the username is taken
   * @throws IllegalArgumentException when the username is missing or too long, or the password fails the policy
   */
  public Optional<User> create(String username, String password, String email, Map<String, Object> claims) {
    if (username == null || username.isBlank() || username.length() > 128) {
      throw new IllegalArgumentException("username: required, at most 128 characters");
    }
    policy.check(password, username, email);
    Map<String, Object> rest = new HashMap<>(claims == null ? Map.of() : claims);
    boolean verified = Boolean.TRUE.equals(rest.remove("email_verified"));
    rest.remove("email");
    rest.remove("sub");
    User user = new User(OpaqueToken.generate().substring(0, 22), username.trim().toLowerCase(Locale.ROOT), email,
        verified, PasswordHashes.hash(password), rest, null, clock.instant());
    return store.create(user) ? Optional.of(user) : Optional.empty();
  }

  /**
   * Imports an account from another system with its password hash as it is: argon2 or bcrypt
   * ({@code $2a$}/{@code $2b$}/{@code $2y$}). Its first successful login replaces a bcrypt hash, or an
   * argon2id hash weaker than today's parameters, with a fresh argon2id hash. Returns empty when the
   * username is taken.
   *
   * @param username     the login name
   * @param passwordHash an argon2 PHC string (at most 64 MiB, t=10, p=8) or a bcrypt hash (cost at most 14)
   * @param email        the e-mail address, or {@code null}
   * @param claims       further claims; {@code email_verified} true marks the address as confirmed
   * @return the user, or empty when the username is taken
   * @throws IllegalArgumentException for a hash of another kind or a missing username
   */
  public Optional<User> importUser(String username, String passwordHash, String email, Map<String, Object> claims) {
    if (username == null || username.isBlank() || username.length() > 128) {
      throw new IllegalArgumentException("username: required, at most 128 characters");
    }
    if (!PasswordHashes.isArgon2(passwordHash) && !PasswordHashes.isBcrypt(passwordHash)) {
      throw new IllegalArgumentException("passwordHash: must be an argon2 PHC string (at most m=65536, t=10, p=8)"
          + " or a bcrypt hash (cost at most 14)");
    }
    Map<String, Object> rest = new HashMap<>(claims == null ? Map.of() : claims);
    boolean verified = Boolean.TRUE.equals(rest.remove("email_verified"));
    rest.remove("email");
    rest.remove("sub");
    User user = new User(OpaqueToken.generate().substring(0, 22), username.trim().toLowerCase(Locale.ROOT), email,
        verified, passwordHash, rest, null, clock.instant());
    return store.create(user) ? Optional.of(user) : Optional.empty();
  }

  /**
   * Finds a user by login name, case-insensitively.
   *
   * @param username the login name
   * @return the user, or empty when there is none
   */
  public Optional<User> findByUsername(String username) {
    return store.findByUsername(username.trim().toLowerCase(Locale.ROOT));
  }

  /**
   * Finds a user by id.
   *
   * @param id the user's id ({@code sub})
   * @return the user, or empty when there is none
   */
  public Optional<User> findById(String id) {
    return store.findById(id);
  }

  /**
   * A new random password for {@link #create} or {@link #changePassword}, e.g. the first password an
   * operator hands to a user: base64url, at least 128 bits of entropy (22 characters) and never
   * shorter than {@code SsoSettings.passwordMinLength()}, so it always passes the policy.
   *
   * @return the password
   */
  public String generatePassword() {
    int length = Math.max(GENERATED_PASSWORD_LENGTH, settings.passwordMinLength());
    StringBuilder password = new StringBuilder(length + 43);
    while (password.length() < length) {
      password.append(OpaqueToken.generate());
    }
    return password.substring(0, length);
  }

  /**
   * Sets a new password after checking the policy; a lock after failed logins is lifted.
   *
   * @param id          the user's id
   * @param newPassword the new password; never logged
   * @throws IllegalArgumentException when there is no such user or the password fails the policy
   */
  public void changePassword(String id, String newPassword) {
    User u = store.findById(id).orElseThrow(() -> new IllegalArgumentException("no such user: " + id));
    policy.check(newPassword, u.username(), u.email());
    store.update(new User(u.id(), u.username(), u.email(), u.emailVerified(), PasswordHashes.hash(newPassword),
        u.claims(), null, u.createdAt(), u.disabled()));
  }

  /**
   * Disables an account: it can no longer sign in, and everything it holds stops working at once.
   *
   * @param id the user's id
   * @return {@code false} when there is no such user
   */
  public boolean disable(String id) {
    User u = store.findById(id).orElse(null);
    if (u == null || !store.update(u.withDisabled(true))) {
      return false;
    }
    endAccess(id);
    return true;
  }

  /**
   * Enables a disabled account: it may sign in again. Tokens revoked when it was disabled stay revoked.
   *
   * @param id the user's id
   * @return {@code false} when there is no such user
   */
  public boolean enable(String id) {
    User u = store.findById(id).orElse(null);
    return u != null && store.update(u.withDisabled(false));
  }

  /**
   * Deletes an account and ends everything it holds at once.
   *
   * @param id the user's id
   * @return {@code false} when there was none
   */
  public boolean delete(String id) {
    if (!store.delete(id)) {
      return false;
    }
    endAccess(id);
    return true;
  }

  /**
   * Like a logout of every session of the subject: access tokens issued so far are refused (one marker,
   * checked in the same cache round trip as the other revocations), refresh tokens revoked. The account
   * is already disabled or gone, so nothing new is issued to it.
   */
  private void endAccess(String subject) {
    Instant now = clock.instant();
    revocations.revokeSubject(subject, now, now.plus(settings.accessTokenLifetime()));
    refreshTokens.revokeSubject(subject);
  }

  /**
   * The roles of a user ({@value #ADMIN_ROLE}: the admin API's {@code sso:admin} scope counts for them).
   *
   * @param id the user's id
   * @return the role names, empty when none or no such user
   */
  public Set<String> roles(String id) {
    return store.roles(id);
  }

  /**
   * Replaces the roles of a user.
   *
   * @param id    the user's id
   * @param roles every role the user has from now on; empty removes them all
   * @return {@code false} when there is no such user
   */
  public boolean setRoles(String id, Set<String> roles) {
    return store.setRoles(id, roles);
  }

  /**
   * Makes a stored account match a declaration (the seed file in {@code apply} mode): e-mail and
   * claims replaced, the password set when {@code password} is given and no longer matches (one hash
   * check). Returns {@code false} when nothing changed or there is no such user.
   *
   * @param id       the user's id
   * @param password the declared password, or {@code null} to keep the stored one
   * @param email    the declared e-mail address, or {@code null} for none
   * @param claims   the declared claims ({@code email_verified} sets the verified flag; {@code email} and
   *                 {@code sub} are ignored), or {@code null} for none
   * @return {@code true} when the stored account was changed
   * @throws IllegalArgumentException when a new password fails the policy ({@code "password: ..."})
   */
  public boolean apply(String id, String password, String email, Map<String, Object> claims) {
    User u = store.findById(id).orElse(null);
    if (u == null) {
      return false;
    }
    Map<String, Object> rest = new HashMap<>(claims == null ? Map.of() : claims);
    boolean verified = Boolean.TRUE.equals(rest.remove("email_verified"));
    rest.remove("email");
    rest.remove("sub");
    String hash = u.passwordHash();
    if (password != null && (hash == null || !PasswordHashes.matches(password, hash))) {
      policy.check(password, u.username(), email);
      hash = PasswordHashes.hash(password);
    }
    User updated = new User(u.id(), u.username(), email, verified, hash, rest, u.lockedUntil(), u.createdAt(),
        u.disabled());
    return !updated.equals(u) && store.update(updated);
  }

  /**
   * Whether some user has {@code role}: for {@value #ADMIN_ROLE}, whether a first administrator still has
   * to be created.
   *
   * @param role the role name
   * @return {@code true} when some user holds it
   */
  public boolean anyWithRole(String role) {
    return store.anyWithRole(role);
  }

  /** The role whose users' {@code sso:admin} scope counts at the admin API. */
  public static final String ADMIN_ROLE = "admin";

  /**
   * Keycloak's bootstrap-admin model: while no user holds {@value #ADMIN_ROLE}, gives that role to
   * {@code username}, creating the account with {@code password} when it does not exist; once an
   * administrator exists it does nothing (a later start never resets a password or re-adds a role an
   * operator removed). Returns the user made administrator, or empty when one existed already.
   *
   * @param username the username of the account made administrator; the account is created when none has it
   * @param password the password of that account when it has to be created; ignored for an existing account
   * @return the user given the {@value #ADMIN_ROLE} role, or empty when an administrator existed already
   * @throws IllegalArgumentException when the password fails the policy ({@code "password: ..."})
   */
  public Optional<User> bootstrapAdministrator(String username, String password) {
    if (store.anyWithRole(ADMIN_ROLE)) {
      return Optional.empty();
    }
    Optional<User> user = findByUsername(username);
    if (user.isEmpty()) {
      user = create(username, password, null, Map.of());
      if (user.isEmpty()) { // another instance created it since the lookup
        user = findByUsername(username);
      }
    }
    User admin = user.orElseThrow(() -> new IllegalStateException("user " + username + " vanished while bootstrapped"));
    Set<String> roles = new java.util.TreeSet<>(store.roles(admin.id()));
    roles.add(ADMIN_ROLE);
    store.setRoles(admin.id(), roles);
    return Optional.of(admin);
  }
}
