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
}
