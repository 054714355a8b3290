package dev.ssokit.internal.admin;

import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every write of the admin API twice: as an {@link AuditEvent} and as one structured log
 * line ({@code admin_write type=... actor=... client_id=... subject=...}).
 *
 * <p>IMPORTANT: callers pass names and ids only, never a secret, password or token.
 */
final class AdminAudit {
  private static final Logger LOG = LoggerFactory.getLogger("dev.ssokit.admin");

  private final AuditLog log;
  private final Clock clock;

  AdminAudit(AuditLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  /**
   * @param subject  the user the write concerns, or {@code null}
   * @param clientId the application the write concerns, or {@code null}
   */
  void write(AdminCaller caller, String type, String subject, String clientId, String ip, Map<String, String> details) {
    Map<String, String> all = new LinkedHashMap<>(details);
    all.put("actor", caller.subject());
    if (caller.token().clientId() != null) {
      all.put("actor_client_id", caller.token().clientId());
    }
    log.append(new AuditEvent(clock.instant(), type, subject, clientId, ip, all));
    LOG.info("admin_write type={} actor={} client_id={} subject={} details={}", type, caller.subject(), clientId,
        subject, details);
  }
}
