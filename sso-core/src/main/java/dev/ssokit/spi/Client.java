package dev.ssokit.spi;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A registered OAuth client (application). Field names follow RFC 7591 client metadata.
 *
 * <p>IMPORTANT: {@code secretHash} is never the plain secret: it is {@code sha256:<base64url>}
 * (generated and imported secrets alike, at least 128 bits), {@code jwe:<compact JWE>} for a
 * {@code client_secret_jwt} client (encrypted: an HMAC needs the secret), or an argon2id hash written by earlier
 * versions for imported secrets, replaced at its first successful use (see {@code ClientSecrets}).
 * It is {@code null} for public clients.
 *
 * @param clientId                 {@code client_id}
 * @param secretHash               hash of {@code client_secret}, or {@code null} for public clients
 * @param clientName               {@code client_name}, for the consent page
 * @param redirectUris             {@code redirect_uris}, matched exactly (RFC 8252 loopback port rule for native clients)
 * @param postLogoutRedirectUris   {@code post_logout_redirect_uris} (OIDC RP-Initiated Logout)
 * @param grantTypes               {@code grant_types}
 * @param scopes                   {@code scope}: every scope the client may request
 * @param tokenEndpointAuthMethod  {@code token_endpoint_auth_method}: client_secret_basic, client_secret_post,
 *                                 client_secret_jwt, private_key_jwt or none
 * @param applicationType          {@code application_type}: web or native
 * @param accessTokenFormat        {@code jwt} (RFC 9068) or {@code opaque}
 * @param createdAt                registration time
 * @param options                  optional metadata (resources, PKCE policy, keys, logout channels)
 */
public record Client(
    String clientId,
    String secretHash,
    String clientName,
    List<URI> redirectUris,
    List<URI> postLogoutRedirectUris,
    Set<String> grantTypes,
    Set<String> scopes,
    String tokenEndpointAuthMethod,
    String applicationType,
    String accessTokenFormat,
    Instant createdAt,
    ClientOptions options) {

  /** {@code token_endpoint_auth_method} of a public client: no secret, PKCE instead. */
  public static final String AUTH_NONE = "none";
  /** {@code token_endpoint_auth_method}: the secret in the HTTP Basic {@code Authorization} header. */
  public static final String AUTH_CLIENT_SECRET_BASIC = "client_secret_basic";
  /** {@code token_endpoint_auth_method}: the secret in the form body. */
  public static final String AUTH_CLIENT_SECRET_POST = "client_secret_post";
  /** RFC 7523 §2.2 / OIDC Core §9: a JWT assertion signed with one of the client's registered keys; no secret. */
  public static final String AUTH_PRIVATE_KEY_JWT = "private_key_jwt";
  /**
   * RFC 7523 §2.2 / OIDC Core §9: a JWT assertion MACed with the client's secret; the secret is stored
   * encrypted ({@code jwe:...} in {@code secretHash}), not hashed, since an HMAC needs the secret itself.
   */
  public static final String AUTH_CLIENT_SECRET_JWT = "client_secret_jwt";
  /** {@code application_type} of a client running on a web server (the default). */
  public static final String APPLICATION_TYPE_WEB = "web";
  /** {@code application_type} of a native app (RFC 8252 redirect rules). */
  public static final String APPLICATION_TYPE_NATIVE = "native";
  /** Access tokens are signed JWTs (RFC 9068), the default. */
  public static final String ACCESS_TOKEN_JWT = "jwt";
  /** Access tokens are opaque references, checked by introspection. */
  public static final String ACCESS_TOKEN_OPAQUE = "opaque";

  /**
   * A client; null lists and sets become empty, a null {@code clientName} the client id, a null
   * {@code applicationType} web, a null {@code accessTokenFormat} jwt, null options the defaults.
   *
   * @param clientId                 {@code client_id}
   * @param secretHash               hash of {@code client_secret}, or {@code null} for public clients
   * @param clientName               {@code client_name}, for the consent page
   * @param redirectUris             {@code redirect_uris}, matched exactly (RFC 8252 loopback port rule for native clients)
   * @param postLogoutRedirectUris   {@code post_logout_redirect_uris} (OIDC RP-Initiated Logout)
   * @param grantTypes               {@code grant_types}
   * @param scopes                   {@code scope}: every scope the client may request
   * @param tokenEndpointAuthMethod  {@code token_endpoint_auth_method}: client_secret_basic, client_secret_post or none
   * @param applicationType          {@code application_type}: web or native
   * @param accessTokenFormat        {@code jwt} (RFC 9068) or {@code opaque}
   * @param createdAt                registration time
   * @param options                  optional metadata (resources, PKCE policy, keys, logout channels)
   * @throws NullPointerException when {@code clientId}, {@code tokenEndpointAuthMethod} or
   *     {@code createdAt} is null
   */
  public Client {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(tokenEndpointAuthMethod, "tokenEndpointAuthMethod");
    Objects.requireNonNull(createdAt, "createdAt");
    clientName = clientName == null ? clientId : clientName;
    redirectUris = List.copyOf(redirectUris == null ? List.of() : redirectUris);
    postLogoutRedirectUris = List.copyOf(postLogoutRedirectUris == null ? List.of() : postLogoutRedirectUris);
    grantTypes = Set.copyOf(grantTypes == null ? Set.of() : grantTypes);
    scopes = Set.copyOf(scopes == null ? Set.of() : scopes);
    applicationType = applicationType == null ? APPLICATION_TYPE_WEB : applicationType;
    accessTokenFormat = accessTokenFormat == null ? ACCESS_TOKEN_JWT : accessTokenFormat;
    options = options == null ? ClientOptions.DEFAULTS : options;
  }

  /**
   * A client without {@link ClientOptions}.
   *
   * @param clientId                {@code client_id}
   * @param secretHash              hash of {@code client_secret}, or {@code null} for public clients
   * @param clientName              {@code client_name}, or {@code null} for the client id
   * @param redirectUris            {@code redirect_uris}
   * @param postLogoutRedirectUris  {@code post_logout_redirect_uris}
   * @param grantTypes              {@code grant_types}
   * @param scopes                  every scope the client may request
   * @param tokenEndpointAuthMethod {@code token_endpoint_auth_method}
   * @param applicationType         {@code application_type}, or {@code null} for web
   * @param accessTokenFormat       {@code jwt} or {@code opaque}, or {@code null} for jwt
   * @param createdAt               registration time
   */
  public Client(String clientId, String secretHash, String clientName, List<URI> redirectUris,
      List<URI> postLogoutRedirectUris, Set<String> grantTypes, Set<String> scopes, String tokenEndpointAuthMethod,
      String applicationType, String accessTokenFormat, Instant createdAt) {
    this(clientId, secretHash, clientName, redirectUris, postLogoutRedirectUris, grantTypes, scopes,
        tokenEndpointAuthMethod, applicationType, accessTokenFormat, createdAt, ClientOptions.DEFAULTS);
  }

  /** {@return true when the client authenticates with no secret (RFC 6749 §2.1 public client)} */
  public boolean isPublic() {
    return AUTH_NONE.equals(tokenEndpointAuthMethod);
  }

  /** {@return true when the client proves itself with a secret (client_secret_basic, _post or _jwt)} */
  public boolean usesSecret() {
    return AUTH_CLIENT_SECRET_BASIC.equals(tokenEndpointAuthMethod) || AUTH_CLIENT_SECRET_POST.equals(tokenEndpointAuthMethod)
        || AUTH_CLIENT_SECRET_JWT.equals(tokenEndpointAuthMethod);
  }

  /**
   * A copy with another secret hash (secret regeneration).
   *
   * @param newSecretHash the hash of the new secret
   * @return the copy
   */
  public Client withSecretHash(String newSecretHash) {
    return new Client(clientId, newSecretHash, clientName, redirectUris, postLogoutRedirectUris, grantTypes,
        scopes, tokenEndpointAuthMethod, applicationType, accessTokenFormat, createdAt, options);
  }

  /**
   * A copy with other options.
   *
   * @param newOptions the options, or {@code null} for the defaults
   * @return the copy
   */
  public Client withOptions(ClientOptions newOptions) {
    return new Client(clientId, secretHash, clientName, redirectUris, postLogoutRedirectUris, grantTypes,
        scopes, tokenEndpointAuthMethod, applicationType, accessTokenFormat, createdAt, newOptions);
  }
}
