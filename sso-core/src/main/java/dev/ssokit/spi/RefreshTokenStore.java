package dev.ssokit.spi;

import java.time.Instant;
import java.util.Optional;

/**
 * Durable home of refresh-token families.
 *
 * <p>IMPORTANT: {@link #rotate} is atomic: of N concurrent rotations of one token, on any number
 * of nodes, exactly one returns {@link Rotation#ROTATED}; the others see the token used and
 * the family revoked.
 */
public interface RefreshTokenStore {

  /** Outcome of {@link #rotate}. */
  enum Rotation {
    /** The token was valid; it is now used and the successor is stored. */
    ROTATED,
    /** The token was already used: reuse detected, the whole family is now revoked. */
    REUSED,
    /** No such token, or it is revoked or expired; nothing changed. */
    INVALID
  }

  /**
   * Stores the first token of a new family.
   *
   * @param token the token
   */
  void save(RefreshToken token);

  /**
   * Looks a token up by the hash of its value.
   *
   * @param tokenHash SHA-256 (base64url) of the token value
   * @return the token, used and revoked ones included, or empty when unknown
   */
  Optional<RefreshToken> find(String tokenHash);

  /**
   * Atomically marks the token {@code tokenHash} used and stores {@code successor}, provided the
   * token exists, is unused, unrevoked and not expired at {@code now}. Presenting a used token
   * revokes its family (reuse detection).
   *
   * @param tokenHash SHA-256 (base64url) of the presented token's value
   * @param successor the token that replaces it
   * @param now       the current time
   * @return what happened
   */
  Rotation rotate(String tokenHash, RefreshToken successor, Instant now);

  /**
   * Revokes every token of a family.
   *
   * @param familyId the family's id
   * @return {@code false} when the family is unknown
   */
  boolean revokeFamily(String familyId);

  /**
   * Revokes every family made in browser session {@code sessionId} (logout).
   *
   * @param sessionId the browser session's id
   * @return how many tokens were revoked
   */
  int revokeSession(String sessionId);

  /**
   * Revokes every family of {@code subject} (account disabled or deleted).
   *
   * @param subject the user
   * @return how many tokens were revoked
   */
  int revokeSubject(String subject);

  /**
   * Revokes every family issued to {@code clientId} (the client was deleted).
   *
   * @param clientId the client
   * @return how many tokens were revoked
   */
  int revokeClient(String clientId);

  /**
   * Counts the families of {@code clientId} holding a token neither used, revoked nor expired at {@code now}.
   *
   * @param clientId the client
   * @param now      the current time
   * @return how many families are active
   */
  int countActiveFamilies(String clientId, Instant now);

  /**
   * Revokes every family {@code subject} holds at client {@code clientId} (the user revoked the
   * client's access: "connected apps").
   *
   * @param subject  the user
   * @param clientId the client
   * @return how many tokens were revoked
   */
  int revokeClient(String subject, String clientId);

  /**
   * Deletes at most {@code limit} tokens that expired before {@code now}.
   *
   * @param now   the current time
   * @param limit the most tokens deleted in this call
   * @return how many were deleted
   */
  int purgeExpired(Instant now, int limit);
}
