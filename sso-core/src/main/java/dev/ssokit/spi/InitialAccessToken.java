package dev.ssokit.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An initial access token (RFC 7591 §3): lets its holder register a client at the registration
 * endpoint, within a policy of what that client may have. Issued by an administrator through the
 * admin API.
 *
 * @param id                        public id, to list and revoke it (never the token value)
 * @param tokenHash                 SHA-256 of the token value (the store never sees the value)
 * @param createdAt                 when it was issued
 * @param expiresAt                 when it stops working
 * @param singleUse                 true when one registration uses it up
 * @param usedAt                    when it was last used, or {@code null}
 * @param allowedGrantTypes         grant types a client registered with it may have; empty for the default set
 * @param allowedScopes             scopes a client registered with it may have; empty for any scope except the
 *                                  admin API's ({@code sso:admin}, {@code sso:apps})
 * @param allowedRedirectUriSchemes schemes its clients' redirect URIs may use; empty for any valid one
 * @param createdBy                 the subject of the administrator who issued it
 */
public record InitialAccessToken(String id, String tokenHash, Instant createdAt, Instant expiresAt, boolean singleUse,
                                 Instant usedAt, Set<String> allowedGrantTypes, Set<String> allowedScopes,
                                 Set<String> allowedRedirectUriSchemes, String createdBy) {
  /**
   * A token; the sets are copied, {@code null} taken as empty.
   *
   * @param id                        public id
   * @param tokenHash                 SHA-256 of the token value
   * @param createdAt                 when it was issued
   * @param expiresAt                 when it stops working
   * @param singleUse                 true when one registration uses it up
   * @param usedAt                    when it was last used, or {@code null}
   * @param allowedGrantTypes         allowed grant types, empty for the default set
   * @param allowedScopes             allowed scopes, empty for any but the admin API's
   * @param allowedRedirectUriSchemes allowed redirect URI schemes, empty for any valid one
   * @param createdBy                 the issuing administrator's subject
   * @throws NullPointerException when {@code id}, {@code tokenHash}, {@code createdAt} or {@code expiresAt} is null
   */
  public InitialAccessToken {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    allowedGrantTypes = allowedGrantTypes == null ? Set.of() : Set.copyOf(allowedGrantTypes);
    allowedScopes = allowedScopes == null ? Set.of() : Set.copyOf(allowedScopes);
    allowedRedirectUriSchemes = allowedRedirectUriSchemes == null ? Set.of() : Set.copyOf(allowedRedirectUriSchemes);
  }

  /**
   * A copy marked used at {@code when}.
   *
   * @param when the time of use
   * @return the copy
   */
  public InitialAccessToken usedAt(Instant when) {
    return new InitialAccessToken(id, tokenHash, createdAt, expiresAt, singleUse, when, allowedGrantTypes,
        allowedScopes, allowedRedirectUriSchemes, createdBy);
  }
}
