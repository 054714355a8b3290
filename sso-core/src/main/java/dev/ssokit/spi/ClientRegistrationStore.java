package dev.ssokit.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable state of dynamic client registration (RFC 7591 / RFC 7592): the initial access tokens an
 * administrator issued, and each registered client's {@link DynamicRegistration}: the hash of its
 * registration access token and the policy it registered under.
 *
 * <p>IMPORTANT: {@link #useInitialAccessToken} is the single use of a single-use token: two
 * concurrent uses of one token, on any instances, succeed for exactly one caller; so does
 * {@link #rotateRegistrationAccessToken}. Stores only ever see SHA-256 hashes of token values.
 */
public interface ClientRegistrationStore {

  /**
   * Stores a new initial access token.
   *
   * @param token the token (its hash)
   */
  void createInitialAccessToken(InitialAccessToken token);

  /**
   * Looks an initial access token up, whether usable or not (its policy is checked before it is used).
   *
   * @param tokenHash SHA-256 of the presented token
   * @return the token, or empty when there is none with that hash
   */
  Optional<InitialAccessToken> findInitialAccessToken(String tokenHash);

  /**
   * Uses the initial access token with hash {@code tokenHash}: answers it when it exists, has not
   * expired at {@code now} and, when single-use, was not used before; marks it used at {@code now}.
   *
   * @param tokenHash SHA-256 of the presented token
   * @param now       the current time
   * @return the token, marked used at {@code now}, or empty when it cannot be used
   */
  Optional<InitialAccessToken> useInitialAccessToken(String tokenHash, Instant now);

  /**
   * Initial access tokens ordered by id, for paging.
   *
   * @param afterId only ids after this one; {@code null} from the start
   * @param limit   at most this many
   * @return the tokens, used and expired ones included
   */
  List<InitialAccessToken> listInitialAccessTokens(String afterId, int limit);

  /**
   * Revokes (deletes) an initial access token.
   *
   * @param id the token's id
   * @return {@code false} when there was none
   */
  boolean deleteInitialAccessToken(String id);

  /**
   * Deletes the initial access tokens that expired before {@code now}, at most {@code limit} of them
   * (a purge calls it until fewer come back).
   *
   * @param now   the current time
   * @param limit at most this many
   * @return how many were deleted
   */
  int purgeExpiredInitialAccessTokens(Instant now, int limit);

  /**
   * Stores (or replaces) the registration of a dynamically registered client.
   *
   * @param registration the registration
   */
  void saveRegistration(DynamicRegistration registration);

  /**
   * The registration of a client.
   *
   * @param clientId the client
   * @return the registration, or empty when the client has none (not registered dynamically, or deleted)
   */
  Optional<DynamicRegistration> findRegistration(String clientId);

  /**
   * Replaces a client's registration access token, only while {@code currentHash} is still its hash
   * (RFC 7592 §2.2: an update may issue a new token; of two concurrent updates with one token, on any
   * instances, exactly one succeeds).
   *
   * @param clientId    the client
   * @param currentHash SHA-256 of the token the caller presented
   * @param newHash     SHA-256 of the new token
   * @return {@code false} when the client has no registration or another token by now
   */
  boolean rotateRegistrationAccessToken(String clientId, String currentHash, String newHash);

  /**
   * Deletes a client's registration (its registration access token stops working).
   *
   * @param clientId the client
   * @return {@code false} when there was none
   */
  boolean deleteRegistration(String clientId);
}
