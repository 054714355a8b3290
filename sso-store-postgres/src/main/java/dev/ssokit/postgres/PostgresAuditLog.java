package dev.ssokit.postgres;

import static dev.ssokit.postgres.Columns.instant;
import static dev.ssokit.postgres.Columns.json;
import static dev.ssokit.postgres.Columns.jsonMap;
import static dev.ssokit.postgres.Columns.setInstant;

import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link AuditLog} on table {@code sso_audit_event}.
 *
 * <p>IMPORTANT: nothing is ever deleted; the host prunes old rows ({@code event_time} is indexed).
 */
final class PostgresAuditLog implements AuditLog {
  private final Database db;

  PostgresAuditLog(Database db) {
    this.db = db;
  }

  @Override
  public void append(AuditEvent event) {
    db.statement("auditLog.append", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO sso_audit_event"
          + " (event_time, type, subject, client_id, ip, details) VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb))")) {
        setInstant(ps, 1, event.time());
        ps.setString(2, event.type());
        ps.setString(3, event.subject());
        ps.setString(4, event.clientId());
        ps.setString(5, event.ip());
        ps.setString(6, json(event.details()));
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public List<AuditEvent> recent(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    return db.statement("auditLog.recent", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT event_time, type, subject, client_id, ip, details"
          + " FROM sso_audit_event ORDER BY event_time DESC, id DESC LIMIT ?")) {
        ps.setInt(1, limit);
        try (ResultSet rs = ps.executeQuery()) {
          List<AuditEvent> events = new ArrayList<>();
          while (rs.next()) {
            Map<String, String> details = new LinkedHashMap<>();
            jsonMap(rs, "details").forEach((k, v) -> details.put(k, String.valueOf(v)));
            events.add(new AuditEvent(instant(rs, "event_time"), rs.getString("type"), rs.getString("subject"),
                rs.getString("client_id"), rs.getString("ip"), details));
          }
          return events;
        }
      }
    });
  }
}
