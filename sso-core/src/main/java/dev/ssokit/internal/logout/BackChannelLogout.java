package dev.ssokit.internal.logout;

import dev.ssokit.internal.http.OutboundHttp;
import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientStore;
import dev.ssokit.spi.LogoutDelivery;
import dev.ssokit.spi.LogoutDeliveryStore;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OIDC Back-Channel Logout 1.0: queues a delivery per client of a session and POSTs each client a
 * Logout Token, with bounded retries and exponential back-off, from the shared durable queue.
 *
 * <p>IMPORTANT: each client of a session is queued when it first gets a code there, due at the
 * session's expiry; a sign-out moves it to now. A queued client without a {@code
 * backchannel_logout_uri} is dropped at its turn, so the queue also tells which sessions a user has.
 */
final class BackChannelLogout {
  /** Attempts per delivery before it is given up (audit event {@code backchannel_logout_failed}). */
  static final int MAX_ATTEMPTS = 6;
  /** Wait after the first failed attempt; doubled after each further one (10 s, 20 s, ... 160 s). */
  static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(10);
  /** Deliveries claimed at once; with the fetcher's timeouts a batch ends well within the lease. */
  static final int BATCH_SIZE = 10;
  /** How long a claimed delivery stays with its instance before another may take it over. */
  static final Duration LEASE = Duration.ofMinutes(2);
  /** Batches per {@link #deliverDue} run, so one run ends even while deliveries keep coming due. */
  static final int MAX_BATCHES_PER_RUN = 20;

  private static final Logger LOG = LoggerFactory.getLogger(BackChannelLogout.class);

  private final ClientStore clients;
  private final LogoutDeliveryStore queue;
  private final LogoutTokenIssuer tokens;
  private final OutboundHttp http;
  private final AuditLog audit;
  private final Clock clock;

  BackChannelLogout(ClientStore clients, LogoutDeliveryStore queue, LogoutTokenIssuer tokens, OutboundHttp http,
                    AuditLog audit, Clock clock) {
    this.clients = clients;
    this.queue = queue;
    this.tokens = tokens;
    this.http = http;
    this.audit = audit;
    this.clock = clock;
  }

  /** Queues the notice of {@code clientId} for when session {@code sid} expires. */
  void clientJoined(String clientId, String subject, String sid, Instant sessionExpiresAt) {
    queue.enqueue(LogoutDelivery.of(clientId, subject, sid, sessionExpiresAt));
  }

  /** The session ended now: every client of it is due now. */
  void sessionEnded(List<String> clientIds, String subject, String sid) {
    Instant now = clock.instant();
    for (String clientId : clientIds) {
      queue.enqueue(LogoutDelivery.of(clientId, subject, sid, now));
    }
  }

  /** Every session of {@code subject} the queue knows ended now; returns their sids. */
  List<String> subjectEnded(String subject) {
    return queue.expediteSubject(subject, clock.instant());
  }

  /** Makes the deliveries due now (claimed from the shared queue); returns how many were sent successfully. */
  int deliverDue() {
    int delivered = 0;
    for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
      Instant now = clock.instant();
      List<LogoutDelivery> claimed = queue.claimDue(now, BATCH_SIZE, now.plus(LEASE));
      for (LogoutDelivery d : claimed) {
        if (deliver(d)) {
          delivered++;
        }
      }
      if (claimed.size() < BATCH_SIZE) {
        break;
      }
    }
    return delivered;
  }

  private boolean deliver(LogoutDelivery d) {
    Client client = clients.find(d.clientId()).orElse(null);
    URI target = client == null ? null : client.options().backchannelLogoutUri();
    if (target == null) {
      queue.complete(d.id()); // no back-channel for this client (or it was deleted): nothing to tell
      return false;
    }
    int attempt = d.attempts() + 1;
    String outcome;
    boolean retry;
    try {
      int status = http.postForm(target, Map.of("logout_token", tokens.issue(client, d.subject(), d.sid())));
      if (status >= 200 && status < 300) {
        // Back-Channel Logout §2.8: 200 OK (some frameworks answer 204)
        queue.complete(d.id());
        return true;
      }
      outcome = "HTTP " + status;
      // §2.8: a 400 means the RP rejected the token; a repeat would fail alike. 5xx, 408, 429: try again.
      retry = status >= 500 || status == 408 || status == 429;
    } catch (IOException e) {
      outcome = e.getClass().getSimpleName();
      retry = true;
    }
    Instant now = clock.instant();
    if (retry && attempt < MAX_ATTEMPTS) {
      Instant next = now.plus(FIRST_RETRY_DELAY.multipliedBy(1L << (attempt - 1)));
      queue.reschedule(d.id(), attempt, next);
      LOG.info("back-channel logout to client {} failed ({}), attempt {} of {}, next at {}", d.clientId(), outcome,
          attempt, MAX_ATTEMPTS, next);
    } else {
      queue.complete(d.id());
      LOG.warn("back-channel logout to client {} given up after attempt {} ({})", d.clientId(), attempt, outcome);
      audit.append(new AuditEvent(now, "backchannel_logout_failed", d.subject(), d.clientId(), null,
          Map.of("sid", d.sid(), "attempts", String.valueOf(attempt), "outcome", outcome)));
    }
    return false;
  }
}
