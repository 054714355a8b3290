package dev.ssokit.internal.user;

import dev.ssokit.spi.User;
import dev.ssokit.spi.UserAccount;
import dev.ssokit.spi.UserDirectory;
import dev.ssokit.spi.UserStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in accounts: a {@link UserDirectory} over the {@link UserStore} with argon2id passwords.
 * A disabled account is treated as absent: it cannot sign in and {@link #find} does not return it,
 * so its sessions, codes and refresh tokens stop working.
 */
public final class StoredUserDirectory implements UserDirectory {
  private final UserStore users;
  private final Clock clock;

  public StoredUserDirectory(UserStore users, Clock clock) {
    this.users = users;
    this.clock = clock;
  }

  /**
   * Checks a password of the account named by its username or, failing that, by its e-mail address
   * (the login page says "Username or e-mail"). A hash made with weaker parameters than today's or
   * imported from bcrypt is replaced by a fresh argon2id hash on this successful login.
   */
  @Override
  public Optional<UserAccount> authenticate(String username, String password) {
    Optional<User> user = findByLogin(users, username);
    // Always run one argon2id check, so unknown users cost the same as wrong passwords.
    boolean ok = PasswordHashes.matches(password, user.map(User::passwordHash).orElse(null));
    if (!ok || user.get().disabled() || user.get().lockedUntil() != null && clock.instant().isBefore(user.get().lockedUntil())) {
      return Optional.empty();
    }
    User u = user.get();
    if (PasswordHashes.needsRehash(u.passwordHash())) {
      users.update(new User(u.id(), u.username(), u.email(), u.emailVerified(), PasswordHashes.hash(password),
          u.claims(), u.lockedUntil(), u.createdAt(), u.disabled()));
    }
    return Optional.of(toAccount(u));
  }

  /** The account a login name names: by username first, else (when it looks like one) by e-mail address. */
  public static Optional<User> findByLogin(UserStore users, String login) {
    String name = login.trim().toLowerCase(Locale.ROOT);
    Optional<User> byName = users.findByUsername(name);
    return byName.isPresent() || name.indexOf('@') < 0 ? byName : users.findByEmail(name);
  }

  @Override
  public Optional<UserAccount> find(String subject) {
    return users.findById(subject).filter(u -> !u.disabled()).map(StoredUserDirectory::toAccount);
  }

  static UserAccount toAccount(User user) {
    Map<String, Object> claims = new HashMap<>(user.claims());
    claims.put("preferred_username", user.username());
    if (user.email() != null) {
      claims.put("email", user.email());
      claims.put("email_verified", user.emailVerified());
    }
    return new UserAccount(user.id(), claims);
  }
}
