package dev.ssokit;

import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.internal.user.PasswordHashes;
import dev.ssokit.spi.User;
import dev.ssokit.spi.UserStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in user accounts: create, import, change password. Passwords are hashed with argon2id.
 *
 * <p>IMPORTANT: only meaningful when the provider uses the built-in user directory. Every argon2id
 * in the JVM shares one concurrency limit derived from the heap; when it stays full for 2 s,
 * {@code create} and {@code changePassword} fail with an unchecked exception (the provider's own
 * endpoints answer 503 then), never with {@code OutOfMemoryError}.
 */
public final class Users {
  /** Shortest accepted password (NIST SP 800-63B §5.1.1.2). */
  public static final int MIN_PASSWORD_LENGTH = 8;
  /** Longest accepted password, to bound hashing cost. */
  public static final int MAX_PASSWORD_LENGTH = 256;

  private final UserStore store;
  private final Clock clock;

  Users(UserStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Creates a user unless the username is taken (then returns empty and changes nothing).
   *
   * @param claims other OIDC standard claims ({@code name}, {@code given_name}, ...)
   */
  public Optional<User> create(String username, String password, String email, Map<String, Object> claims) {
    if (username == null || username.isBlank() || username.length() > 128) {
      throw new IllegalArgumentException("username: required, at most 128 characters");
    }
    checkPassword(password);
    Map<String, Object> rest = new HashMap<>(claims == null ? Map.of() : claims);
    boolean verified = Boolean.TRUE.equals(rest.remove("email_verified"));
    rest.remove("email");
    rest.remove("sub");
    User user = new User(OpaqueToken.generate().substring(0, 22), username.trim().toLowerCase(Locale.ROOT), email,
        verified, PasswordHashes.hash(password), rest, null, clock.instant());
    return store.create(user) ? Optional.of(user) : Optional.empty();
  }

  public Optional<User> findByUsername(String username) {
    return store.findByUsername(username.trim().toLowerCase(Locale.ROOT));
  }

  public Optional<User> findById(String id) {
    return store.findById(id);
  }

  /** Sets a new password after checking the policy. */
  public void changePassword(String id, String newPassword) {
    checkPassword(newPassword);
    User u = store.findById(id).orElseThrow(() -> new IllegalArgumentException("no such user: " + id));
    store.update(new User(u.id(), u.username(), u.email(), u.emailVerified(), PasswordHashes.hash(newPassword),
        u.claims(), null, u.createdAt()));
  }

  public boolean delete(String id) {
    return store.delete(id);
  }

  static void checkPassword(String password) {
    if (password == null || password.length() < MIN_PASSWORD_LENGTH || password.length() > MAX_PASSWORD_LENGTH) {
      throw new IllegalArgumentException("password: must have " + MIN_PASSWORD_LENGTH + " to " + MAX_PASSWORD_LENGTH
          + " characters");
    }
  }
}
