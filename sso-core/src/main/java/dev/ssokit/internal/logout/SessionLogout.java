package dev.ssokit.internal.logout;

import dev.ssokit.internal.http.OutboundHttp;
import dev.ssokit.internal.interaction.BrowserSession;
import dev.ssokit.internal.interaction.ClientJoinedListener;
import dev.ssokit.internal.subject.SubjectIdentifiers;
import dev.ssokit.internal.token.SigningKeys;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.ClientStore;
import dev.ssokit.spi.LogoutDeliveryStore;
import java.net.URI;
import java.time.Clock;
import java.util.List;

/**
 * The logout capability, assembled in one place: what happens to the clients of a
 * browser session when it ends: Back-Channel Logout tokens from the durable queue and Front-Channel
 * Logout iframes.
 */
public final class SessionLogout implements ClientJoinedListener {
  private final BackChannelLogout backChannel;
  private final FrontChannelLogout frontChannel;

  public SessionLogout(String issuer, ClientStore clients, SigningKeys keys, LogoutDeliveryStore queue,
                       AuditLog audit, Clock clock, SubjectIdentifiers subjects) {
    this.backChannel = new BackChannelLogout(clients, queue, new LogoutTokenIssuer(issuer, keys, clock, subjects),
        new OutboundHttp(), audit, clock);
    this.frontChannel = new FrontChannelLogout(issuer, clients);
  }

  @Override
  public void clientJoined(BrowserSession session, String clientId) {
    backChannel.clientJoined(clientId, session.subject(), session.sid(), session.expiresAt());
  }

  /**
   * {@code session} ended now (signed out): its clients' back-channel deliveries are due now;
   * returns the front-channel iframe URLs to render.
   */
  public List<URI> sessionEnded(BrowserSession session) {
    backChannel.sessionEnded(session.clients(), session.subject(), session.sid());
    return frontChannel.iframes(session.clients(), session.sid());
  }

  /** Every session of {@code subject} with a client ended now; returns their sids. */
  public List<String> subjectEnded(String subject) {
    return backChannel.subjectEnded(subject);
  }

  /** Sends the due Back-Channel Logout tokens; returns how many were accepted. */
  public int deliverDue() {
    return backChannel.deliverDue();
  }
}
