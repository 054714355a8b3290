package dev.ssokit.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable state of dynamic client registration (RFC 7591 / RFC 7592): the initial access tokens an
 * administrator issued, and the hash of each registered client's registration access token.
 *
 * <p>IMPORTANT: {@link #useInitialAccessToken} is the single use of a single-use token: two
 * concurrent uses of one token, on any instances, succeed for exactly one caller. Stores only ever
 * see SHA-256 hashes of token values.
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
   * Sets (or replaces) the registration access token of a client (RFC 7592 §1); {@code null} removes it.
   *
   * @param clientId  the client
   * @param tokenHash SHA-256 of the token value, or {@code null} to remove it
   */
  void setRegistrationAccessToken(String clientId, String tokenHash);

  /**
   * The hash of a client's registration access token.
   *
   * @param clientId the client
   * @return the hash, or empty when the client has none (not registered dynamically, or deleted)
   */
  Optional<String> findRegistrationAccessToken(String clientId);
}
