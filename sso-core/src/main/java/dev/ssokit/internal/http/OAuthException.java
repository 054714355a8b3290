package dev.ssokit.internal.http;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;

/** Ends a request with an OAuth error JSON answer (RFC 6749 §5.2). */
public final class OAuthException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient ErrorObject error;
  private final boolean basicChallenge;

  public OAuthException(ErrorObject error, String description) {
    this(error.setDescription(description), false);
  }

  private OAuthException(ErrorObject error, boolean basicChallenge) {
    super(error.getCode() + ": " + error.getDescription(), null, false, false);
    this.error = error;
    this.basicChallenge = basicChallenge;
  }

  /** invalid_client (401), with a Basic challenge when the client tried HTTP Basic (RFC 6749 §5.2). */
  public static OAuthException invalidClient(String description, boolean basicChallenge) {
    return new OAuthException(OAuth2Error.INVALID_CLIENT.setDescription(description), basicChallenge);
  }

  public ErrorObject error() {
    return error;
  }

  public com.nimbusds.oauth2.sdk.http.HTTPResponse toResponse() {
    if (OAuth2Error.INVALID_CLIENT.getCode().equals(error.getCode())) {
      return Responses.invalidClient(error.getDescription(), basicChallenge);
    }
    return Responses.error(error);
  }
}
