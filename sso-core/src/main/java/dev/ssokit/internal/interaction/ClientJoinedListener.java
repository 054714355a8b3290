package dev.ssokit.internal.interaction;

/**
 * Told when a client gets its first code in a browser session, so the logout channels know whom
 * to notify when the session ends (OIDC Back-Channel Logout 1.0 §2.1).
 */
@FunctionalInterface
public interface ClientJoinedListener {
  /** {@code session} already lists {@code clientId}. */
  void clientJoined(BrowserSession session, String clientId);
}
