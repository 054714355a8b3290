package dev.ssokit.internal.endpoint;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.PushedAuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.ssokit.internal.authorization.AuthorizationRequestChecks;
import dev.ssokit.internal.authorization.PushedRequests;
import dev.ssokit.internal.client.ClientAuthenticator;
import dev.ssokit.internal.dpop.DPoPProofCheck;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.OAuthException;
import dev.ssokit.internal.http.Parameters;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.spi.Client;
import dev.ssokit.internal.page.PageMessages;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /par} (RFC 9126): a client pushes its authorization request over an authenticated back
 * channel and receives a short-lived, single-use {@code request_uri} for {@code /authorize}. The
 * request runs the same {@link AuthorizationRequestChecks} as {@code /authorize}; an invalid one is
 * answered here, as JSON, and never reaches the browser.
 */
public final class ParEndpoint implements Endpoint {
  /** The client's credentials: checked here, never stored with the request. */
  private static final Set<String> CREDENTIALS = Set.of("client_secret", "client_assertion", "client_assertion_type");

  private final ClientAuthenticator authenticator;
  private final AuthorizationRequestChecks checks;
  private final PushedRequests pushed;
  private final int maxParameterLength;
  private final PageMessages messages;
  private final DPoPProofCheck dpop;
  private final URI url;

  /**
   * @param messages the page texts: a check's page-only refusal becomes the JSON error's English description
   * @param dpop     checks a DPoP proof sent with the request (RFC 9449 §10.1)
   * @param url      this endpoint's URL, the {@code htu} of proofs
   */
  public ParEndpoint(ClientAuthenticator authenticator, AuthorizationRequestChecks checks, PushedRequests pushed,
                     int maxParameterLength, PageMessages messages, DPoPProofCheck dpop, URI url) {
    this.messages = messages;
    this.dpop = dpop;
    this.url = url;
    this.authenticator = authenticator;
    this.checks = checks;
    this.pushed = pushed;
    this.maxParameterLength = maxParameterLength;
  }

  @Override
  public HTTPResponse handle(HTTPRequest request) {
    HTTPResponse r;
    try {
      r = answer(request);
    } catch (OAuthException e) {
      if (OAuth2Error.INVALID_CLIENT.getCode().equals(e.error().getCode())) {
        throw e;
      }
      r = e.toResponse();
    }
    String nonce = dpop.nonce();
    if (nonce != null && request.getHeaderValue("DPoP") != null) {
      // RFC 9449 §8: the nonce for the client's next proof
      r.setHeader(DPoPProofCheck.NONCE_HEADER, nonce);
    }
    return r;
  }

  private HTTPResponse answer(HTTPRequest request) {
    if (!HTTPRequest.Method.POST.equals(request.getMethod())) {
      return Responses.methodNotAllowed("POST");
    }
    Parameters params = Parameters.of(request, maxParameterLength);
    ClientAuthentication auth;
    try {
      auth = ClientAuthentication.parse(request);
    } catch (ParseException e) {
      throw OAuthException.invalidClient(e.getMessage(), false);
    }
    String clientId = params.get("client_id");
    Client client = authenticator.authenticate(auth, clientId == null ? null : new ClientID(clientId));
    // RFC 9449 §10.1: a pushed request with a DPoP proof binds its code to the proof's key
    String proofJkt = dpop.verifyRequest(request, url);
    AuthorizationRequestChecks.Outcome outcome = checks.push(params.without(CREDENTIALS), client, proofJkt);
    if (outcome instanceof AuthorizationRequestChecks.Refused refused) {
      return Responses.error(refused.error());
    }
    if (outcome instanceof AuthorizationRequestChecks.ErrorPage page) {
      return Responses.error(OAuth2Error.INVALID_REQUEST, messages.text(Locale.ENGLISH, "error.text." + page.text(),
          page.detail() == null ? Map.of() : Map.of("detail", page.detail())));
    }
    Map<String, List<String>> stored = new LinkedHashMap<>(params.without(CREDENTIALS).asMap());
    if (proofJkt != null) {
      stored.put("dpop_jkt", List.of(proofJkt));
    }
    String requestUri = pushed.push(client.clientId(), stored);
    HTTPResponse r = new PushedAuthorizationSuccessResponse(URI.create(requestUri),
        PushedRequests.LIFETIME.toSeconds()).toHTTPResponse();
    r.setHeader("Cache-Control", "no-store");
    return r;
  }
}
