package dev.ssokit.spi;

import java.util.List;

/** Append-only log of security events. */
public interface AuditLog {

  void append(AuditEvent event);

  /** The newest events first, at most {@code limit}. */
  List<AuditEvent> recent(int limit);
}
