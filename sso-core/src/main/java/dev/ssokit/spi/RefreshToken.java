package dev.ssokit.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One refresh token of a family. A family is everything issued from one authorization grant;
 * each use rotates the token and the used one is kept (marked {@code used}) so that presenting it
 * again reveals theft and revokes the family (OAuth 2.1 §6.1, RFC 9700 §4.14.2).
 *
 * @param tokenHash  SHA-256 (base64url) of the token value; the value itself is never stored
 * @param familyId   id of the grant; also carried by access tokens so a revoked family ends them
 * @param clientId   the client the grant was made to
 * @param subject    the user, or the client itself for client_credentials
 * @param scopes     the scopes granted
 * @param sessionId  browser session ({@code sid}) the grant was made in, or {@code null}
 * @param authTime   when the user authenticated (for {@code auth_time} in refreshed ID tokens)
 * @param grantedAt  when the family was granted (the code was redeemed): its absolute lifetime counts from here
 * @param issuedAt   when this token was issued
 * @param expiresAt  end of this token: the idle lifetime from {@code issuedAt}, never past the family's absolute end
 * @param used       true once rotated away
 * @param revoked    true once the family was revoked
 * @param claims     the OIDC {@code claims} request of the grant (OIDC Core §5.5) as JSON, or {@code null}; kept so
 *                   that refreshed tokens release the same claims
 * @param jkt        the thumbprint of the DPoP key the token is bound to (RFC 9449 §5: a public client's refresh
 *                   tokens are usable only with proofs of that key), or {@code null} for an unbound token
 */
public record RefreshToken(
    String tokenHash,
    String familyId,
    String clientId,
    String subject,
    Set<String> scopes,
    String sessionId,
    Instant authTime,
    Instant grantedAt,
    Instant issuedAt,
    Instant expiresAt,
    boolean used,
    boolean revoked,
    String claims,
    String jkt) {

  /**
   * A token; the scopes are copied.
   *
   * @param tokenHash  SHA-256 (base64url) of the token value; the value itself is never stored
   * @param familyId   id of the grant; also carried by access tokens so a revoked family ends them
   * @param clientId   the client the grant was made to
   * @param subject    the user, or the client itself for client_credentials
   * @param scopes     the scopes granted
   * @param sessionId  browser session ({@code sid}) the grant was made in, or {@code null}
   * @param authTime   when the user authenticated (for {@code auth_time} in refreshed ID tokens)
   * @param grantedAt  when the family was granted (the code was redeemed): its absolute lifetime counts from here
   * @param issuedAt   when this token was issued
   * @param expiresAt  end of this token: the idle lifetime from {@code issuedAt}, never past the family's absolute end
   * @param used       true once rotated away
   * @param revoked    true once the family was revoked
   * @param claims     the OIDC {@code claims} request of the grant (OIDC Core §5.5) as JSON, or {@code null}; kept so
   *                       that refreshed tokens release the same claims
   * @param jkt        the thumbprint of the DPoP key the token is bound to, or {@code null}
   * @throws NullPointerException when {@code tokenHash}, {@code familyId}, {@code clientId},
   *     {@code subject}, {@code scopes}, {@code grantedAt}, {@code issuedAt} or {@code expiresAt} is null
   */
  public RefreshToken {
    Objects.requireNonNull(tokenHash, "tokenHash");
    Objects.requireNonNull(familyId, "familyId");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(grantedAt, "grantedAt");
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    scopes = Set.copyOf(scopes);
  }

  /**
   * A token not bound to a DPoP key.
   *
   * @param tokenHash SHA-256 (base64url) of the token value
   * @param familyId  id of the grant
   * @param clientId  the client the grant was made to
   * @param subject   the user, or the client itself for client_credentials
   * @param scopes    the scopes granted
   * @param sessionId browser session the grant was made in, or {@code null}
   * @param authTime  when the user authenticated, or {@code null}
   * @param grantedAt when the family was granted
   * @param issuedAt  when this token was issued
   * @param expiresAt end of this token
   * @param used      true once rotated away
   * @param revoked   true once the family was revoked
   * @param claims    the OIDC {@code claims} request of the grant as JSON, or {@code null}
   */
  public RefreshToken(String tokenHash, String familyId, String clientId, String subject, Set<String> scopes,
                      String sessionId, Instant authTime, Instant grantedAt, Instant issuedAt, Instant expiresAt,
                      boolean used, boolean revoked, String claims) {
    this(tokenHash, familyId, clientId, subject, scopes, sessionId, authTime, grantedAt, issuedAt, expiresAt, used,
        revoked, claims, null);
  }

  /**
   * A token of a grant without a {@code claims} request.
   *
   * @param tokenHash SHA-256 (base64url) of the token value
   * @param familyId  id of the grant
   * @param clientId  the client the grant was made to
   * @param subject   the user, or the client itself for client_credentials
   * @param scopes    the scopes granted
   * @param sessionId browser session the grant was made in, or {@code null}
   * @param authTime  when the user authenticated, or {@code null}
   * @param grantedAt when the family was granted
   * @param issuedAt  when this token was issued
   * @param expiresAt end of this token
   * @param used      true once rotated away
   * @param revoked   true once the family was revoked
   */
  public RefreshToken(String tokenHash, String familyId, String clientId, String subject, Set<String> scopes,
                      String sessionId, Instant authTime, Instant grantedAt, Instant issuedAt, Instant expiresAt,
                      boolean used, boolean revoked) {
    this(tokenHash, familyId, clientId, subject, scopes, sessionId, authTime, grantedAt, issuedAt, expiresAt, used,
        revoked, null, null);
  }

  /**
   * The successor of this token in its family: same grant (and {@code grantedAt}) and DPoP key, new hash and
   * lifetime.
   *
   * @param newTokenHash SHA-256 (base64url) of the new token value
   * @param now          the new token's issue time
   * @param newExpiresAt the new token's end
   * @return the successor, neither used nor revoked
   */
  public RefreshToken successor(String newTokenHash, Instant now, Instant newExpiresAt) {
    return new RefreshToken(newTokenHash, familyId, clientId, subject, scopes, sessionId, authTime, grantedAt, now,
        newExpiresAt, false, false, claims, jkt);
  }
}
