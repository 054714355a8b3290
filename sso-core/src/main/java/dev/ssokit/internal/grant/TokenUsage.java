package dev.ssokit.internal.grant;

/**
 * What the token endpoint tells about its use, for application statistics.
 *
 * <p>IMPORTANT: called on the token path: implementations count in memory and return at once (no
 * I/O); they receive ids only, never a secret or token.
 */
public interface TokenUsage {
  /** Tells nothing to anyone. */
  TokenUsage NONE = new TokenUsage() {
    @Override
    public void tokenIssued(String clientId, String grantType) {}

    @Override
    public void userSeen(String clientId, String subject) {}

    @Override
    public void clientAuthenticationFailed(String clientId) {}
  };

  /** The token endpoint answered {@code clientId}'s {@code grantType} request with tokens. */
  void tokenIssued(String clientId, String grantType);

  /** An access token for user {@code subject} was issued to {@code clientId}. */
  void userSeen(String clientId, String subject);

  /** A request claiming to be {@code clientId} failed client authentication. */
  void clientAuthenticationFailed(String clientId);
}
