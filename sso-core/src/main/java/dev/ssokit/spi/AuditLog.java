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
   *
   * @param query  the events to select; {@link AuditQuery#ALL} for every event
   * @param cursor the {@link Page#nextCursor()} of the previous page, or {@code null} for the first page
   * @param limit  the most events returned
   * @return the page of events, newest first
   * @throws StoreException when the log cannot be read
   */
  Page query(AuditQuery query, String cursor, int limit);

  /**
   * One page of {@link #query}.
   *
   * @param events     the events of the page, newest first; an unmodifiable copy
   * @param nextCursor the opaque position after the last event, to pass to the next {@link #query};
   *                   {@code null} when the page was the last one
   */
  record Page(List<AuditEvent> events, String nextCursor) {
    /**
     * Copies the events.
     *
     * @param events     the events of the page, newest first; must not be {@code null} nor contain {@code null}
     * @param nextCursor the position to pass to the next {@link AuditLog#query}, or {@code null} on the last page
     * @throws NullPointerException when {@code events} is or contains {@code null}
     */
    public Page {
      events = List.copyOf(events);
    }
  }
}
