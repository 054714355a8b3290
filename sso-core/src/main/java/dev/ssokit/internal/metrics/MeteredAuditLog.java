package dev.ssokit.internal.metrics;

import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.AuditQuery;
import dev.ssokit.spi.ProviderMetrics;
import java.util.List;

/** Counts the login events of the audit trail ({@code login.success|failure|throttled}) on their way to the log. */
public final class MeteredAuditLog implements AuditLog {
  private final AuditLog log;
  private final ProviderMetrics metrics;

  private MeteredAuditLog(AuditLog log, ProviderMetrics metrics) {
    this.log = log;
    this.metrics = metrics;
  }

  /** {@code log} with its login events counted; {@code log} itself when nothing is measured. */
  public static AuditLog wrap(AuditLog log, ProviderMetrics metrics) {
    return metrics == ProviderMetrics.NONE ? log : new MeteredAuditLog(log, metrics);
  }

  @Override
  public void append(AuditEvent event) {
    log.append(event);
    switch (event.type()) {
      case "login.success" -> metrics.login(ProviderMetrics.LoginOutcome.SUCCESS);
      case "login.failure" -> metrics.login(ProviderMetrics.LoginOutcome.FAILURE);
      case "login.throttled" -> metrics.login(ProviderMetrics.LoginOutcome.THROTTLED);
      default -> { }
    }
  }

  @Override
  public List<AuditEvent> recent(int limit) {
    return log.recent(limit);
  }

  @Override
  public Page query(AuditQuery query, String cursor, int limit) {
    return log.query(query, cursor, limit);
  }
}
