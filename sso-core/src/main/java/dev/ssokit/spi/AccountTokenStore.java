package dev.ssokit.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * Durable home of {@link AccountToken}s (verification, reset, invitation links).
 *
 * <p>IMPORTANT: {@link #take} is the single use: two concurrent takes of one token, on any
 * instances, return it to exactly one caller.
 */
public interface AccountTokenStore {

  /** Stores a new token. */
  void save(AccountToken token);

  /**
   * Removes and returns the token of hash {@code tokenHash} and purpose {@code purpose} if it has
   * not expired at {@code now}; empty when unknown, of another purpose, expired or taken already.
   */
  Optional<AccountToken> take(String tokenHash, String purpose, Instant now);

  /** Deletes every token of {@code purpose} issued to {@code subject} (an older link stops working); returns how many. */
  int deleteAll(String subject, String purpose);

  /** Deletes up to {@code limit} tokens expired before {@code now}; returns how many. */
  int purgeExpired(Instant now, int limit);
}
