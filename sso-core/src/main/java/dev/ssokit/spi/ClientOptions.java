package dev.ssokit.spi;

import com.nimbusds.jose.jwk.JWKSet;
import dev.ssokit.internal.client.MetadataFields;
import java.net.URI;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * @param logoUri                           {@code logo_uri} (RFC 7591 §2): an https URL of the client's logo; stored
 *                                          and shown as a link, never fetched by the provider
 * @param owner                             {@code owner}: the subject of the user who manages the client through
 *                                          the admin API with scope {@code sso:apps}, or {@code null}
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
    URI logoUri,
    String owner) {

  /** No option set: no resource indicators, PKCE per the default policy, no keys, no logout channels. */
  public static final ClientOptions DEFAULTS = builder().build();

  /** {@code access_token_typ} of RFC 9068 access tokens: the default. */
  public static final String ACCESS_TOKEN_TYP_AT_JWT = "at+jwt";
  /** {@code access_token_typ} for resource servers that accept {@code typ: JWT} only. */
  public static final String ACCESS_TOKEN_TYP_JWT = "JWT";

  /** The metadata names {@link #fromMetadata} reads. */
  public static final Set<String> METADATA_NAMES = Set.of("allowed_resources", "introspect_all_tokens",
      "require_pkce", "jwks", "request_object_signing_alg", "backchannel_logout_uri",
      "backchannel_logout_session_required", "frontchannel_logout_uri", "frontchannel_logout_session_required",
      "allow_unprotected_code_flow", "access_token_typ", "logo_uri", "owner");

  public ClientOptions {
    allowedResources = Set.copyOf(allowedResources == null ? Set.of() : allowedResources);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to change some. */
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
    b.logoUri = logoUri;
    b.owner = owner;
    return b;
  }

  /** The options as client metadata (JSON types: strings, booleans, arrays, objects); unset ones left out. */
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
    if (logoUri != null) {
      m.put("logo_uri", logoUri.toString());
    }
    if (owner != null) {
      m.put("owner", owner);
    }
    return m;
  }

  /**
   * Reads the option fields of client metadata; fields of other names are ignored (the caller
   * rejects unknown ones). Throws {@link IllegalArgumentException} naming a field of the wrong type.
   * Only types are checked here; {@code ClientRegistration.validate()} checks the values.
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
    b.logoUri = MetadataFields.uri(m, "logo_uri");
    b.owner = MetadataFields.string(m, "owner");
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
    private URI logoUri;
    private String owner;

    private Builder() {}

    /** RFC 8707 resource indicators the client may request. */
    public Builder allowedResources(Set<URI> resources) {
      allowedResources = new LinkedHashSet<>(resources);
      return this;
    }

    /** Lets the client (a resource server) introspect tokens issued to any client. */
    public Builder introspectAllTokens(boolean b) {
      introspectAllTokens = b;
      return this;
    }

    /** Requires PKCE S256 at every authorization request of the client. */
    public Builder requirePkce(boolean b) {
      requirePkce = b;
      return this;
    }

    /** The client's public keys, a JWK Set as JSON. */
    public Builder jwks(String jwkSetJson) {
      jwks = jwkSetJson;
      return this;
    }

    /** The one algorithm the client signs request objects with ({@code none}: unsigned allowed). */
    public Builder requestObjectSigningAlg(String alg) {
      requestObjectSigningAlg = alg;
      return this;
    }

    /** Where the client receives Back-Channel Logout tokens, and whether it needs {@code sid} in them. */
    public Builder backchannelLogout(URI uri, boolean sessionRequired) {
      backchannelLogoutUri = uri;
      backchannelLogoutSessionRequired = sessionRequired;
      return this;
    }

    /** The client's Front-Channel Logout page, and whether it needs {@code iss} and {@code sid}. */
    public Builder frontchannelLogout(URI uri, boolean sessionRequired) {
      frontchannelLogoutUri = uri;
      frontchannelLogoutSessionRequired = sessionRequired;
      return this;
    }

    /**
     * Lets a confidential client run the code flow with neither PKCE nor an OpenID {@code nonce}.
     * IMPORTANT: weakens the default; only for clients that cannot send either.
     */
    public Builder allowUnprotectedCodeFlow(boolean b) {
      allowUnprotectedCodeFlow = b;
      return this;
    }

    /**
     * The {@code typ} header of the client's JWT access tokens: {@code at+jwt} (default) or {@code JWT}.
     * IMPORTANT: {@code JWT} gives up RFC 9068's header-level separation from ID tokens at resource servers.
     */
    public Builder accessTokenTyp(String typ) {
      accessTokenTyp = typ;
      return this;
    }

    /** The client's logo ({@code logo_uri}), an https URL; never fetched by the provider. */
    public Builder logoUri(URI uri) {
      logoUri = uri;
      return this;
    }

    /** The subject of the user who manages the client through the admin API ({@code sso:apps}). */
    public Builder owner(String subject) {
      owner = subject;
      return this;
    }

    public ClientOptions build() {
      return new ClientOptions(allowedResources, introspectAllTokens, requirePkce, jwks, requestObjectSigningAlg,
          backchannelLogoutUri, backchannelLogoutSessionRequired, frontchannelLogoutUri,
          frontchannelLogoutSessionRequired, allowUnprotectedCodeFlow, accessTokenTyp, logoUri, owner);
    }
  }
}
