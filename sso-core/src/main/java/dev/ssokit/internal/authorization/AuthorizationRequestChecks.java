package dev.ssokit.internal.authorization;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.OIDCClaimsRequest;
import com.nimbusds.openid.connect.sdk.OIDCError;
import com.nimbusds.openid.connect.sdk.OIDCScopeValue;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.claims.ClaimRequirement;
import com.nimbusds.openid.connect.sdk.claims.ClaimsSetRequest;
import dev.ssokit.internal.client.RedirectUris;
import dev.ssokit.internal.dpop.DPoPProofCheck;
import dev.ssokit.internal.http.OAuthException;
import dev.ssokit.internal.http.Parameters;
import dev.ssokit.internal.interaction.AuthorizationContext;
import dev.ssokit.internal.subject.SubjectIdentifiers;
import dev.ssokit.internal.token.SigningKeys;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientStore;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The checks of an authorization request (RFC 6749 §4.1.1, OIDC Core §3.1.2, RFC 9101), as one
 * ordered list of small named steps, like node-oidc-provider's {@code actions/authorization}: one
 * glance shows which rule applies and in what order. {@code /authorize} runs {@link #run}, {@code /par}
 * {@link #push}, the device authorization endpoint {@link #runDevice}: the same steps, three lists.
 *
 * <p>IMPORTANT: until the client and its redirect URI are known good, an error is shown as a page
 * and never redirected (RFC 6749 §4.1.2.1). An error of the request object itself is redirected
 * only to the redirect URI of the outer request, and only when that one is registered.
 */
public final class AuthorizationRequestChecks {
  /** Length of an S256 code challenge: base64url of 32 bytes (RFC 7636 §4.2). */
  static final int S256_CHALLENGE_LENGTH = 43;
  /** Request URIs of pushed authorization requests (RFC 9126 §2.2), the only kind SSO Kit will accept. */
  static final String PAR_REQUEST_URI_PREFIX = "urn:ietf:params:oauth:request_uri:";
  /** {@code request_object_signing_alg_values_supported}: the signatures accepted, and {@code none} for unsigned. */
  public static final List<String> REQUEST_OBJECT_SIGNING_ALGORITHMS = Stream.concat(
      RequestObject.SIGNING_ALGORITHMS.stream(), Stream.of("none")).toList();

  private final ClientStore clients;
  private final SigningKeys keys;
  private final String issuer;
  private final Clock clock;
  private final PushedRequests pushed;
  private final boolean requirePushedRequests;
  private final SubjectIdentifiers subjects;

  /**
   * The checks of an authorization request once its client is known and its {@code request_uri}
   * handled, in order; each may rely on what the ones before it established. {@code /authorize} and
   * {@code /par} run the same list, so the two cannot drift apart.
   */
  private final List<Consumer<Request>> requestChecks = List.of(
      this::checkRequestObject,
      this::checkRedirectUri,
      this::checkResponseMode,
      this::checkResponseType,
      this::checkScope,
      this::checkResource,
      this::checkPkce,
      this::checkDPoPJkt,
      this::checkPrompt,
      this::checkMaxAge,
      this::checkClaims,
      this::checkAcrValues,
      this::checkIdTokenHint);

  /** The order of the checks at {@code /authorize}: the client named, a pushed request taken, then the request's. */
  private final List<Consumer<Request>> authorize = then(List.of(this::checkClient, this::checkRequestUri),
      requestChecks);

  /**
   * The checks of a device authorization request (RFC 8628 §3.1) that apply to it, in the same order:
   * no redirect URI, no response type, no PKCE; the client is authenticated before.
   */
  private final List<Consumer<Request>> device = List.of(
      this::checkDeviceGrant,
      this::checkScope,
      this::checkAcrValues);

  /**
   * The order of the checks at {@code /par} (RFC 9126 §2.1): those of {@code /authorize}, except that
   * the client is the authenticated one and a pushed request cannot itself name a {@code request_uri}.
   */
  private final List<Consumer<Request>> par = then(List.of(this::checkPushedClient, this::checkNoRequestUri),
      requestChecks);

  private static List<Consumer<Request>> then(List<Consumer<Request>> first, List<Consumer<Request>> rest) {
    return java.util.stream.Stream.concat(first.stream(), rest.stream()).toList();
  }

  public AuthorizationRequestChecks(ClientStore clients, SigningKeys keys, String issuer, Clock clock,
                                    PushedRequests pushed, boolean requirePushedRequests, SubjectIdentifiers subjects) {
    this.subjects = subjects;
    this.clients = clients;
    this.keys = keys;
    this.issuer = issuer;
    this.clock = clock;
    this.pushed = pushed;
    this.requirePushedRequests = requirePushedRequests;
  }

  /** The outcome of the checks: a valid request, an error for the client, or an error page. */
  public sealed interface Outcome permits Valid, Refused, ErrorPage {}

  /** Every check passed. */
  public record Valid(AuthorizationContext request) implements Outcome {}

  /** A check failed after the redirect URI was trusted: answer {@code error} to it (RFC 6749 §4.1.2.1). */
  public record Refused(AuthorizationContext request, ErrorObject error) implements Outcome {}

  /**
   * A check failed before a redirect URI could be trusted: show a page, never redirect. {@code title}
   * and {@code text} name the page's messages ({@code error.title.*}, {@code error.text.*}); {@code detail}
   * fills the text's {@code {detail}}, or is {@code null}.
   */
  public record ErrorPage(String title, String text, String detail) implements Outcome {}

  /** Runs the {@code /authorize} checks in order; the first failure decides the outcome. */
  public Outcome run(Parameters params) {
    return run(authorize, new Request(params, null));
  }

  /**
   * Runs the {@code /par} checks for a request pushed by the authenticated {@code client}; its
   * parameters ({@code params} without the client's credentials) are what {@code /authorize} will use.
   * {@code proofJkt} is the key thumbprint of the request's valid DPoP proof, or {@code null}: a
   * {@code dpop_jkt} of the request must name that key (RFC 9449 §10.1).
   */
  public Outcome push(Parameters params, Client client, String proofJkt) {
    Request r = new Request(params, client);
    r.proofJkt = proofJkt;
    return run(par, r);
  }

  private Outcome run(List<Consumer<Request>> checks, Request r) {
    try {
      for (Consumer<Request> check : checks) {
        check.accept(r);
      }
      return new Valid(r.context());
    } catch (Rejected e) {
      if (e.error == null) {
        return new ErrorPage(e.title, e.getMessage(), null);
      }
      AuthorizationContext target = r.redirectUri != null ? r.context() : r.outerTarget();
      if (target == null) {
        return new ErrorPage("invalid_request", "authorize_invalid", e.error.getDescription());
      }
      return new Refused(target, e.error);
    }
  }

  /**
   * Runs the device authorization checks for the authenticated {@code client}; returns the granted
   * scopes, or throws {@link OAuthException} with the error of the first failed check.
   */
  public Set<String> runDevice(Client client, Parameters params) {
    Request r = new Request(params, client);
    r.client = client;
    try {
      for (Consumer<Request> check : device) {
        check.accept(r);
      }
      return r.scopes;
    } catch (Rejected e) {
      throw new OAuthException(e.error == null ? OAuth2Error.INVALID_REQUEST : e.error, e.getMessage());
    }
  }

  // --- the checks, in the order above ------------------------------------------------------------

  private void checkClient(Request r) {
    String clientId = r.outer.get("client_id");
    if (clientId == null) {
      throw Rejected.page("invalid_request", "no_client_id");
    }
    r.client = clients.find(clientId).orElseThrow(() -> Rejected.page("unknown_application", "unknown_client"));
  }

  /** RFC 9126 §2.1: the client of a pushed request is the authenticated one; a client_id must name it. */
  private void checkPushedClient(Request r) {
    String clientId = r.outer.get("client_id");
    if (clientId != null && !clientId.equals(r.authenticated.clientId())) {
      throw Rejected.page("invalid_request", "par_client_mismatch");
    }
    r.client = r.authenticated;
  }

  /** RFC 9126 §2.1: a pushed request carries its parameters, never a request_uri. */
  private void checkNoRequestUri(Request r) {
    if (r.outer.get("request_uri") != null) {
      throw Rejected.page("invalid_request", "par_request_uri_pushed");
    }
  }

  /**
   * RFC 9126 §4: a pushed request's URI, taken once, for the client that pushed it; its parameters
   * replace any others. RFC 9101 §5.2: no other request_uri, no remote URL is ever fetched. §5 /
   * require_pushed_authorization_requests: without one, the client's request is refused. A pushed
   * request's failure is a page: the redirect URI is not known good yet.
   */
  private void checkRequestUri(Request r) {
    String requestUri = r.outer.get("request_uri");
    if (requestUri == null) {
      if (requirePushedRequests || r.client.options().requirePushedAuthorizationRequests()) {
        throw Rejected.page("invalid_request", "par_required");
      }
      return;
    }
    if (!requestUri.startsWith(PAR_REQUEST_URI_PREFIX)) {
      // answered to the outer request's registered redirect URI, if any (nothing was fetched)
      throw new Rejected(OAuth2Error.REQUEST_URI_NOT_SUPPORTED.setDescription(
          "only request URIs of pushed authorization requests (" + PAR_REQUEST_URI_PREFIX + ") are accepted"));
    }
    PushedRequests.Pushed p = pushed.take(requestUri).orElseThrow(() -> Rejected.page("invalid_request",
        "par_request_expired"));
    if (!p.clientId().equals(r.client.clientId())) {
      throw Rejected.page("invalid_request", "par_foreign");
    }
    r.params.clear();
    r.params.putAll(p.parameters());
  }

  /** OIDC Core §6.1, RFC 9101 §6.3: the request object's parameters replace those outside it. */
  private void checkRequestObject(Request r) {
    String value = r.get("request");
    if (value == null) {
      return;
    }
    Map<String, List<String>> inner = RequestObject.parameters(value, r.client, issuer, clock);
    r.params.remove("request");
    r.params.putAll(inner);
  }

  private void checkRedirectUri(Request r) {
    String given = r.get("redirect_uri");
    r.redirectUri = RedirectUris.match(r.client, given).orElseThrow(() -> Rejected.page("invalid_redirect_uri",
        "redirect_uri_not_registered"));
    r.redirectUriGiven = given != null;
    r.state = r.get("state");
    r.responseMode = "form_post".equals(r.get("response_mode")) ? ResponseMode.FORM_POST : ResponseMode.QUERY;
  }

  private void checkResponseMode(Request r) {
    String mode = r.get("response_mode");
    if (mode != null && !mode.equals("query") && !mode.equals("form_post")) {
      throw new Rejected(OAuth2Error.INVALID_REQUEST.setDescription("response_mode must be query or form_post"));
    }
  }

  /** Parses the request with Nimbus (as an OpenID request when scope has openid) and checks response_type. */
  private void checkResponseType(Request r) {
    String scope = r.get("scope");
    boolean openid = scope != null && Scope.parse(scope).contains(OIDCScopeValue.OPENID);
    try {
      if (openid) {
        // OIDC requests name redirect_uri; SSO Kit lets a client with one registered URI leave it out.
        Map<String, List<String>> withRedirect = new LinkedHashMap<>(r.params);
        withRedirect.put("redirect_uri", List.of(r.redirectUri.toString()));
        r.parsed = AuthenticationRequest.parse(withRedirect);
      } else {
        r.parsed = AuthorizationRequest.parse(r.params);
      }
    } catch (ParseException e) {
      ErrorObject error = e.getErrorObject() != null ? e.getErrorObject() : OAuth2Error.INVALID_REQUEST;
      throw new Rejected(error.setDescription(e.getMessage()));
    }
    if (!ResponseType.CODE.equals(r.parsed.getResponseType())) {
      throw new Rejected(OAuth2Error.UNSUPPORTED_RESPONSE_TYPE.setDescription("only response_type=code is supported"));
    }
    if (!r.client.grantTypes().contains("authorization_code")) {
      throw new Rejected(OAuth2Error.UNAUTHORIZED_CLIENT.setDescription(
          "the client is not registered for the authorization_code grant"));
    }
  }

  /** RFC 8628 §3.1: only a client registered for the device grant may start one. */
  private void checkDeviceGrant(Request r) {
    if (!r.client.grantTypes().contains(GrantType.DEVICE_CODE.getValue())) {
      throw new Rejected(OAuth2Error.UNAUTHORIZED_CLIENT.setDescription(
          "the client is not registered for the device_code grant"));
    }
  }

  private void checkScope(Request r) {
    Scope requested = Scope.parse(r.get("scope"));
    if (requested == null || requested.isEmpty()) {
      throw new Rejected(OAuth2Error.INVALID_SCOPE.setDescription("scope is required"));
    }
    r.scopes = new LinkedHashSet<>(requested.toStringList());
    for (String scope : r.scopes) {
      if (!r.client.scopes().contains(scope)) {
        throw new Rejected(OAuth2Error.INVALID_SCOPE.setDescription("scope not allowed for this client: " + scope));
      }
    }
  }

  /**
   * RFC 8707 §2: a {@code resource} at the authorization request is an absolute URI without fragment
   * that the client registered ({@code allowed_resources}); anything else is {@code invalid_target},
   * before the user is asked anything. The values travel with the authorization code: the token request
   * may name some of them (its token's {@code aud}), never another one.
   */
  private void checkResource(Request r) {
    List<URI> resources = r.parsed.getResources();
    if (resources == null) {
      return;
    }
    for (URI resource : resources) {
      if (!resource.isAbsolute() || resource.getRawFragment() != null
          || !r.client.options().allowedResources().contains(resource)) {
        throw new Rejected(new ErrorObject("invalid_target", "resource not allowed for this client", 400)
            .setDescription("resource not allowed for this client: " + resource));
      }
    }
    r.resources = resources.stream().map(URI::toString).distinct().toList();
  }

  /**
   * RFC 9700 §2.1.1 / OAuth 2.1 §7.5.1: public clients and clients registered with
   * {@code require_pkce} use PKCE; a confidential client may instead send an OpenID request with a
   * {@code nonce}. Only S256 (Nimbus would default to plain).
   */
  private void checkPkce(Request r) {
    r.nonce = r.get("nonce");
    if (r.parsed.getCodeChallenge() == null) {
      if (r.client.isPublic() || r.client.options().requirePkce()) {
        throw new Rejected(OAuth2Error.INVALID_REQUEST.setDescription("code_challenge is required (PKCE with S256)"));
      }
      // RFC 9700 §2.1.1: an OpenID nonce protects a confidential client against code injection too; a client
      // registered with allow_unprotected_code_flow takes that protection on itself
      if ((!r.scopes.contains("openid") || r.nonce == null) && !r.client.options().allowUnprotectedCodeFlow()) {
        throw new Rejected(OAuth2Error.INVALID_REQUEST.setDescription(
            "code_challenge is required (PKCE with S256), or an OpenID request with a nonce"));
      }
      return;
    }
    if (!CodeChallengeMethod.S256.equals(r.parsed.getCodeChallengeMethod())) {
      throw new Rejected(OAuth2Error.INVALID_REQUEST.setDescription("code_challenge_method must be S256"));
    }
    String challenge = r.parsed.getCodeChallenge().getValue();
    if (challenge.length() != S256_CHALLENGE_LENGTH || !challenge.matches("[A-Za-z0-9_-]+")) {
      throw new Rejected(OAuth2Error.INVALID_REQUEST.setDescription("code_challenge is not a S256 challenge"));
    }
    r.challenge = challenge;
  }

  /**
   * RFC 9449 §10: {@code dpop_jkt} binds the code to a DPoP key: the thumbprint (RFC 7638, SHA-256) the
   * token request's proof must be made with. §10.1: at {@code /par}, a request with a DPoP proof is bound to
   * the proof's key, and a {@code dpop_jkt} naming another key is refused.
   */
  private void checkDPoPJkt(Request r) {
    String jkt = r.get("dpop_jkt");
    if (jkt != null && !jkt.matches("[A-Za-z0-9_-]{43}")) {
      throw new Rejected(OAuth2Error.INVALID_REQUEST.setDescription(
          "dpop_jkt must be a base64url SHA-256 JWK thumbprint"));
    }
    if (r.proofJkt != null) {
      if (jkt != null && !jkt.equals(r.proofJkt)) {
        throw new Rejected(new ErrorObject(DPoPProofCheck.INVALID_DPOP_PROOF, "invalid DPoP proof", 400)
            .setDescription("dpop_jkt does not name the key of the DPoP proof"));
      }
      jkt = r.proofJkt;
    }
    r.dpopJkt = jkt;
  }

  private void checkPrompt(Request r) {
    Prompt p = r.parsed.getPrompt();
    if (p == null) {
      return;
    }
    for (Prompt.Type t : p) {
      r.prompt.add(t.toString());
    }
    // OIDC Core §3.1.2.1: none with any other value is an error.
    if (r.prompt.contains("none") && r.prompt.size() > 1) {
      throw new Rejected(OAuth2Error.INVALID_REQUEST.setDescription("prompt=none cannot be combined"));
    }
  }

  private void checkMaxAge(Request r) {
    String value = r.get("max_age");
    if (value == null) {
      return;
    }
    try {
      r.maxAge = Long.parseLong(value);
    } catch (NumberFormatException e) {
      r.maxAge = -2;
    }
    if (r.maxAge < 0) {
      throw new Rejected(OAuth2Error.INVALID_REQUEST.setDescription("max_age must be a non-negative integer"));
    }
  }

  /**
   * OIDC Core §5.5: the requested claims travel with the request (Nimbus validated their syntax);
   * §5.5.1.1: an essential {@code acr} no supported value satisfies fails the authentication.
   */
  private void checkClaims(Request r) {
    if (!(r.parsed instanceof AuthenticationRequest oidc) || oidc.getOIDCClaims() == null) {
      return;
    }
    OIDCClaimsRequest claims = oidc.getOIDCClaims();
    ClaimsSetRequest idToken = claims.getIDTokenClaimsRequest();
    ClaimsSetRequest.Entry acr = idToken == null ? null : idToken.get("acr");
    if (acr != null && acr.getClaimRequirement() == ClaimRequirement.ESSENTIAL) {
      List<String> wanted = r.essentialAcr;
      if (acr.getValueAsString() != null) {
        wanted.add(acr.getValueAsString());
      }
      if (acr.getValuesAsListOfStrings() != null) {
        wanted.addAll(acr.getValuesAsListOfStrings());
      }
      if (!wanted.isEmpty() && wanted.stream().noneMatch(v -> achievable(r.client, v))) {
        throw new Rejected(OIDCError.UNMET_AUTHENTICATION_REQUIREMENTS.setDescription(
            "none of the essential acr values is supported"));
      }
    }
    r.claims = claims.toJSONString();
  }

  /**
   * OIDC Core §3.1.2.1 {@code acr_values}, with the client's {@code allowed_acr_values} (nothing else may be
   * asked for) and {@code default_acr_values} (the values of a request naming none, required: OIDC Dynamic
   * Registration §2 leaves their force to the provider).
   */
  private void checkAcrValues(Request r) {
    List<String> allowed = r.client.options().allowedAcrValues();
    String param = r.get("acr_values");
    List<String> requested = param == null ? List.of() : List.of(param.trim().split("\\s+"));
    for (String acr : requested) {
      if (!allowed.isEmpty() && !allowed.contains(acr)) {
        throw new Rejected(OAuth2Error.INVALID_REQUEST.setDescription("acr value not allowed for this client: " + acr));
      }
    }
    List<String> defaults = r.client.options().defaultAcrValues();
    if (param == null && !defaults.isEmpty() && defaults.stream().noneMatch(v -> achievable(r.client, v))) {
      throw new Rejected(OIDCError.UNMET_AUTHENTICATION_REQUIREMENTS.setDescription(
          "none of the client's default acr values can be met"));
    }
    if (!allowed.isEmpty() && allowed.stream().noneMatch(v -> achievable(r.client, v))) {
      throw new Rejected(OIDCError.UNMET_AUTHENTICATION_REQUIREMENTS.setDescription(
          "none of the client's allowed acr values can be met"));
    }
    // The values the login must reach (OIDC Core §5.5.1.1 essential acr, else §3.1.2.1 acr_values, else the
    // client's defaults, else the only ones it allows); values SSO Kit does not define cannot be produced, so they
    // do not constrain the login.
    List<String> acceptable = !r.essentialAcr.isEmpty() ? r.essentialAcr : param != null ? requested
        : !defaults.isEmpty() ? defaults : allowed;
    r.acrValues = acceptable.stream().filter(v -> achievable(r.client, v)).distinct().toList();
  }

  /** True when a login here can be made to produce {@code acr} and the client accepts it. */
  private static boolean achievable(Client client, String acr) {
    List<String> allowed = client.options().allowedAcrValues();
    return AuthenticationContextClass.REQUIRABLE.contains(acr) && (allowed.isEmpty() || allowed.contains(acr));
  }

  /**
   * OIDC Core §3.1.2.1: {@code id_token_hint} is an ID token this provider issued (signature and
   * issuer checked; an expired one is still a hint); its subject must be the signed-in user.
   */
  private void checkIdTokenHint(Request r) {
    if (!(r.parsed instanceof AuthenticationRequest oidc) || oidc.getIDTokenHint() == null) {
      return;
    }
    JWT hint = oidc.getIDTokenHint();
    try {
      if (!(hint instanceof SignedJWT signed) || !keys.verify(signed)
          || !issuer.equals(signed.getJWTClaimsSet().getIssuer()) || signed.getJWTClaimsSet().getSubject() == null) {
        throw new Rejected(OAuth2Error.INVALID_REQUEST.setDescription(
            "id_token_hint is not an ID token issued by this provider"));
      }
      // OIDC Core §8: the hint of a pairwise client carries its pairwise sub: compared as the local subject
      r.idTokenHintSubject = subjects.local(signed.getJWTClaimsSet().getSubject());
    } catch (java.text.ParseException e) {
      throw new Rejected(OAuth2Error.INVALID_REQUEST.setDescription("id_token_hint has no readable claims"));
    }
  }

  // --- the request under validation ----------------------------------------------------------------

  /** What the checks have established so far. */
  private static final class Request {
    final Parameters outer;
    final Map<String, List<String>> params;
    /** The client authenticated at {@code /par}; {@code null} at {@code /authorize}. */
    final Client authenticated;
    Client client;
    URI redirectUri;
    boolean redirectUriGiven;
    String state;
    ResponseMode responseMode = ResponseMode.QUERY;
    AuthorizationRequest parsed;
    Set<String> scopes = Set.of();
    String nonce;
    String challenge;
    final Set<String> prompt = new LinkedHashSet<>();
    long maxAge = -1;
    String claims;
    String idTokenHintSubject;
    /** The key of the {@code /par} request's DPoP proof, or {@code null}. */
    String proofJkt;
    String dpopJkt;
    List<String> resources = List.of();
    /** The values of an essential {@code acr} claim (OIDC Core §5.5.1.1). */
    final List<String> essentialAcr = new ArrayList<>();
    /** The acr values one of which the login must reach; empty: any. */
    List<String> acrValues = List.of();

    Request(Parameters outer, Client authenticated) {
      this.outer = outer;
      this.authenticated = authenticated;
      this.params = new LinkedHashMap<>(outer.asMap());
    }

    /** The single value of {@code name} in the effective parameters, or {@code null} when absent or empty. */
    String get(String name) {
      List<String> v = params.get(name);
      return v == null || v.isEmpty() || v.get(0) == null || v.get(0).isEmpty() ? null : v.get(0);
    }

    AuthorizationContext context() {
      return new AuthorizationContext(client.clientId(), redirectUri, redirectUriGiven, state, responseMode, scopes,
          nonce, challenge, prompt, maxAge, get("login_hint"), claims, idTokenHintSubject, get("ui_locales"), dpopJkt,
          resources, acrValues);
    }

    /** Where an error of the request object goes: the outer request's redirect URI, if it is registered. */
    AuthorizationContext outerTarget() {
      if (client == null) {
        return null;
      }
      URI uri = RedirectUris.match(client, outer.get("redirect_uri")).orElse(null);
      if (uri == null) {
        return null;
      }
      ResponseMode mode = "form_post".equals(outer.get("response_mode")) ? ResponseMode.FORM_POST : ResponseMode.QUERY;
      return new AuthorizationContext(client.clientId(), uri, outer.get("redirect_uri") != null, outer.get("state"),
          mode, Set.of(), null, null, Set.of(), -1, null);
    }
  }

  /** A failed check: an OAuth error for the client, or (before the redirect URI is trusted) a page. */
  static final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ErrorObject error;
    private final String title;

    Rejected(ErrorObject error) {
      super(error.getDescription(), null, false, false);
      this.error = error;
      this.title = null;
    }

    private Rejected(String title, String message) {
      super(message, null, false, false);
      this.error = null;
      this.title = title;
    }

    /** A page with the messages {@code error.title.<title>} and {@code error.text.<text>}. */
    static Rejected page(String title, String text) {
      return new Rejected(title, text);
    }
  }
}
