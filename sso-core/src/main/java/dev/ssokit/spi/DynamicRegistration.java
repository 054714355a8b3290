package dev.ssokit.spi;

import java.util.Objects;
import java.util.Set;

/**
 * A dynamically registered client's registration (RFC 7591 / RFC 7592): the hash of its registration
 * access token and the policy it registered under, kept with it so an RFC 7592 update stays within
 * what the registration was allowed, after its initial access token expired or was revoked.
 *
 * @param clientId                         the client
 * @param registrationAccessTokenHash      SHA-256 of the current registration access token (the store never sees the value)
 * @param initialAccessTokenId             id of the initial access token it registered with, or {@code null} (open registration)
 * @param allowedGrantTypes                grant types the client may have; empty for the default set
 * @param allowedScopes                    scopes it may have; empty for any scope except the admin API's
 * @param allowedRedirectUriSchemes        schemes its redirect URIs may use; empty for any valid one
 */
public record DynamicRegistration(String clientId, String registrationAccessTokenHash, String initialAccessTokenId,
                                  Set<String> allowedGrantTypes, Set<String> allowedScopes,
                                  Set<String> allowedRedirectUriSchemes) {
  /**
   * A registration; the sets are copied, {@code null} taken as empty.
   *
   * @param clientId                    the client
   * @param registrationAccessTokenHash SHA-256 of the registration access token
   * @param initialAccessTokenId        the initial access token's id, or {@code null}
   * @param allowedGrantTypes           allowed grant types, empty for the default set
   * @param allowedScopes               allowed scopes, empty for any but the admin API's
   * @param allowedRedirectUriSchemes   allowed redirect URI schemes, empty for any valid one
   * @throws NullPointerException when {@code clientId} or {@code registrationAccessTokenHash} is null
   */
  public DynamicRegistration {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(registrationAccessTokenHash, "registrationAccessTokenHash");
    allowedGrantTypes = allowedGrantTypes == null ? Set.of() : Set.copyOf(allowedGrantTypes);
    allowedScopes = allowedScopes == null ? Set.of() : Set.copyOf(allowedScopes);
    allowedRedirectUriSchemes = allowedRedirectUriSchemes == null ? Set.of() : Set.copyOf(allowedRedirectUriSchemes);
  }

  /**
   * The registration of a client registered with {@code token}'s policy, or openly.
   *
   * @param clientId                    the client
   * @param registrationAccessTokenHash SHA-256 of its registration access token
   * @param token                       the initial access token it registered with, or {@code null}
   * @return the registration
   */
  public static DynamicRegistration of(String clientId, String registrationAccessTokenHash, InitialAccessToken token) {
    return token == null ? new DynamicRegistration(clientId, registrationAccessTokenHash, null, null, null, null)
        : new DynamicRegistration(clientId, registrationAccessTokenHash, token.id(), token.allowedGrantTypes(),
            token.allowedScopes(), token.allowedRedirectUriSchemes());
  }

  /**
   * A copy with another registration access token.
   *
   * @param tokenHash SHA-256 of the new token
   * @return the copy
   */
  public DynamicRegistration withRegistrationAccessTokenHash(String tokenHash) {
    return new DynamicRegistration(clientId, tokenHash, initialAccessTokenId, allowedGrantTypes, allowedScopes,
        allowedRedirectUriSchemes);
  }
}
