package dev.ssokit.internal.endpoint;

import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.OIDCError;
import com.nimbusds.openid.connect.sdk.Prompt;
import dev.ssokit.internal.client.RedirectUris;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.Parameters;
import dev.ssokit.internal.interaction.AuthorizationContext;
import dev.ssokit.internal.interaction.AuthorizationFlow;
import dev.ssokit.internal.page.PageRenderer;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientStore;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code /authorize}: RFC 6749 §4.1.1 and OIDC Core §3.1.2 with OAuth 2.1 rules: only
 * {@code response_type=code}, PKCE with S256 required, exact redirect URI match.
 *
 * <p>IMPORTANT: until client and redirect URI are known good, errors are shown as a page and never
 * redirected (RFC 6749 §4.1.2.1).
 */
public final class AuthorizationEndpoint implements Endpoint {
  /** Length of an S256 code challenge: base64url of 32 bytes (RFC 7636 §4.2). */
  static final int S256_CHALLENGE_LENGTH = 43;

  private final ClientStore clients;
  private final AuthorizationFlow flow;
  private final PageRenderer pages;
  private final int maxParameterLength;

  public AuthorizationEndpoint(ClientStore clients, AuthorizationFlow flow, PageRenderer pages, int maxParameterLength) {
    this.clients = clients;
    this.flow = flow;
    this.pages = pages;
    this.maxParameterLength = maxParameterLength;
  }

  @Override
  public boolean browserFacing() {
    return true;
  }

  @Override
  public HTTPResponse handle(HTTPRequest request) {
    if (!HTTPRequest.Method.GET.equals(request.getMethod()) && !HTTPRequest.Method.POST.equals(request.getMethod())) {
      return pages.error(405, "Method not allowed", "The authorization endpoint accepts GET and POST only.");
    }
    Parameters params;
    try {
      params = Parameters.of(request, maxParameterLength);
    } catch (Parameters.BadRequest e) {
      return pages.error(400, "Invalid request", "The sign-in request is malformed: " + e.getMessage() + ".");
    }
    String clientId = params.get("client_id");
    if (clientId == null) {
      return pages.error(400, "Invalid request", "The sign-in request names no client (client_id is missing).");
    }
    Client client = clients.find(clientId).orElse(null);
    if (client == null) {
      return pages.error(400, "Unknown application", "The application that sent you here is not registered.");
    }
    URI redirectUri = RedirectUris.match(client, params.get("redirect_uri")).orElse(null);
    if (redirectUri == null) {
      return pages.error(400, "Invalid redirect URI",
          "The redirect_uri of this sign-in request is not registered for the application, so you were not sent back.");
    }
    String state = params.get("state");
    String mode = params.get("response_mode");
    ResponseMode responseMode = "form_post".equals(mode) ? ResponseMode.FORM_POST : ResponseMode.QUERY;
    AuthorizationContext early = new AuthorizationContext(clientId, redirectUri, params.get("redirect_uri") != null,
        state, responseMode, Set.of(), null, null, Set.of(), -1, null);
    if (mode != null && !mode.equals("query") && !mode.equals("form_post")) {
      return flow.error(early, OAuth2Error.INVALID_REQUEST.setDescription("response_mode must be query or form_post"));
    }
    try {
      return flow.start(validate(params, client, early), request);
    } catch (Rejected r) {
      return flow.error(early, r.error);
    }
  }

  private AuthorizationContext validate(Parameters params, Client client, AuthorizationContext early) {
    if (params.get("request") != null) {
      throw new Rejected(OAuth2Error.REQUEST_NOT_SUPPORTED.setDescription("request objects are not supported"));
    }
    if (params.get("request_uri") != null) {
      throw new Rejected(OAuth2Error.REQUEST_URI_NOT_SUPPORTED.setDescription("request_uri is not supported"));
    }
    AuthorizationRequest parsed;
    try {
      parsed = AuthorizationRequest.parse(params.asMap());
    } catch (ParseException e) {
      ErrorObject error = e.getErrorObject() != null ? e.getErrorObject() : OAuth2Error.INVALID_REQUEST;
      throw new Rejected(error.setDescription(e.getMessage()));
    }
    if (!ResponseType.CODE.equals(parsed.getResponseType())) {
      throw new Rejected(OAuth2Error.UNSUPPORTED_RESPONSE_TYPE.setDescription("only response_type=code is supported"));
    }
    if (!client.grantTypes().contains("authorization_code")) {
      throw new Rejected(OAuth2Error.UNAUTHORIZED_CLIENT.setDescription(
          "the client is not registered for the authorization_code grant"));
    }
    // OAuth 2.1 §4.1.1 / RFC 9700 §2.1.1: PKCE required, and only S256 (Nimbus would default to plain).
    if (parsed.getCodeChallenge() == null) {
      throw new Rejected(OAuth2Error.INVALID_REQUEST.setDescription("code_challenge is required (PKCE with S256)"));
    }
    if (!CodeChallengeMethod.S256.equals(parsed.getCodeChallengeMethod())) {
      throw new Rejected(OAuth2Error.INVALID_REQUEST.setDescription("code_challenge_method must be S256"));
    }
    String challenge = parsed.getCodeChallenge().getValue();
    if (challenge.length() != S256_CHALLENGE_LENGTH || !challenge.matches("[A-Za-z0-9_-]+")) {
      throw new Rejected(OAuth2Error.INVALID_REQUEST.setDescription("code_challenge is not a S256 challenge"));
    }
    if (parsed.getScope() == null || parsed.getScope().isEmpty()) {
      throw new Rejected(OAuth2Error.INVALID_SCOPE.setDescription("scope is required"));
    }
    Set<String> scopes = new LinkedHashSet<>(parsed.getScope().toStringList());
    for (String scope : scopes) {
      if (!client.scopes().contains(scope)) {
        throw new Rejected(OAuth2Error.INVALID_SCOPE.setDescription("scope not allowed for this client: " + scope));
      }
    }
    Set<String> prompt = new LinkedHashSet<>();
    Prompt p = parsed.getPrompt();
    if (p != null) {
      for (Prompt.Type t : p) {
        prompt.add(t.toString());
      }
      // OIDC Core §3.1.2.1: none with any other value is an error.
      if (prompt.contains("none") && prompt.size() > 1) {
        throw new Rejected(OAuth2Error.INVALID_REQUEST.setDescription("prompt=none cannot be combined"));
      }
    }
    long maxAge = -1;
    String maxAgeParam = params.get("max_age");
    if (maxAgeParam != null) {
      try {
        maxAge = Long.parseLong(maxAgeParam);
      } catch (NumberFormatException e) {
        maxAge = -2;
      }
      if (maxAge < 0) {
        throw new Rejected(OAuth2Error.INVALID_REQUEST.setDescription("max_age must be a non-negative integer"));
      }
    }
    return new AuthorizationContext(client.clientId(), early.redirectUri(), early.redirectUriGiven(), early.state(),
        early.responseMode(), scopes, params.get("nonce"), challenge, prompt, maxAge, params.get("login_hint"));
  }

  private static final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ErrorObject error;

    Rejected(ErrorObject error) {
      super(error.getCode(), null, false, false);
      this.error = error;
    }
  }
}
