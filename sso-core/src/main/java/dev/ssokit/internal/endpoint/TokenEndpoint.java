package dev.ssokit.internal.endpoint;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.client.ClientAuthenticator;
import dev.ssokit.internal.dpop.DPoPProofCheck;
import dev.ssokit.internal.grant.GrantHandler;
import dev.ssokit.internal.grant.TokenUsage;
import dev.ssokit.internal.http.Cors;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.OAuthException;
import dev.ssokit.internal.http.Parameters;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.spi.Client;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /token} (RFC 6749 §3.2): authenticates the client and hands the request to the handler
 * of its grant type. Nothing else.
 */
public final class TokenEndpoint implements Endpoint {
  private final ClientAuthenticator authenticator;
  private final Map<String, GrantHandler> grants = new LinkedHashMap<>();
  private final int maxParameterLength;
  private final DPoPProofCheck dpop;
  private final URI url;
  private final TokenUsage usage;

  /**
   * @param dpop  checks DPoP proofs (RFC 9449) sent with token requests
   * @param url   this endpoint's URL, the {@code htu} of proofs
   * @param usage told of every token answer and failed client authentication (statistics; no I/O)
   */
  public TokenEndpoint(ClientAuthenticator authenticator, List<GrantHandler> handlers, int maxParameterLength,
                       DPoPProofCheck dpop, URI url, TokenUsage usage) {
    this.usage = usage;
    this.authenticator = authenticator;
    this.dpop = dpop;
    this.url = url;
    for (GrantHandler h : handlers) {
      grants.put(h.grantType(), h);
    }
    this.maxParameterLength = maxParameterLength;
  }

  @Override
  public Cors.Policy cors() {
    return Cors.Policy.CLIENT_ORIGINS;
  }

  @Override
  public HTTPResponse handle(HTTPRequest request) {
    if (!HTTPRequest.Method.POST.equals(request.getMethod())) {
      return Responses.methodNotAllowed("POST");
    }
    Parameters params = Parameters.of(request, maxParameterLength);
    String grantType = params.get("grant_type");
    if (grantType == null) {
      return Responses.error(OAuth2Error.INVALID_REQUEST, "grant_type is required");
    }
    GrantHandler handler = grants.get(grantType);
    if (handler == null) {
      return Responses.error(OAuth2Error.UNSUPPORTED_GRANT_TYPE, "unsupported grant_type");
    }
    TokenRequest tokenRequest;
    try {
      tokenRequest = TokenRequest.parse(request);
    } catch (ParseException e) {
      ErrorObject error = e.getErrorObject() != null ? e.getErrorObject() : OAuth2Error.INVALID_REQUEST;
      if (OAuth2Error.INVALID_CLIENT.getCode().equals(error.getCode())) {
        throw OAuthException.invalidClient(e.getMessage(), false);
      }
      return Responses.error(error.setDescription(e.getMessage()));
    }
    Client client;
    try {
      client = authenticator.authenticate(tokenRequest.getClientAuthentication(), tokenRequest.getClientID());
    } catch (OAuthException e) {
      usage.clientAuthenticationFailed(tokenRequest.getClientAuthentication() != null
          ? tokenRequest.getClientAuthentication().getClientID().getValue()
          : tokenRequest.getClientID() == null ? null : tokenRequest.getClientID().getValue());
      throw e;
    }
    HTTPResponse response;
    if (!client.grantTypes().contains(grantType)) {
      response = Responses.error(OAuth2Error.UNAUTHORIZED_CLIENT, "the client is not registered for " + grantType);
    } else {
      try {
        response = handler.handle(client, tokenRequest, proofOfPossession(request, client));
      } catch (OAuthException e) {
        response = e.toResponse();
      }
    }
    if (response.indicatesSuccess()) {
      usage.tokenIssued(client.clientId(), grantType);
    }
    String nonce = dpop.nonce();
    if (nonce != null && request.getHeaderValue("DPoP") != null) {
      // RFC 9449 §8: the nonce for the client's next proof, with use_dpop_nonce and with any other answer
      response.setHeader(DPoPProofCheck.NONCE_HEADER, nonce);
    }
    // A browser-based client reads the answer, errors included, from its own origin only.
    return Cors.allowClientOrigin(request, response, client);
  }

  /**
   * RFC 9449 §5: the thumbprint of the key of a valid DPoP proof (one {@code DPoP} header, for POST to
   * this endpoint), or {@code null} without one; a client registered with {@code dpop_bound_access_tokens}
   * must send one.
   */
  private String proofOfPossession(HTTPRequest request, Client client) {
    String jkt = dpop.verifyRequest(request, url);
    if (jkt == null && client.options().dpopBoundAccessTokens()) {
      throw new OAuthException(INVALID_DPOP_PROOF, "the client must send a DPoP proof");
    }
    return jkt;
  }

  private static final ErrorObject INVALID_DPOP_PROOF = new ErrorObject(DPoPProofCheck.INVALID_DPOP_PROOF,
      "invalid DPoP proof", 400);
}
