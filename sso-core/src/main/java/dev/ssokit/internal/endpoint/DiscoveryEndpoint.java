package dev.ssokit.internal.endpoint;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.SsoSettings;
import dev.ssokit.internal.http.Cors;
import dev.ssokit.internal.authorization.AuthenticationContextClass;
import dev.ssokit.internal.authorization.AuthorizationRequestChecks;
import dev.ssokit.internal.device.DeviceFlow;
import dev.ssokit.internal.registration.ClientRegistrationApi;
import dev.ssokit.internal.client.ClientAuthenticator;
import dev.ssokit.internal.dpop.DPoPProofCheck;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.http.StaticDocument;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /.well-known/openid-configuration} (OIDC Discovery 1.0 §4) and
 * {@code /.well-known/oauth-authorization-server} (RFC 8414): one document, serialised once.
 */
public final class DiscoveryEndpoint implements Endpoint {
  private final StaticDocument document;

  /** @param uiLocales the languages of the built-in pages (OIDC Discovery 1.0 §3 {@code ui_locales_supported}) */
  public DiscoveryEndpoint(SsoSettings settings, List<Locale> uiLocales) {
    String iss = settings.issuer().toString();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("issuer", iss);
    m.put("authorization_endpoint", iss + "/authorize");
    m.put("token_endpoint", iss + "/token");
    m.put("userinfo_endpoint", iss + "/userinfo");
    m.put("jwks_uri", iss + "/jwks");
    m.put("introspection_endpoint", iss + "/introspect");
    m.put("revocation_endpoint", iss + "/revoke");
    m.put("end_session_endpoint", iss + "/logout");
    m.put("device_authorization_endpoint", iss + DeviceFlow.DEVICE_AUTHORIZATION_PATH);
    m.put("registration_endpoint", iss + ClientRegistrationApi.PATH);
    m.put("scopes_supported", List.of("openid", "profile", "email", "address", "phone", "offline_access"));
    m.put("response_types_supported", List.of("code"));
    m.put("response_modes_supported", List.of("query", "form_post"));
    m.put("grant_types_supported", List.of("authorization_code", "refresh_token", "client_credentials",
        GrantType.DEVICE_CODE.getValue(), GrantType.TOKEN_EXCHANGE.getValue()));
    // OIDC Core §8: pairwise identifiers once the operator set their salt
    m.put("subject_types_supported", settings.pairwiseSalt() == null ? List.of("public") : List.of("public", "pairwise"));
    m.put("id_token_signing_alg_values_supported", List.of(settings.signingAlgorithm()));
    // RFC 7523 §2.2: client_secret_jwt once secrets can be kept encrypted (keyEncryptionSecret)
    boolean macJwt = settings.keyEncryptionSecret() != null;
    List<String> jwtAlgs = macJwt ? java.util.stream.Stream.concat(ClientAuthenticator.ASSERTION_ALGORITHMS.stream(),
        ClientAuthenticator.MAC_ALGORITHMS.stream()).toList() : ClientAuthenticator.ASSERTION_ALGORITHMS;
    List<String> methods = macJwt ? List.of("client_secret_basic", "client_secret_post", "client_secret_jwt",
        "private_key_jwt") : List.of("client_secret_basic", "client_secret_post", "private_key_jwt");
    m.put("token_endpoint_auth_methods_supported", withNone(methods));
    m.put("token_endpoint_auth_signing_alg_values_supported", jwtAlgs);
    m.put("introspection_endpoint_auth_methods_supported", methods);
    m.put("introspection_endpoint_auth_signing_alg_values_supported", jwtAlgs);
    // RFC 9701 §7: JWT introspection answers, signed like the tokens
    m.put("introspection_signing_alg_values_supported", List.of(settings.signingAlgorithm()));
    m.put("revocation_endpoint_auth_methods_supported", withNone(methods));
    m.put("revocation_endpoint_auth_signing_alg_values_supported", jwtAlgs);
    m.put("code_challenge_methods_supported", List.of("S256"));
    m.put("prompt_values_supported", List.of("none", "login", "consent"));
    m.put("claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "sid",
        "name", "given_name", "family_name", "preferred_username", "email", "email_verified", "locale", "picture"));
    m.put("claims_parameter_supported", true);
    m.put("ui_locales_supported", uiLocales.stream().map(Locale::toLanguageTag).toList());
    m.put("acr_values_supported", AuthenticationContextClass.SUPPORTED);
    m.put("request_parameter_supported", true);
    m.put("request_object_signing_alg_values_supported", AuthorizationRequestChecks.REQUEST_OBJECT_SIGNING_ALGORITHMS);
    // RFC 9101 §10.1: no remote request URIs; pushed authorization requests will bring their own.
    m.put("request_uri_parameter_supported", false);
    m.put("authorization_response_iss_parameter_supported", true);
    // RFC 9126 §5
    m.put("pushed_authorization_request_endpoint", iss + "/par");
    // RFC 9449 §5.1
    m.put("dpop_signing_alg_values_supported", DPoPProofCheck.ALGORITHMS);
    m.put("require_pushed_authorization_requests", settings.requirePushedAuthorizationRequests());
    // OIDC Front-Channel Logout 1.0 §3 and Back-Channel Logout 1.0 §2.1: iss and sid are sent when asked for
    m.put("frontchannel_logout_supported", true);
    m.put("frontchannel_logout_session_supported", true);
    m.put("backchannel_logout_supported", true);
    m.put("backchannel_logout_session_supported", true);
    this.document = new StaticDocument(JSONObjectUtils.toJSONString(m), "application/json; charset=UTF-8",
        "public, max-age=3600");
  }

  private static List<String> withNone(List<String> methods) {
    return java.util.stream.Stream.concat(methods.stream(), java.util.stream.Stream.of("none")).toList();
  }

  @Override
  public Cors.Policy cors() {
    return Cors.Policy.ANY_ORIGIN;
  }

  @Override
  public HTTPResponse handle(HTTPRequest request) {
    if (!HTTPRequest.Method.GET.equals(request.getMethod())) {
      return Responses.methodNotAllowed("GET");
    }
    return document.answer(request);
  }
}
