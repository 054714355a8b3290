package dev.ssokit.spi;

import com.nimbusds.jose.jwk.JWKSet;
import dev.ssokit.internal.client.MetadataFields;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The optional metadata of a client beyond what every client has: resource indicators, PKCE
 * policy, keys for request objects, logout channels. Names follow RFC 7591, OIDC Dynamic
 * Registration and the OIDC logout specifications; {@code allowed_resources},
 * {@code introspect_all_tokens} and {@code require_pkce} are SSO Kit's own.
 *
 * <p>IMPORTANT: {@link #toMetadata()} and {@link #fromMetadata} are exact inverses; stores keep the
 * metadata map (for instance as one JSON column), so a new option needs no schema change.
 *
 * @param allowedResources                  {@code allowed_resources}: absolute URIs a client may ask for with
 *                                          RFC 8707 {@code resource}; anything else is {@code invalid_target}
 * @param introspectAllTokens               {@code introspect_all_tokens}: the client is a resource server that
 *                                          may introspect tokens issued to any client
 * @param requirePkce                       {@code require_pkce}: PKCE S256 always, even for a confidential
 *                                          client sending an OpenID {@code nonce}
 * @param jwks                              {@code jwks}: the client's public keys (JWK Set JSON), or {@code null}
 * @param requestObjectSigningAlg           {@code request_object_signing_alg}, or {@code null} for any
 *                                          supported asymmetric algorithm; {@code none} allows unsigned objects
 * @param backchannelLogoutUri              {@code backchannel_logout_uri} (OIDC Back-Channel Logout 1.0)
 * @param backchannelLogoutSessionRequired  {@code backchannel_logout_session_required}
 * @param frontchannelLogoutUri             {@code frontchannel_logout_uri} (OIDC Front-Channel Logout 1.0)
 * @param frontchannelLogoutSessionRequired {@code frontchannel_logout_session_required}
 * @param allowUnprotectedCodeFlow          {@code allow_unprotected_code_flow}: a confidential client may run the
 *                                          code flow with neither PKCE nor an OpenID {@code nonce}, leaving code
 *                                          injection protection to the client (RFC 9700 §2.1.1 allows it, does not
 *                                          recommend it). Off by default; for legacy clients and the OpenID
 *                                          conformance suite's nonce-less module
 * @param accessTokenTyp                    {@code access_token_typ}: the JOSE {@code typ} header of the client's JWT
 *                                          access tokens: {@code at+jwt} (RFC 9068 §2.1, the default when
 *                                          {@code null}) or {@code JWT}, for resource servers that accept only that
 *                                          (Spring Security's default decoder on some versions). IMPORTANT: with
 *                                          {@code JWT} a resource server can no longer tell an access token from an
 *                                          ID token by its header (RFC 9068 §4); SSO Kit itself still tells them
 *                                          apart by their claims
 * @param accessTokenLifetime               {@code access_token_lifetime} (seconds): the client's access tokens live this
 *                                          long, or {@code null} for the provider's. IMPORTANT: never longer than the
 *                                          provider's lifetime (revocation records and signing keys are kept that
 *                                          long), so it can only shorten it
 * @param idTokenLifetime                   {@code id_token_lifetime} (seconds): the same for ID tokens
 * @param refreshTokenLifetime              {@code refresh_token_lifetime} (seconds): the idle lifetime of the client's
 *                                          refresh tokens, or {@code null} for the provider's; never past the
 *                                          family's absolute lifetime
 * @param consentPolicy                     {@code consent_policy}: {@code once} (the default when {@code null}: asked
 *                                          once, remembered), {@code always} (asked at every authorization) or
 *                                          {@code skip} (never asked; only for a {@code first_party} client)
 * @param firstParty                        {@code first_party}: the operator's own application, which may skip
 *                                          consent and be allowed the resource owner password grant
 * @param defaultAcrValues                  {@code default_acr_values} (OIDC Dynamic Registration §2): the
 *                                          {@code acr_values} of a request that names none; SSO Kit treats them as
 *                                          required: a request none of them can be met for is
 *                                          {@code unmet_authentication_requirements}
 * @param allowedAcrValues                  {@code allowed_acr_values}: the only acr values the client may ask for;
 *                                          empty allows every supported one
 * @param tokenExchangeAudiences            {@code token_exchange_audiences}: the RFC 8693 {@code audience} values the
 *                                          client may ask for in a token exchange; anything else is
 *                                          {@code invalid_target}
 * @param jwksUri                           {@code jwks_uri} (RFC 7591 §2): where the client publishes its public keys,
 *                                          fetched through the provider's safe fetcher; exclusive with {@code jwks}
 * @param tokenEndpointAuthSigningAlg       {@code token_endpoint_auth_signing_alg} (OIDC Registration §2): the one
 *                                          algorithm of the client's {@code private_key_jwt} assertions, or
 *                                          {@code null} for any supported asymmetric algorithm
 * @param requirePushedAuthorizationRequests {@code require_pushed_authorization_requests} (RFC 9126 §6): the client's
 *                                          authorization requests must come through {@code /par}
 * @param dpopBoundAccessTokens             {@code dpop_bound_access_tokens} (RFC 9449 §5.2): the client's token
 *                                          requests must carry a DPoP proof
 * @param logoUri                           {@code logo_uri} (RFC 7591 §2): an https URL of the client's logo; stored
 *                                          and shown as a link, never fetched by the provider
 * @param owner                             {@code owner}: the subject of the user who manages the client through
 *                                          the admin API with scope {@code sso:apps}, or {@code null}
 * @param subjectType                       {@code subject_type} (OIDC Registration §2, OIDC Core §8): {@code public}
 *                                          (the default when {@code null}: every client sees the user's own subject)
 *                                          or {@code pairwise} (a different {@code sub} per sector)
 * @param sectorIdentifierUri               {@code sector_identifier_uri} (OIDC Registration §2, Core §8.1): an https
 *                                          URL of a JSON array listing every redirect URI of the client; its host is
 *                                          the client's sector. Required for a pairwise client whose redirect URIs
 *                                          have several hosts (or none)
 * @param clientUri                         {@code client_uri} (RFC 7591 §2): an https URL of the client's home
 *                                          page; the consent page links the client's name to it, never fetched
 * @param policyUri                         {@code policy_uri} (RFC 7591 §2): an https URL of the client's privacy
 *                                          policy; linked from the consent page, never fetched
 * @param tosUri                            {@code tos_uri} (RFC 7591 §2): an https URL of the client's terms of
 *                                          service; linked from the consent page, never fetched
 */
public record ClientOptions(
    Set<URI> allowedResources,
    boolean introspectAllTokens,
    boolean requirePkce,
    String jwks,
    String requestObjectSigningAlg,
    URI backchannelLogoutUri,
    boolean backchannelLogoutSessionRequired,
    URI frontchannelLogoutUri,
    boolean frontchannelLogoutSessionRequired,
    boolean allowUnprotectedCodeFlow,
    String accessTokenTyp,
    Duration accessTokenLifetime,
    Duration idTokenLifetime,
    Duration refreshTokenLifetime,
    String consentPolicy,
    boolean firstParty,
    List<String> defaultAcrValues,
    List<String> allowedAcrValues,
    List<String> tokenExchangeAudiences,
    URI jwksUri,
    String tokenEndpointAuthSigningAlg,
    boolean requirePushedAuthorizationRequests,
    boolean dpopBoundAccessTokens,
    URI logoUri,
    String owner,
    String subjectType,
    URI sectorIdentifierUri,
    URI clientUri,
    URI policyUri,
    URI tosUri) {

  /** No option set: no resource indicators, PKCE per the default policy, no keys, no logout channels. */
  public static final ClientOptions DEFAULTS = builder().build();

  /** {@code access_token_typ} of RFC 9068 access tokens: the default. */
  public static final String ACCESS_TOKEN_TYP_AT_JWT = "at+jwt";
  /** {@code access_token_typ} for resource servers that accept {@code typ: JWT} only. */
  public static final String ACCESS_TOKEN_TYP_JWT = "JWT";
  /** {@code consent_policy}: ask once and remember the consent (the default). */
  public static final String CONSENT_ONCE = "once";
  /** {@code consent_policy}: ask at every authorization. */
  public static final String CONSENT_ALWAYS = "always";
  /** {@code consent_policy}: never ask (first-party clients only). */
  public static final String CONSENT_SKIP = "skip";

  /** The metadata names {@link #fromMetadata} reads. */
  public static final Set<String> METADATA_NAMES = Set.of("allowed_resources", "introspect_all_tokens",
      "require_pkce", "jwks", "request_object_signing_alg", "backchannel_logout_uri",
      "backchannel_logout_session_required", "frontchannel_logout_uri", "frontchannel_logout_session_required",
      "allow_unprotected_code_flow", "access_token_typ", "access_token_lifetime", "id_token_lifetime",
      "refresh_token_lifetime", "consent_policy", "first_party", "default_acr_values", "allowed_acr_values",
      "token_exchange_audiences", "jwks_uri", "token_endpoint_auth_signing_alg",
      "require_pushed_authorization_requests", "dpop_bound_access_tokens", "logo_uri", "owner", "subject_type",
      "sector_identifier_uri", "client_uri", "policy_uri", "tos_uri");

  /**
   * Options; the allowed resources are copied, {@code null} taken as none.
   *
   * @param allowedResources                  {@code allowed_resources}, or {@code null} for none
   * @param introspectAllTokens               {@code introspect_all_tokens}
   * @param requirePkce                       {@code require_pkce}
   * @param jwks                              {@code jwks} as JSON, or {@code null}
   * @param requestObjectSigningAlg           {@code request_object_signing_alg}, or {@code null}
   * @param backchannelLogoutUri              {@code backchannel_logout_uri}, or {@code null}
   * @param backchannelLogoutSessionRequired  {@code backchannel_logout_session_required}
   * @param frontchannelLogoutUri             {@code frontchannel_logout_uri}, or {@code null}
   * @param frontchannelLogoutSessionRequired {@code frontchannel_logout_session_required}
   * @param allowUnprotectedCodeFlow          {@code allow_unprotected_code_flow}
   * @param accessTokenTyp                    {@code access_token_typ}, or {@code null} for {@code at+jwt}
   * @param accessTokenLifetime               {@code access_token_lifetime}, or {@code null} for the provider's
   * @param idTokenLifetime                   {@code id_token_lifetime}, or {@code null} for the provider's
   * @param refreshTokenLifetime              {@code refresh_token_lifetime}, or {@code null} for the provider's
   * @param consentPolicy                     {@code consent_policy}, or {@code null} for {@code once}
   * @param firstParty                        {@code first_party}
   * @param defaultAcrValues                  {@code default_acr_values}, or {@code null} for none
   * @param allowedAcrValues                  {@code allowed_acr_values}, or {@code null} for any
   * @param tokenExchangeAudiences            {@code token_exchange_audiences}, or {@code null} for none
   * @param jwksUri                           {@code jwks_uri}, or {@code null}
   * @param tokenEndpointAuthSigningAlg       {@code token_endpoint_auth_signing_alg}, or {@code null} for any
   * @param requirePushedAuthorizationRequests {@code require_pushed_authorization_requests}
   * @param dpopBoundAccessTokens             {@code dpop_bound_access_tokens}
   * @param logoUri                           {@code logo_uri}, or {@code null}
   * @param owner                             {@code owner}, or {@code null}
   * @param subjectType                       {@code subject_type}, or {@code null} for {@code public}
   * @param sectorIdentifierUri               {@code sector_identifier_uri}, or {@code null}
   * @param clientUri                         {@code client_uri}, or {@code null}
   * @param policyUri                         {@code policy_uri}, or {@code null}
   * @param tosUri                            {@code tos_uri}, or {@code null}
   */
  public ClientOptions {
    allowedResources = Set.copyOf(allowedResources == null ? Set.of() : allowedResources);
    defaultAcrValues = List.copyOf(defaultAcrValues == null ? List.of() : defaultAcrValues);
    allowedAcrValues = List.copyOf(allowedAcrValues == null ? List.of() : allowedAcrValues);
    tokenExchangeAudiences = List.copyOf(tokenExchangeAudiences == null ? List.of() : tokenExchangeAudiences);
  }

  /** {@return the {@code subject_type}, {@code public} when unset} */
  public String effectiveSubjectType() {
    return subjectType == null ? "public" : subjectType;
  }

  /** {@return the {@code consent_policy}, {@link #CONSENT_ONCE} when unset} */
  public String effectiveConsentPolicy() {
    return consentPolicy == null ? CONSENT_ONCE : consentPolicy;
  }

  /** {@return a builder with every option unset} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding these options, to change some} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.allowedResources = new LinkedHashSet<>(allowedResources);
    b.introspectAllTokens = introspectAllTokens;
    b.requirePkce = requirePkce;
    b.jwks = jwks;
    b.requestObjectSigningAlg = requestObjectSigningAlg;
    b.backchannelLogoutUri = backchannelLogoutUri;
    b.backchannelLogoutSessionRequired = backchannelLogoutSessionRequired;
    b.frontchannelLogoutUri = frontchannelLogoutUri;
    b.frontchannelLogoutSessionRequired = frontchannelLogoutSessionRequired;
    b.allowUnprotectedCodeFlow = allowUnprotectedCodeFlow;
    b.accessTokenTyp = accessTokenTyp;
    b.accessTokenLifetime = accessTokenLifetime;
    b.idTokenLifetime = idTokenLifetime;
    b.refreshTokenLifetime = refreshTokenLifetime;
    b.consentPolicy = consentPolicy;
    b.firstParty = firstParty;
    b.defaultAcrValues = defaultAcrValues;
    b.allowedAcrValues = allowedAcrValues;
    b.tokenExchangeAudiences = tokenExchangeAudiences;
    b.jwksUri = jwksUri;
    b.tokenEndpointAuthSigningAlg = tokenEndpointAuthSigningAlg;
    b.requirePushedAuthorizationRequests = requirePushedAuthorizationRequests;
    b.dpopBoundAccessTokens = dpopBoundAccessTokens;
    b.logoUri = logoUri;
    b.owner = owner;
    b.subjectType = subjectType;
    b.sectorIdentifierUri = sectorIdentifierUri;
    b.clientUri = clientUri;
    b.policyUri = policyUri;
    b.tosUri = tosUri;
    return b;
  }

  /** {@return the options as client metadata (JSON types: strings, booleans, arrays, objects); unset ones left out} */
  public Map<String, Object> toMetadata() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (!allowedResources.isEmpty()) {
      m.put("allowed_resources", allowedResources.stream().map(URI::toString).sorted().toList());
    }
    if (introspectAllTokens) {
      m.put("introspect_all_tokens", true);
    }
    if (requirePkce) {
      m.put("require_pkce", true);
    }
    if (jwks != null) {
      try {
        m.put("jwks", JWKSet.parse(jwks).toJSONObject(true));
      } catch (ParseException e) {
        throw new IllegalStateException("jwks: not a JWK Set", e);
      }
    }
    if (requestObjectSigningAlg != null) {
      m.put("request_object_signing_alg", requestObjectSigningAlg);
    }
    if (backchannelLogoutUri != null) {
      m.put("backchannel_logout_uri", backchannelLogoutUri.toString());
    }
    if (backchannelLogoutSessionRequired) {
      m.put("backchannel_logout_session_required", true);
    }
    if (frontchannelLogoutUri != null) {
      m.put("frontchannel_logout_uri", frontchannelLogoutUri.toString());
    }
    if (frontchannelLogoutSessionRequired) {
      m.put("frontchannel_logout_session_required", true);
    }
    if (allowUnprotectedCodeFlow) {
      m.put("allow_unprotected_code_flow", true);
    }
    if (accessTokenTyp != null) {
      m.put("access_token_typ", accessTokenTyp);
    }
    putSeconds(m, "access_token_lifetime", accessTokenLifetime);
    putSeconds(m, "id_token_lifetime", idTokenLifetime);
    putSeconds(m, "refresh_token_lifetime", refreshTokenLifetime);
    if (consentPolicy != null) {
      m.put("consent_policy", consentPolicy);
    }
    if (firstParty) {
      m.put("first_party", true);
    }
    if (!defaultAcrValues.isEmpty()) {
      m.put("default_acr_values", defaultAcrValues);
    }
    if (!allowedAcrValues.isEmpty()) {
      m.put("allowed_acr_values", allowedAcrValues);
    }
    if (!tokenExchangeAudiences.isEmpty()) {
      m.put("token_exchange_audiences", tokenExchangeAudiences);
    }
    if (jwksUri != null) {
      m.put("jwks_uri", jwksUri.toString());
    }
    if (tokenEndpointAuthSigningAlg != null) {
      m.put("token_endpoint_auth_signing_alg", tokenEndpointAuthSigningAlg);
    }
    if (requirePushedAuthorizationRequests) {
      m.put("require_pushed_authorization_requests", true);
    }
    if (dpopBoundAccessTokens) {
      m.put("dpop_bound_access_tokens", true);
    }
    if (logoUri != null) {
      m.put("logo_uri", logoUri.toString());
    }
    if (owner != null) {
      m.put("owner", owner);
    }
    if (subjectType != null) {
      m.put("subject_type", subjectType);
    }
    if (clientUri != null) {
      m.put("client_uri", clientUri.toString());
    }
    if (policyUri != null) {
      m.put("policy_uri", policyUri.toString());
    }
    if (tosUri != null) {
      m.put("tos_uri", tosUri.toString());
    }
    if (sectorIdentifierUri != null) {
      m.put("sector_identifier_uri", sectorIdentifierUri.toString());
    }
    return m;
  }

  private static void putSeconds(Map<String, Object> m, String name, Duration d) {
    if (d != null) {
      m.put(name, d.getSeconds());
    }
  }

  /**
   * Reads the option fields of client metadata; fields of other names are ignored (the caller
   * rejects unknown ones). Throws {@link IllegalArgumentException} naming a field of the wrong type.
   * Only types are checked here; {@code ClientRegistration.validate()} checks the values.
   *
   * @param m client metadata by name, as parsed from JSON
   * @return the options
   * @throws IllegalArgumentException naming a field of the wrong type
   */
  public static ClientOptions fromMetadata(Map<String, ?> m) {
    Builder b = builder();
    b.allowedResources.addAll(MetadataFields.uris(m, "allowed_resources"));
    b.introspectAllTokens = MetadataFields.bool(m, "introspect_all_tokens");
    b.requirePkce = MetadataFields.bool(m, "require_pkce");
    Object jwks = m.get("jwks");
    if (jwks != null) {
      if (!(jwks instanceof Map<?, ?> map)) {
        throw new IllegalArgumentException("jwks: must be a JWK Set object");
      }
      try {
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) map;
        b.jwks = JWKSet.parse(json).toString(true);
      } catch (ParseException e) {
        throw new IllegalArgumentException("jwks: not a JWK Set: " + e.getMessage(), e);
      }
    }
    b.requestObjectSigningAlg = MetadataFields.string(m, "request_object_signing_alg");
    b.backchannelLogoutUri = MetadataFields.uri(m, "backchannel_logout_uri");
    b.backchannelLogoutSessionRequired = MetadataFields.bool(m, "backchannel_logout_session_required");
    b.frontchannelLogoutUri = MetadataFields.uri(m, "frontchannel_logout_uri");
    b.frontchannelLogoutSessionRequired = MetadataFields.bool(m, "frontchannel_logout_session_required");
    b.allowUnprotectedCodeFlow = MetadataFields.bool(m, "allow_unprotected_code_flow");
    b.accessTokenTyp = MetadataFields.string(m, "access_token_typ");
    b.accessTokenLifetime = MetadataFields.seconds(m, "access_token_lifetime");
    b.idTokenLifetime = MetadataFields.seconds(m, "id_token_lifetime");
    b.refreshTokenLifetime = MetadataFields.seconds(m, "refresh_token_lifetime");
    b.consentPolicy = MetadataFields.string(m, "consent_policy");
    b.firstParty = MetadataFields.bool(m, "first_party");
    b.defaultAcrValues = MetadataFields.strings(m, "default_acr_values");
    b.allowedAcrValues = MetadataFields.strings(m, "allowed_acr_values");
    b.tokenExchangeAudiences = MetadataFields.strings(m, "token_exchange_audiences");
    b.jwksUri = MetadataFields.uri(m, "jwks_uri");
    b.tokenEndpointAuthSigningAlg = MetadataFields.string(m, "token_endpoint_auth_signing_alg");
    b.requirePushedAuthorizationRequests = MetadataFields.bool(m, "require_pushed_authorization_requests");
    b.dpopBoundAccessTokens = MetadataFields.bool(m, "dpop_bound_access_tokens");
    b.logoUri = MetadataFields.uri(m, "logo_uri");
    b.owner = MetadataFields.string(m, "owner");
    b.subjectType = MetadataFields.string(m, "subject_type");
    b.sectorIdentifierUri = MetadataFields.uri(m, "sector_identifier_uri");
    b.clientUri = MetadataFields.uri(m, "client_uri");
    b.policyUri = MetadataFields.uri(m, "policy_uri");
    b.tosUri = MetadataFields.uri(m, "tos_uri");
    return b.build();
  }

  /** Builder of {@link ClientOptions}; every option not given is unset ({@code false}, empty or {@code null}). */
  public static final class Builder {
    private Set<URI> allowedResources = new LinkedHashSet<>();
    private boolean introspectAllTokens;
    private boolean requirePkce;
    private String jwks;
    private String requestObjectSigningAlg;
    private URI backchannelLogoutUri;
    private boolean backchannelLogoutSessionRequired;
    private URI frontchannelLogoutUri;
    private boolean frontchannelLogoutSessionRequired;
    private boolean allowUnprotectedCodeFlow;
    private String accessTokenTyp;
    private Duration accessTokenLifetime;
    private Duration idTokenLifetime;
    private Duration refreshTokenLifetime;
    private String consentPolicy;
    private boolean firstParty;
    private List<String> defaultAcrValues = List.of();
    private List<String> allowedAcrValues = List.of();
    private List<String> tokenExchangeAudiences = List.of();
    private URI jwksUri;
    private String tokenEndpointAuthSigningAlg;
    private boolean requirePushedAuthorizationRequests;
    private boolean dpopBoundAccessTokens;
    private URI logoUri;
    private String owner;
    private String subjectType;
    private URI sectorIdentifierUri;
    private URI clientUri;
    private URI policyUri;
    private URI tosUri;

    private Builder() {}

    /**
     * RFC 8707 resource indicators the client may request.
     *
     * @param resources absolute resource URIs
     * @return this builder
     */
    public Builder allowedResources(Set<URI> resources) {
      allowedResources = new LinkedHashSet<>(resources);
      return this;
    }

    /**
     * Lets the client (a resource server) introspect tokens issued to any client.
     *
     * @param b true to allow it
     * @return this builder
     */
    public Builder introspectAllTokens(boolean b) {
      introspectAllTokens = b;
      return this;
    }

    /**
     * Requires PKCE S256 at every authorization request of the client.
     *
     * @param b true to require it
     * @return this builder
     */
    public Builder requirePkce(boolean b) {
      requirePkce = b;
      return this;
    }

    /**
     * The client's public keys, a JWK Set as JSON.
     *
     * @param jwkSetJson the JWK Set, or {@code null} for none
     * @return this builder
     */
    public Builder jwks(String jwkSetJson) {
      jwks = jwkSetJson;
      return this;
    }

    /**
     * The one algorithm the client signs request objects with ({@code none}: unsigned allowed).
     *
     * @param alg a JWS algorithm name, {@code none}, or {@code null} for any supported asymmetric one
     * @return this builder
     */
    public Builder requestObjectSigningAlg(String alg) {
      requestObjectSigningAlg = alg;
      return this;
    }

    /**
     * Where the client receives Back-Channel Logout tokens, and whether it needs {@code sid} in them.
     *
     * @param uri the client's back-channel logout endpoint, or {@code null} for none
     * @param sessionRequired true when the client needs {@code sid} in the Logout Token
     * @return this builder
     */
    public Builder backchannelLogout(URI uri, boolean sessionRequired) {
      backchannelLogoutUri = uri;
      backchannelLogoutSessionRequired = sessionRequired;
      return this;
    }

    /**
     * The client's Front-Channel Logout page, and whether it needs {@code iss} and {@code sid}.
     *
     * @param uri the client's front-channel logout page, or {@code null} for none
     * @param sessionRequired true when the client needs {@code iss} and {@code sid} on the page's URL
     * @return this builder
     */
    public Builder frontchannelLogout(URI uri, boolean sessionRequired) {
      frontchannelLogoutUri = uri;
      frontchannelLogoutSessionRequired = sessionRequired;
      return this;
    }

    /**
     * Lets a confidential client run the code flow with neither PKCE nor an OpenID {@code nonce}.
     * IMPORTANT: weakens the default; only for clients that cannot send either.
     *
     * @param b true to allow it
     * @return this builder
     */
    public Builder allowUnprotectedCodeFlow(boolean b) {
      allowUnprotectedCodeFlow = b;
      return this;
    }

    /**
     * The {@code typ} header of the client's JWT access tokens: {@code at+jwt} (default) or {@code JWT}.
     * IMPORTANT: {@code JWT} gives up RFC 9068's header-level separation from ID tokens at resource servers.
     *
     * @param typ {@code at+jwt}, {@code JWT}, or {@code null} for the default
     * @return this builder
     */
    public Builder accessTokenTyp(String typ) {
      accessTokenTyp = typ;
      return this;
    }

    /**
     * The client's own token lifetimes ({@code null}: the provider's). Access and ID token lifetimes
     * can only shorten the provider's; the refresh token one is the idle lifetime.
     *
     * @param accessToken  {@code access_token_lifetime}, or {@code null}
     * @param idToken      {@code id_token_lifetime}, or {@code null}
     * @param refreshToken {@code refresh_token_lifetime}, or {@code null}
     * @return this builder
     */
    public Builder tokenLifetimes(Duration accessToken, Duration idToken, Duration refreshToken) {
      accessTokenLifetime = accessToken;
      idTokenLifetime = idToken;
      refreshTokenLifetime = refreshToken;
      return this;
    }

    /**
     * When consent is asked.
     *
     * @param policy {@code once} (default), {@code always} or {@code skip} (first-party clients only)
     * @return this builder
     */
    public Builder consentPolicy(String policy) {
      consentPolicy = policy;
      return this;
    }

    /**
     * Marks the operator's own application: it may skip consent and use the password grant.
     * IMPORTANT: an operator's decision, never a client's own registration.
     *
     * @param b whether the client is first-party
     * @return this builder
     */
    public Builder firstParty(boolean b) {
      firstParty = b;
      return this;
    }

    /**
     * The acr values of a request that names none, required as a minimum.
     *
     * @param values {@code default_acr_values}
     * @return this builder
     */
    public Builder defaultAcrValues(List<String> values) {
      defaultAcrValues = List.copyOf(values);
      return this;
    }

    /**
     * The only acr values the client may ask for.
     *
     * @param values {@code allowed_acr_values} (empty: any supported one)
     * @return this builder
     */
    public Builder allowedAcrValues(List<String> values) {
      allowedAcrValues = List.copyOf(values);
      return this;
    }

    /**
     * The RFC 8693 {@code audience} values the client may exchange tokens for.
     *
     * @param audiences {@code token_exchange_audiences}
     * @return this builder
     */
    public Builder tokenExchangeAudiences(List<String> audiences) {
      tokenExchangeAudiences = List.copyOf(audiences);
      return this;
    }

    /**
     * Where the client publishes its public keys (instead of {@link #jwks}).
     *
     * @param uri {@code jwks_uri}, an https URL
     * @return this builder
     */
    public Builder jwksUri(URI uri) {
      jwksUri = uri;
      return this;
    }

    /**
     * The one algorithm of the client's {@code private_key_jwt} assertions.
     *
     * @param alg {@code token_endpoint_auth_signing_alg}, or {@code null} for any supported one
     * @return this builder
     */
    public Builder tokenEndpointAuthSigningAlg(String alg) {
      tokenEndpointAuthSigningAlg = alg;
      return this;
    }

    /**
     * Accepts the client's authorization requests only through {@code /par} (RFC 9126 §6).
     *
     * @param b {@code require_pushed_authorization_requests}
     * @return this builder
     */
    public Builder requirePushedAuthorizationRequests(boolean b) {
      requirePushedAuthorizationRequests = b;
      return this;
    }

    /**
     * Requires a DPoP proof at every token request of the client (RFC 9449 §5.2).
     *
     * @param b {@code dpop_bound_access_tokens}
     * @return this builder
     */
    public Builder dpopBoundAccessTokens(boolean b) {
      dpopBoundAccessTokens = b;
      return this;
    }

    /**
     * The client's logo, never fetched by the provider.
     *
     * @param uri {@code logo_uri}, an https URL
     * @return this builder
     */
    public Builder logoUri(URI uri) {
      logoUri = uri;
      return this;
    }

    /**
     * The user who manages the client through the admin API ({@code sso:apps}).
     *
     * @param subject {@code owner}: the user's subject, or {@code null}
     * @return this builder
     */
    public Builder owner(String subject) {
      owner = subject;
      return this;
    }

    /**
     * Whether the client sees the user's own subject or a pairwise identifier (OIDC Core §8).
     *
     * @param type {@code public}, {@code pairwise}, or {@code null} for public
     * @return this builder
     */
    public Builder subjectType(String type) {
      subjectType = type;
      return this;
    }

    /**
     * The client's sector identifier (OIDC Core §8.1): an https URL of a JSON array of its redirect URIs.
     *
     * @param uri {@code sector_identifier_uri}, or {@code null}
     * @return this builder
     */
    public Builder sectorIdentifierUri(URI uri) {
      sectorIdentifierUri = uri;
      return this;
    }

    /**
     * The client's home page, linked from its name on the consent page, never fetched by the provider.
     *
     * @param uri {@code client_uri}, an https URL, or {@code null}
     * @return this builder
     */
    public Builder clientUri(URI uri) {
      clientUri = uri;
      return this;
    }

    /**
     * The client's privacy policy, linked from the consent page, never fetched by the provider.
     *
     * @param uri {@code policy_uri}, an https URL, or {@code null}
     * @return this builder
     */
    public Builder policyUri(URI uri) {
      policyUri = uri;
      return this;
    }

    /**
     * The client's terms of service, linked from the consent page, never fetched by the provider.
     *
     * @param uri {@code tos_uri}, an https URL, or {@code null}
     * @return this builder
     */
    public Builder tosUri(URI uri) {
      tosUri = uri;
      return this;
    }

    /** {@return the options} */
    public ClientOptions build() {
      return new ClientOptions(allowedResources, introspectAllTokens, requirePkce, jwks, requestObjectSigningAlg,
          backchannelLogoutUri, backchannelLogoutSessionRequired, frontchannelLogoutUri,
          frontchannelLogoutSessionRequired, allowUnprotectedCodeFlow, accessTokenTyp, accessTokenLifetime,
          idTokenLifetime, refreshTokenLifetime, consentPolicy, firstParty, defaultAcrValues, allowedAcrValues,
          tokenExchangeAudiences, jwksUri, tokenEndpointAuthSigningAlg, requirePushedAuthorizationRequests,
          dpopBoundAccessTokens, logoUri, owner, subjectType, sectorIdentifierUri, clientUri, policyUri, tosUri);
    }
  }
}
