package dev.ssokit.internal.interaction;

import com.nimbusds.oauth2.sdk.ResponseMode;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A validated authorization request (RFC 6749 §4.1.1, OIDC Core §3.1.2.1), kept while the user
 * logs in and consents.
 *
 * @param redirectUriGiven true when the request named {@code redirect_uri} (then the token request must repeat it)
 * @param maxAge           OIDC {@code max_age} in seconds, or -1
 * @param claims           the OIDC {@code claims} request (OIDC Core §5.5) as JSON, or {@code null}
 * @param idTokenHintSubject {@code sub} of a verified {@code id_token_hint} (OIDC Core §3.1.2.1), or {@code null}
 * @param uiLocales        OIDC {@code ui_locales} (OIDC Core §3.1.2.1): the languages of the pages, or {@code null}
 * @param dpopJkt          {@code dpop_jkt} (RFC 9449 §10): the thumbprint of the DPoP key the code is bound to, or
 *                         {@code null}
 * @param resources        RFC 8707 {@code resource} values of the request (checked against the client's
 *                         {@code allowed_resources}); the token request may narrow them, never widen them
 * @param acrValues        the {@code acr} values one of which the login must reach (the essential {@code acr} claim's,
 *                         else {@code acr_values}, else the client's {@code default_acr_values}, limited to the values
 *                         SSO Kit defines); empty when any login will do
 */
public record AuthorizationContext(
    String clientId,
    URI redirectUri,
    boolean redirectUriGiven,
    String state,
    ResponseMode responseMode,
    Set<String> scopes,
    String nonce,
    String codeChallenge,
    Set<String> prompt,
    long maxAge,
    String loginHint,
    String claims,
    String idTokenHintSubject,
    String uiLocales,
    String dpopJkt,
    List<String> resources,
    List<String> acrValues) {

  public AuthorizationContext {
    scopes = Set.copyOf(scopes);
    prompt = Set.copyOf(prompt);
    resources = resources == null ? List.of() : List.copyOf(resources);
    acrValues = acrValues == null ? List.of() : List.copyOf(acrValues);
  }

  /** A request without {@code claims}, {@code id_token_hint}, {@code ui_locales} and {@code acr} values. */
  public AuthorizationContext(String clientId, URI redirectUri, boolean redirectUriGiven, String state,
                              ResponseMode responseMode, Set<String> scopes, String nonce, String codeChallenge,
                              Set<String> prompt, long maxAge, String loginHint) {
    this(clientId, redirectUri, redirectUriGiven, state, responseMode, scopes, nonce, codeChallenge, prompt, maxAge,
        loginHint, null, null, null, null, List.of(), List.of());
  }

  public boolean openid() {
    return scopes.contains("openid");
  }

  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("client_id", clientId);
    m.put("redirect_uri", redirectUri.toString());
    m.put("redirect_uri_given", redirectUriGiven);
    m.put("state", state);
    m.put("response_mode", responseMode.getValue());
    m.put("scope", List.copyOf(scopes));
    m.put("nonce", nonce);
    m.put("code_challenge", codeChallenge);
    m.put("prompt", List.copyOf(prompt));
    m.put("max_age", maxAge);
    m.put("login_hint", loginHint);
    m.put("claims", claims);
    m.put("id_token_hint_sub", idTokenHintSubject);
    m.put("ui_locales", uiLocales);
    m.put("dpop_jkt", dpopJkt);
    m.put("resource", resources);
    m.put("acr_values", acrValues);
    return m;
  }

  static AuthorizationContext fromJson(CacheJson j) {
    return new AuthorizationContext(j.string("client_id"), URI.create(j.string("redirect_uri")),
        j.bool("redirect_uri_given"), j.string("state"), new ResponseMode(j.string("response_mode")),
        j.stringSet("scope"), j.string("nonce"), j.string("code_challenge"), j.stringSet("prompt"),
        j.number("max_age", -1), j.string("login_hint"), j.string("claims"), j.string("id_token_hint_sub"),
        j.string("ui_locales"), j.string("dpop_jkt"), j.strings("resource"),
        j.strings("acr_values"));
  }
}
