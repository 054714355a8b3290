package dev.ssokit.internal.grant;

import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import dev.ssokit.internal.dpop.DPoPProofCheck;
import dev.ssokit.internal.http.OAuthException;
import dev.ssokit.spi.Client;

/** One grant type of the token endpoint (RFC 6749 §4). */
public interface GrantHandler {

  /** The {@code grant_type} value this handler serves. */
  String grantType();

  /** Answers a token request of an authenticated {@code client}; throws {@code OAuthException} on error. */
  HTTPResponse handle(Client client, TokenRequest request);

  /**
   * Answers a token request whose access token is to be bound to the DPoP key of thumbprint
   * {@code jkt} (RFC 9449 §5), or a bearer one when {@code jkt} is {@code null}. A grant that does not
   * override this refuses DPoP, so no bound request silently gets a bearer token.
   */
  default HTTPResponse handle(Client client, TokenRequest request, String jkt) {
    if (jkt != null) {
      throw new OAuthException(new ErrorObject(DPoPProofCheck.INVALID_DPOP_PROOF, null, 400),
          "DPoP-bound tokens are not issued for " + grantType());
    }
    return handle(client, request);
  }
}
