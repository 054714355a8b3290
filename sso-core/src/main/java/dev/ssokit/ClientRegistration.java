package dev.ssokit;

import dev.ssokit.internal.authorization.AuthenticationContextClass;
import dev.ssokit.internal.subject.SubjectIdentifiers;
import dev.ssokit.internal.client.MetadataFields;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientOptions;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What an application registers, in RFC 7591 client metadata terms.
 *
 * @param clientId                {@code client_id}, or {@code null} to have one generated
 * @param clientName              {@code client_name} for the consent page, or {@code null} for the client id
 * @param redirectUris            {@code redirect_uris}, matched exactly; {@code null} for none
 * @param postLogoutRedirectUris  {@code post_logout_redirect_uris}; {@code null} for none
 * @param grantTypes              {@code grant_types}; {@code null} or empty for authorization_code
 * @param scope                   scopes the client may request; {@code null} for openid
 * @param tokenEndpointAuthMethod {@code token_endpoint_auth_method}; {@code null} for client_secret_basic
 * @param applicationType         {@code application_type}, web or native; {@code null} for web
 * @param accessTokenFormat       {@code jwt} or {@code opaque}; {@code null} for jwt
 * @param options                 optional metadata: resource indicators, PKCE policy, keys, logout channels;
 *                                {@code null} for none
 */
public record ClientRegistration(
    String clientId,
    String clientName,
    List<URI> redirectUris,
    List<URI> postLogoutRedirectUris,
    Set<String> grantTypes,
    Set<String> scope,
    String tokenEndpointAuthMethod,
    String applicationType,
    String accessTokenFormat,
    ClientOptions options) {

  /** Grant types a client can be registered for. */
  public static final Set<String> GRANT_TYPES = Set.of("authorization_code", "refresh_token", "client_credentials",
      "urn:ietf:params:oauth:grant-type:device_code", "password", "urn:ietf:params:oauth:grant-type:token-exchange");
  /** Values of {@code request_object_signing_alg} a client can register. */
  public static final Set<String> REQUEST_OBJECT_ALGORITHMS = Set.of("RS256", "PS256", "ES256", "EdDSA", "none");
  /** Values of {@code token_endpoint_auth_signing_alg} of a private_key_jwt client: asymmetric only (FAPI 2.0 §5.4.1). */
  public static final Set<String> ASSERTION_ALGORITHMS = Set.of("RS256", "PS256", "ES256", "EdDSA");
  /** Values of {@code token_endpoint_auth_signing_alg} of a client_secret_jwt client (RFC 7518 §3.2). */
  public static final Set<String> MAC_ALGORITHMS = Set.of("HS256", "HS384", "HS512");
  /** Client authentication methods supported at the token endpoint. */
  public static final Set<String> AUTH_METHODS =
      Set.of(Client.AUTH_CLIENT_SECRET_BASIC, Client.AUTH_CLIENT_SECRET_POST, Client.AUTH_CLIENT_SECRET_JWT,
          Client.AUTH_PRIVATE_KEY_JWT, Client.AUTH_NONE);
  /** Schemes a browser executes or reads locally: never a redirect or post-logout redirect URI. */
  public static final Set<String> LOCAL_SCHEMES = Set.of("javascript", "data", "vbscript", "file", "blob", "about");

  /**
   * A registration, every {@code null} replaced by its default; not validated (see {@link #validate()}).
   *
   * @param clientId                {@code client_id}, or {@code null} to have one generated
   * @param clientName              {@code client_name} for the consent page, or {@code null} for the client id
   * @param redirectUris            {@code redirect_uris}, matched exactly; {@code null} for none
   * @param postLogoutRedirectUris  {@code post_logout_redirect_uris}; {@code null} for none
   * @param grantTypes              {@code grant_types}; {@code null} or empty for authorization_code
   * @param scope                   scopes the client may request; {@code null} for openid
   * @param tokenEndpointAuthMethod {@code token_endpoint_auth_method}; {@code null} for client_secret_basic
   * @param applicationType         {@code application_type}, web or native; {@code null} for web
   * @param accessTokenFormat       {@code jwt} or {@code opaque}; {@code null} for jwt
   * @param options                 optional metadata: resource indicators, PKCE policy, keys, logout channels;
   *                                    {@code null} for none
   * @throws NullPointerException when a list or set holds null
   */
  public ClientRegistration {
    redirectUris = List.copyOf(redirectUris == null ? List.of() : redirectUris);
    postLogoutRedirectUris = List.copyOf(postLogoutRedirectUris == null ? List.of() : postLogoutRedirectUris);
    grantTypes = Set.copyOf(grantTypes == null || grantTypes.isEmpty() ? Set.of("authorization_code") : grantTypes);
    scope = Set.copyOf(scope == null ? Set.of("openid") : scope);
    tokenEndpointAuthMethod = tokenEndpointAuthMethod == null ? Client.AUTH_CLIENT_SECRET_BASIC : tokenEndpointAuthMethod;
    applicationType = applicationType == null ? Client.APPLICATION_TYPE_WEB : applicationType;
    accessTokenFormat = accessTokenFormat == null ? Client.ACCESS_TOKEN_JWT : accessTokenFormat;
    options = options == null ? ClientOptions.DEFAULTS : options;
  }

  /**
   * A registration without {@link ClientOptions}.
   *
   * @param clientId                {@code client_id}, or {@code null} to have one generated
   * @param clientName              {@code client_name}, or {@code null} for the client id
   * @param redirectUris            {@code redirect_uris}; {@code null} for none
   * @param postLogoutRedirectUris  {@code post_logout_redirect_uris}; {@code null} for none
   * @param grantTypes              {@code grant_types}; {@code null} or empty for authorization_code
   * @param scope                   scopes the client may request; {@code null} for openid
   * @param tokenEndpointAuthMethod {@code token_endpoint_auth_method}; {@code null} for client_secret_basic
   * @param applicationType         web or native; {@code null} for web
   * @param accessTokenFormat       {@code jwt} or {@code opaque}; {@code null} for jwt
   */
  public ClientRegistration(String clientId, String clientName, List<URI> redirectUris,
      List<URI> postLogoutRedirectUris, Set<String> grantTypes, Set<String> scope, String tokenEndpointAuthMethod,
      String applicationType, String accessTokenFormat) {
    this(clientId, clientName, redirectUris, postLogoutRedirectUris, grantTypes, scope, tokenEndpointAuthMethod,
        applicationType, accessTokenFormat, ClientOptions.DEFAULTS);
  }

  /**
   * A copy with other options.
   *
   * @param newOptions the options, or {@code null} for none
   * @return the copy
   */
  public ClientRegistration withOptions(ClientOptions newOptions) {
    return new ClientRegistration(clientId, clientName, redirectUris, postLogoutRedirectUris, grantTypes, scope,
        tokenEndpointAuthMethod, applicationType, accessTokenFormat, newOptions);
  }

  /**
   * Reads RFC 7591 metadata ({@code client_id}, {@code client_name}, {@code redirect_uris},
   * {@code post_logout_redirect_uris}, {@code grant_types}, {@code scope},
   * {@code token_endpoint_auth_method}, {@code application_type}, SSO Kit's
   * {@code access_token_format}, and the {@link ClientOptions#METADATA_NAMES}); unknown fields are rejected.
   *
   * @param m client metadata by name, as parsed from JSON
   * @return the registration, not yet validated
   * @throws IllegalArgumentException naming an unknown field or a field of the wrong type
   */
  public static ClientRegistration fromMetadata(Map<String, Object> m) {
    Set<String> known = Set.of("client_id", "client_secret", "client_name", "redirect_uris", "post_logout_redirect_uris",
        "grant_types", "scope", "token_endpoint_auth_method", "application_type", "access_token_format");
    for (String key : m.keySet()) {
      if (!known.contains(key) && !ClientOptions.METADATA_NAMES.contains(key)) {
        throw new IllegalArgumentException("unknown client metadata field: " + key);
      }
    }
    String scope = MetadataFields.string(m, "scope");
    return new ClientRegistration(MetadataFields.string(m, "client_id"), MetadataFields.string(m, "client_name"),
        MetadataFields.uris(m, "redirect_uris"), MetadataFields.uris(m, "post_logout_redirect_uris"),
        new LinkedHashSet<>(MetadataFields.strings(m, "grant_types")),
        scope == null ? null : new LinkedHashSet<>(List.of(scope.trim().split("\\s+"))),
        MetadataFields.string(m, "token_endpoint_auth_method"), MetadataFields.string(m, "application_type"),
        MetadataFields.string(m, "access_token_format"),
        ClientOptions.fromMetadata(m));
  }

  /**
   * Checks the metadata (RFC 7591 §2, OAuth 2.1 §2.3).
   *
   * @throws IllegalArgumentException naming the field at fault
   */
  public void validate() {
    for (String g : grantTypes) {
      if (!GRANT_TYPES.contains(g)) {
        throw new IllegalArgumentException("grant_types: unsupported grant type " + g);
      }
    }
    if (!AUTH_METHODS.contains(tokenEndpointAuthMethod)) {
      throw new IllegalArgumentException("token_endpoint_auth_method: must be one of " + AUTH_METHODS);
    }
    if (!Set.of(Client.APPLICATION_TYPE_WEB, Client.APPLICATION_TYPE_NATIVE).contains(applicationType)) {
      throw new IllegalArgumentException("application_type: must be web or native");
    }
    if (!Set.of(Client.ACCESS_TOKEN_JWT, Client.ACCESS_TOKEN_OPAQUE).contains(accessTokenFormat)) {
      throw new IllegalArgumentException("access_token_format: must be jwt or opaque");
    }
    if (Client.AUTH_NONE.equals(tokenEndpointAuthMethod) && grantTypes.contains("client_credentials")) {
      throw new IllegalArgumentException("grant_types: a public client cannot use client_credentials");
    }
    if (grantTypes.contains("password") && !options.firstParty()) {
      // RFC 9700 §2.4: the legacy password grant, only where the operator vouches for the client
      throw new IllegalArgumentException("grant_types: the password grant is only for a client the operator marks"
          + " first_party");
    }
    if (grantTypes.contains("authorization_code") && redirectUris.isEmpty()) {
      throw new IllegalArgumentException("redirect_uris: required for the authorization_code grant");
    }
    for (String s : scope) {
      if (!s.matches("[\\x21\\x23-\\x5B\\x5D-\\x7E]+")) {
        throw new IllegalArgumentException("scope: invalid scope token " + s);
      }
    }
    for (URI uri : redirectUris) {
      checkRedirect("redirect_uris", uri);
    }
    for (URI uri : postLogoutRedirectUris) {
      checkRedirect("post_logout_redirect_uris", uri);
    }
    validateOptions();
  }

  private void validateOptions() {
    for (URI resource : options.allowedResources()) {
      // RFC 8707 §2: an absolute URI without fragment
      if (!resource.isAbsolute() || resource.getRawFragment() != null) {
        throw new IllegalArgumentException("allowed_resources: must be absolute and without fragment: " + resource);
      }
    }
    if (options.jwks() != null) {
      try {
        com.nimbusds.jose.jwk.JWKSet.parse(options.jwks());
      } catch (java.text.ParseException e) {
        throw new IllegalArgumentException("jwks: not a JWK Set: " + e.getMessage(), e);
      }
    }
    String alg = options.requestObjectSigningAlg();
    if (alg != null && !REQUEST_OBJECT_ALGORITHMS.contains(alg)) {
      throw new IllegalArgumentException("request_object_signing_alg: must be one of " + REQUEST_OBJECT_ALGORITHMS);
    }
    if (options.allowUnprotectedCodeFlow() && (options.requirePkce() || Client.AUTH_NONE.equals(tokenEndpointAuthMethod))) {
      // RFC 9700 §2.1.1: public clients always use PKCE; require_pkce says the opposite
      throw new IllegalArgumentException("allow_unprotected_code_flow: only for a confidential client without"
          + " require_pkce");
    }
    validateKeys();
    String typ = options.accessTokenTyp();
    if (typ != null && !typ.equals(ClientOptions.ACCESS_TOKEN_TYP_AT_JWT) && !typ.equals(ClientOptions.ACCESS_TOKEN_TYP_JWT)) {
      throw new IllegalArgumentException("access_token_typ: must be at+jwt (RFC 9068) or JWT");
    }
    String consent = options.effectiveConsentPolicy();
    if (!Set.of(ClientOptions.CONSENT_ONCE, ClientOptions.CONSENT_ALWAYS, ClientOptions.CONSENT_SKIP).contains(consent)) {
      throw new IllegalArgumentException("consent_policy: must be once, always or skip");
    }
    if (ClientOptions.CONSENT_SKIP.equals(consent) && !options.firstParty()) {
      throw new IllegalArgumentException("consent_policy: skip is only for a client the operator marks first_party");
    }
    for (String acr : options.allowedAcrValues()) {
      checkAcr("allowed_acr_values", acr);
    }
    for (String acr : options.defaultAcrValues()) {
      checkAcr("default_acr_values", acr);
      if (!options.allowedAcrValues().isEmpty() && !options.allowedAcrValues().contains(acr)) {
        throw new IllegalArgumentException("default_acr_values: " + acr + " is not in allowed_acr_values");
      }
    }
    checkLogoutUri("backchannel_logout_uri", options.backchannelLogoutUri());
    checkLogoutUri("frontchannel_logout_uri", options.frontchannelLogoutUri());
    checkHttpsUrl("logo_uri", options.logoUri());
    checkHttpsUrl("client_uri", options.clientUri());
    checkHttpsUrl("policy_uri", options.policyUri());
    checkHttpsUrl("tos_uri", options.tosUri());
    validateSubjectType();
    if (options.owner() != null && (options.owner().isBlank() || options.owner().length() > 255)) {
      throw new IllegalArgumentException("owner: must be a user's subject (1 to 255 characters)");
    }
  }

  // RFC 7591 §2: logo_uri, client_uri, policy_uri and tos_uri are only stored and shown (linked), never
  // fetched; https only, so a consent page never mixes in plain-http content.
  private static void checkHttpsUrl(String field, URI uri) {
    if (uri == null) {
      return;
    }
    if (!uri.isAbsolute() || !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null
        || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(field + ": must be an absolute https URL without fragment: " + uri);
    }
  }

  private static void checkAcr(String field, String acr) {
    if (!AuthenticationContextClass.DEFINED.contains(acr)) {
      throw new IllegalArgumentException(field + ": unknown acr value " + acr + "; known: "
          + AuthenticationContextClass.DEFINED);
    }
  }

  /**
   * OIDC Core §8 / Registration §2: {@code subject_type} public or pairwise; a pairwise client's sector is
   * the host of its {@code sector_identifier_uri}, required when its redirect URIs do not share one host.
   * Whether that URL lists every redirect URI is checked when the client is stored (it is fetched then).
   */
  private void validateSubjectType() {
    String type = options.effectiveSubjectType();
    if (!Set.of(SubjectIdentifiers.PUBLIC, SubjectIdentifiers.PAIRWISE).contains(type)) {
      throw new IllegalArgumentException("subject_type: must be public or pairwise");
    }
    URI sector = options.sectorIdentifierUri();
    if (sector != null) {
      boolean loopback = "http".equals(sector.getScheme()) && Set.of("127.0.0.1", "localhost", "[::1]")
          .contains(sector.getHost());
      if (!sector.isAbsolute() || sector.getHost() == null || sector.getRawFragment() != null
          || !("https".equals(sector.getScheme()) || loopback)) {
        throw new IllegalArgumentException("sector_identifier_uri: must be an https URL without fragment: " + sector);
      }
    }
    if (SubjectIdentifiers.PAIRWISE.equals(type) && SubjectIdentifiers.sector(options, redirectUris) == null) {
      throw new IllegalArgumentException("sector_identifier_uri: required for a pairwise client whose redirect_uris"
          + " do not share one host (OIDC Core §8.1)");
    }
  }

  /** RFC 7591 §2: jwks and jwks_uri are exclusive; private_key_jwt needs one of them. */
  private void validateKeys() {
    URI jwksUri = options.jwksUri();
    if (jwksUri != null) {
      if (options.jwks() != null) {
        throw new IllegalArgumentException("jwks_uri: must not be given together with jwks (RFC 7591 §2)");
      }
      boolean loopback = "http".equals(jwksUri.getScheme()) && Set.of("127.0.0.1", "localhost", "[::1]")
          .contains(jwksUri.getHost());
      if (!jwksUri.isAbsolute() || jwksUri.getHost() == null || jwksUri.getRawFragment() != null
          || !("https".equals(jwksUri.getScheme()) || loopback)) {
        throw new IllegalArgumentException("jwks_uri: must be an https URL without fragment: " + jwksUri);
      }
    }
    if (Client.AUTH_PRIVATE_KEY_JWT.equals(tokenEndpointAuthMethod) && options.jwks() == null && jwksUri == null) {
      throw new IllegalArgumentException("jwks: private_key_jwt needs the client's keys in jwks or jwks_uri");
    }
    String alg = options.tokenEndpointAuthSigningAlg();
    Set<String> algorithms = Client.AUTH_CLIENT_SECRET_JWT.equals(tokenEndpointAuthMethod) ? MAC_ALGORITHMS
        : ASSERTION_ALGORITHMS;
    if (alg != null && !algorithms.contains(alg)) {
      throw new IllegalArgumentException("token_endpoint_auth_signing_alg: must be one of " + algorithms);
    }
  }

  // OIDC Back-Channel Logout 1.0 §2.2, Front-Channel Logout 1.0 §2: an absolute URL without fragment
  private static void checkLogoutUri(String field, URI uri) {
    if (uri == null) {
      return;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.getRawFragment() != null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException(field + ": must be an absolute http(s) URL without fragment: " + uri);
    }
  }

  private void checkRedirect(String field, URI uri) {
    if (!uri.isAbsolute() || uri.getRawFragment() != null) {
      throw new IllegalArgumentException(field + ": must be absolute and without fragment: " + uri);
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    boolean loopback = "http".equals(scheme) && uri.getHost() != null
        && Set.of("localhost", "127.0.0.1", "[::1]").contains(uri.getHost());
    boolean customScheme = !scheme.equals("http") && !scheme.equals("https");
    if (LOCAL_SCHEMES.contains(scheme)) {
      // RFC 9700 §4.1 / RFC 8252 §8.1: a browser runs or reads these locally (script, inline content, files)
      // instead of handing them to an app: a code or token "redirected" there ends up in a page's hands.
      throw new IllegalArgumentException(field + ": the scheme " + scheme + " is not allowed: " + uri);
    }
    if ("http".equals(scheme) && !loopback) {
      throw new IllegalArgumentException(field + ": http is only allowed for loopback addresses: " + uri);
    }
    if (customScheme && !Client.APPLICATION_TYPE_NATIVE.equals(applicationType)) {
      throw new IllegalArgumentException(field + ": custom schemes need application_type native: " + uri);
    }
    if (customScheme && scheme.indexOf('.') < 0) {
      // RFC 8252 §7.1: a private-use scheme is a reverse domain name the app's owner controls (com.example.app).
      throw new IllegalArgumentException(field + ": a private-use scheme must be a reverse domain name "
          + "such as com.example.app (RFC 8252 §7.1): " + uri);
    }
  }
}
