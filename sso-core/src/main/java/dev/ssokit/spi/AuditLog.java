package dev.ssokit.spi;

import java.util.List;

/** Append-only log of security events. */
public interface AuditLog {

  /**
   * Appends an event.
   *
   * @param event the event
   * @throws StoreException when the log cannot be written
   */
  void append(AuditEvent event);

  /**
   * The newest events first.
   *
   * @param limit the most events returned
   * @return the events, newest first
   */
  List<AuditEvent> recent(int limit);

  /**
   * The events matching {@code query}, newest first, those after {@code cursor} ({@code null}: from
   * the newest), at most {@code limit}.
   */
  Page query(AuditQuery query, String cursor, int limit);

  /**
   * One page of {@link #query}.
   *
   * @param nextCursor the opaque position after the last event, to pass to the next {@link #query};
   *                   {@code null} when the page was the last one
   */
  record Page(List<AuditEvent> events, String nextCursor) {
    public Page {
      events = List.copyOf(events);
    }
  }
}
