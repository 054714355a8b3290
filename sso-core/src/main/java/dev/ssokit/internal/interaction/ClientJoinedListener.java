package dev.ssokit.internal.interaction;

/**
 * Told when a client gets its first code in a browser session, so the logout channels know whom
 * to notify when the session ends (OIDC Back-Channel Logout 1.0 §2.1).
 */
@FunctionalInterface
public interface ClientJoinedListener {
  /** Called before {@code session} records {@code clientId}; an exception leaves the session unchanged. */
  void clientJoined(BrowserSession session, String clientId);
}
