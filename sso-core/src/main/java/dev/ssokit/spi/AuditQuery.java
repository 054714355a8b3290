package dev.ssokit.spi;

import java.time.Instant;

/**
 * What {@link AuditLog#query} selects; every {@code null} field matches any event.
 *
 * @param from     events at or after this instant
 * @param to       events before this instant
 * @param type     events of this type ({@code login.failure}, {@code application.created}, ...)
 * @param subject  events of this user
 * @param clientId events of this client
 */
public record AuditQuery(Instant from, Instant to, String type, String subject, String clientId) {

  /** Every event. */
  public static final AuditQuery ALL = new AuditQuery(null, null, null, null, null);

  /**
   * Whether {@code event} passes every non-{@code null} criterion.
   *
   * @param event the event to test; must not be {@code null}
   * @return {@code true} when {@code event} matches
   */
  public boolean matches(AuditEvent event) {
    return (from == null || !event.time().isBefore(from))
        && (to == null || event.time().isBefore(to))
        && (type == null || type.equals(event.type()))
        && (subject == null || subject.equals(event.subject()))
        && (clientId == null || clientId.equals(event.clientId()));
  }
}
