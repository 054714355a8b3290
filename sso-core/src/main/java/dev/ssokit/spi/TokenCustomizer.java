package dev.ssokit.spi;

import java.util.Map;
import java.util.Set;

/**
 * Adds a host's own claims (roles, groups, tenant) to the access and ID tokens the provider mints,
 * from the user, the client and the grant: Spring Authorization Server's
 * {@code OAuth2TokenCustomizer}, Keycloak's protocol mappers.
 *
 * <p>IMPORTANT: the claims the protocol owns ({@link #RESERVED_CLAIMS}) cannot be set: a customizer
 * returning one fails the token request with {@code server_error} and a log line naming the claim,
 * so a mistake is seen at once instead of weakening a token. Called on the token path for every
 * token: keep it fast (no remote call per token) and thread-safe. Opaque access tokens carry the
 * claims too (introspection answers them).
 */
@FunctionalInterface
public interface TokenCustomizer {

  /** Claims no customizer may set: registered JWT claims and the ones OAuth and OpenID Connect give meaning to. */
  Set<String> RESERVED_CLAIMS = Set.of("iss", "sub", "aud", "exp", "iat", "nbf", "jti", "client_id", "scope", "cnf",
      "sid", "auth_time", "nonce", "acr", "amr", "azp", "at_hash", "c_hash", "act", "grant_id", "userinfo_claims");

  /** Which token is being minted. */
  enum TokenType {
    /** An access token (RFC 9068 JWT or opaque). */
    ACCESS_TOKEN,
    /** An OpenID Connect ID token. */
    ID_TOKEN
  }

  /**
   * What a token is minted for.
   *
   * @param type      access or ID token
   * @param client    the client the token is issued to
   * @param user      the user the token is about, or {@code null} when there is none (client credentials)
   * @param grantType the {@code grant_type} of the token request ({@code authorization_code}, ...)
   * @param scopes    the granted scopes
   */
  record TokenContext(TokenType type, Client client, UserAccount user, String grantType, Set<String> scopes) {
    /**
     * A context; the scopes are copied.
     *
     * @param type      access or ID token
     * @param client    the client the token is issued to
     * @param user      the user the token is about, or {@code null}
     * @param grantType the {@code grant_type} of the token request
     * @param scopes    the granted scopes
     */
    public TokenContext {
      scopes = Set.copyOf(scopes);
    }
  }

  /**
   * The claims to add to one token.
   *
   * @param context what the token is minted for
   * @return the claims (JSON types: strings, numbers, booleans, lists, maps); empty for none
   */
  Map<String, Object> claims(TokenContext context);
}
