package dev.ssokit.internal.account;

import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.AccountToken;
import dev.ssokit.spi.AccountTokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Issues and redeems the mailed single-use tokens: 256-bit random values, stored only as SHA-256
 * ({@link AccountTokenStore}), expiring, and each new one of a purpose replacing the account's
 * older ones (only the latest link works).
 */
public final class AccountTokens {
  /** Lifetime of an e-mail verification or e-mail change link. */
  public static final Duration VERIFY_EMAIL_LIFETIME = Duration.ofHours(24);
  /** Lifetime of a password reset link: short, it is as good as the password. */
  public static final Duration RESET_PASSWORD_LIFETIME = Duration.ofMinutes(30);
  /** Lifetime of an invitation. */
  public static final Duration INVITE_LIFETIME = Duration.ofDays(7);
  /** Longest token value accepted: a generated one has 43 characters. */
  static final int MAX_LENGTH = 64;

  private final AccountTokenStore store;
  private final Clock clock;

  public AccountTokens(AccountTokenStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** A new token of {@code purpose} for {@code subject} (may be {@code null} for an invitation); returns its value. */
  public String issue(String purpose, String subject, String email, Duration lifetime) {
    if (subject != null) {
      store.deleteAll(subject, purpose);
    }
    String value = OpaqueToken.generate();
    Instant now = clock.instant();
    store.save(new AccountToken(OpaqueToken.hash(value), purpose, subject, email, now, now.plus(lifetime)));
    return value;
  }

  /** Redeems a token of {@code purpose}: returns it once, if it exists and has not expired. */
  public Optional<AccountToken> redeem(String value, String purpose) {
    if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    return store.take(OpaqueToken.hash(value), purpose, clock.instant());
  }

  /** Puts a redeemed token back (the step it opened failed on input the user can correct). */
  public void restore(AccountToken token) {
    store.save(token);
  }

  /** Every pending token of {@code purpose} of {@code subject} stops working. */
  public void revokeAll(String subject, String purpose) {
    store.deleteAll(subject, purpose);
  }
}
