package dev.ssokit.internal.grant;

import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.spi.Client;

/** One grant type of the token endpoint (RFC 6749 §4). */
public interface GrantHandler {

  /** The {@code grant_type} value this handler serves. */
  String grantType();

  /** Answers a token request of an authenticated {@code client}; throws {@code OAuthException} on error. */
  HTTPResponse handle(Client client, TokenRequest request);
}
