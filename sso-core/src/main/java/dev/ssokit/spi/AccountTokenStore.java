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

  /**
   * Stores a new token.
   *
   * @param token the token
   */
  void save(AccountToken token);

  /**
   * Removes and returns the token of hash {@code tokenHash} and purpose {@code purpose} if it has
   * not expired at {@code now}.
   *
   * @param tokenHash the SHA-256 of the token value
   * @param purpose   the purpose the caller redeems it for
   * @param now       the current time
   * @return the token, or empty when unknown, of another purpose, expired or taken already
   */
  Optional<AccountToken> take(String tokenHash, String purpose, Instant now);

  /**
   * Deletes every token of {@code purpose} issued to {@code subject} (an older link stops working).
   *
   * @param subject the account
   * @param purpose the purpose
   * @return how many were deleted
   */
  int deleteAll(String subject, String purpose);

  /**
   * Deletes up to {@code limit} tokens expired before {@code now}.
   *
   * @param now   the current time
   * @param limit the most tokens deleted in this call
   * @return how many were deleted
   */
  int purgeExpired(Instant now, int limit);
}
