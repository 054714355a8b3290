package dev.ssokit.example.standalone;

import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.AuditQuery;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Every security event also as a log line (logger {@code dev.ssokit.audit}), so failed logins,
 * back-off, code replay and refresh-token reuse show in the server's log and not only in the
 * audit store: WARN for attacks and failures, INFO for the rest. {@code client_id} and {@code
 * subject} go to the MDC for that line (keys of their own in JSON logs).
 *
 * <p>IMPORTANT: an {@link AuditEvent} never carries secrets or token values, so neither does the line.
 */
final class LoggingAuditLog implements AuditLog {
  static final String AUDIT_LOGGER = "dev.ssokit.audit";
  private static final Logger LOG = LoggerFactory.getLogger(AUDIT_LOGGER);
  /** Events that mean an attack or a failure: WARN. */
  private static final Set<String> WARNINGS = Set.of("login.failure", "login.throttled", "code.replayed",
      "refresh_token.reused", "backchannel_logout_failed");

  private final AuditLog delegate;

  LoggingAuditLog(AuditLog delegate) {
    this.delegate = delegate;
  }

  @Override
  public void append(AuditEvent event) {
    delegate.append(event);
    put("client_id", event.clientId());
    put("subject", event.subject());
    try {
      String format = "security event {} client_id={} subject={} ip={} {}";
      Object[] args = {event.type(), event.clientId(), event.subject(), event.ip(), event.details()};
      if (WARNINGS.contains(event.type())) {
        LOG.warn(format, args);
      } else {
        LOG.info(format, args);
      }
    } finally {
      MDC.remove("client_id");
      MDC.remove("subject");
    }
  }

  private static void put(String key, String value) {
    if (value != null) {
      MDC.put(key, value);
    }
  }

  @Override
  public List<AuditEvent> recent(int limit) {
    return delegate.recent(limit);
  }

  @Override
  public Page query(AuditQuery query, String cursor, int limit) {
    return delegate.query(query, cursor, limit);
  }
}
