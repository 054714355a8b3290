package dev.ssokit;

/**
 * What {@link SsoProvider#checkAccessToken} found for an access token presented to a resource: the
 * verified token, or the error a resource answers in its {@code WWW-Authenticate} challenge (RFC 6750
 * §3.1, RFC 9449 §7.1, §9), and the server-provided DPoP nonce to send in a {@code DPoP-Nonce} header.
 *
 * @param token     the verified token, or {@code null} when refused
 * @param error     {@code null} when {@code token} is set; else {@value #INVALID_TOKEN}, {@value #INVALID_DPOP_PROOF}
 *                  or {@value #USE_DPOP_NONCE}
 * @param dpopNonce the nonce for the client's next DPoP proof, or {@code null} when the provider requires none
 */
public record AccessTokenCheck(VerifiedAccessToken token, String error, String dpopNonce) {
  /** The token is unknown, expired, revoked or malformed (RFC 6750 §3.1), or bound differently than presented. */
  public static final String INVALID_TOKEN = "invalid_token";
  /** The DPoP proof is missing, invalid or not made with the key the token is bound to (RFC 9449 §7.1). */
  public static final String INVALID_DPOP_PROOF = "invalid_dpop_proof";
  /** The DPoP proof lacks a current server-provided nonce: retry with {@code dpopNonce} (RFC 9449 §9). */
  public static final String USE_DPOP_NONCE = "use_dpop_nonce";

  /**
   * A check's outcome.
   *
   * @param token     the verified token, or {@code null} when refused
   * @param error     {@code null} exactly when {@code token} is set
   * @param dpopNonce the nonce for the client's next DPoP proof, or {@code null}
   * @throws IllegalArgumentException when neither or both of {@code token} and {@code error} are given
   */
  public AccessTokenCheck {
    if ((token == null) == (error == null)) {
      throw new IllegalArgumentException("exactly one of token and error");
    }
  }

  /** {@return true when the token was accepted} */
  public boolean valid() {
    return token != null;
  }
}
