package dev.ssokit.postgres;

import static dev.ssokit.postgres.Columns.instant;
import static dev.ssokit.postgres.Columns.json;
import static dev.ssokit.postgres.Columns.jsonMap;
import static dev.ssokit.postgres.Columns.setInstant;

import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.AuditQuery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
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

  /** The cursor is the id of the last event returned: ids grow with every append, so "newest first" is id order. */
  @Override
  public Page query(AuditQuery query, String cursor, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    long before = Long.MAX_VALUE;
    if (cursor != null) {
      try {
        before = Long.parseLong(cursor);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a cursor of this audit log: " + cursor, e);
      }
    }
    StringBuilder sql = new StringBuilder("SELECT id, event_time, type, subject, client_id, ip, details"
        + " FROM sso_audit_event WHERE id < ?");
    List<Object> values = new ArrayList<>();
    values.add(before);
    if (query.from() != null) {
      sql.append(" AND event_time >= ?");
      values.add(query.from());
    }
    if (query.to() != null) {
      sql.append(" AND event_time < ?");
      values.add(query.to());
    }
    if (query.type() != null) {
      sql.append(" AND type = ?");
      values.add(query.type());
    }
    if (query.subject() != null) {
      sql.append(" AND subject = ?");
      values.add(query.subject());
    }
    if (query.clientId() != null) {
      sql.append(" AND client_id = ?");
      values.add(query.clientId());
    }
    sql.append(" ORDER BY id DESC LIMIT ?");
    return db.statement("auditLog.query", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        int i = 1;
        for (Object v : values) {
          if (v instanceof Instant t) {
            setInstant(ps, i++, t);
          } else if (v instanceof Long l) {
            ps.setLong(i++, l);
          } else {
            ps.setString(i++, (String) v);
          }
        }
        ps.setInt(i, limit + 1); // one more: tells whether a next page exists
        try (ResultSet rs = ps.executeQuery()) {
          List<AuditEvent> events = new ArrayList<>();
          long lastId = 0;
          boolean more = false;
          while (rs.next()) {
            if (events.size() == limit) {
              more = true;
              break;
            }
            events.add(read(rs));
            lastId = rs.getLong("id");
          }
          return new Page(events, more ? String.valueOf(lastId) : null);
        }
      }
    });
  }

  private static AuditEvent read(ResultSet rs) throws java.sql.SQLException {
    Map<String, String> details = new LinkedHashMap<>();
    jsonMap(rs, "details").forEach((k, v) -> details.put(k, String.valueOf(v)));
    return new AuditEvent(instant(rs, "event_time"), rs.getString("type"), rs.getString("subject"),
        rs.getString("client_id"), rs.getString("ip"), details);
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
