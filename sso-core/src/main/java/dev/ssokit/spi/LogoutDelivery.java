package dev.ssokit.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * One pending OIDC Back-Channel Logout 1.0 notification: client {@code clientId} is to learn that
 * session {@code sid} of {@code subject} ended. The Logout Token itself is built at each attempt.
 *
 * @param id       {@code <sid> <client_id>}: one delivery per client and session
 * @param clientId the client to notify
 * @param subject  the user whose session ended
 * @param sid      the ended session's id, as in the ID tokens' {@code sid}
 * @param dueAt    earliest time of the next attempt
 * @param attempts attempts made so far (0 for a new delivery)
 */
public record LogoutDelivery(String id, String clientId, String subject, String sid, Instant dueAt, int attempts) {
  /**
   * A delivery.
   *
   * @param id       {@code <sid> <client_id>}: one delivery per client and session
   * @param clientId the client to notify
   * @param subject  the user whose session ended
   * @param sid      the ended session's id, as in the ID tokens' {@code sid}
   * @param dueAt    earliest time of the next attempt
   * @param attempts attempts made so far (0 for a new delivery)
   * @throws NullPointerException when any reference component is null
   */
  public LogoutDelivery {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(sid, "sid");
    Objects.requireNonNull(dueAt, "dueAt");
  }

  /**
   * A new delivery for {@code clientId} of session {@code sid}, due at {@code dueAt}.
   *
   * @param clientId the client to notify
   * @param subject  the user whose session ended
   * @param sid      the ended session's id
   * @param dueAt    earliest time of the first attempt
   * @return the delivery, with no attempt made
   */
  public static LogoutDelivery of(String clientId, String subject, String sid, Instant dueAt) {
    return new LogoutDelivery(sid + " " + clientId, clientId, subject, sid, dueAt, 0);
  }
}
