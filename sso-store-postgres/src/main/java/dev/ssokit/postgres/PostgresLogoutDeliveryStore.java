package dev.ssokit.postgres;

import static dev.ssokit.postgres.Columns.instant;
import static dev.ssokit.postgres.Columns.setInstant;

import dev.ssokit.spi.LogoutDelivery;
import dev.ssokit.spi.LogoutDeliveryStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link LogoutDeliveryStore} on table {@code sso_logout_delivery}.
 *
 * <p>IMPORTANT: a claim is one statement that locks due rows with {@code FOR UPDATE SKIP LOCKED}
 * and moves their due time to the lease end, so concurrent claimers on any instance never get the
 * same row.
 */
final class PostgresLogoutDeliveryStore implements LogoutDeliveryStore {
  private final Database db;

  PostgresLogoutDeliveryStore(Database db) {
    this.db = db;
  }

  @Override
  public void enqueue(LogoutDelivery d) {
    db.statement("logoutDeliveries.enqueue", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO sso_logout_delivery"
          + " (id, client_id, subject, sid, due_at, attempts) VALUES (?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (id) DO UPDATE SET due_at = LEAST(sso_logout_delivery.due_at, EXCLUDED.due_at)")) {
        ps.setString(1, d.id());
        ps.setString(2, d.clientId());
        ps.setString(3, d.subject());
        ps.setString(4, d.sid());
        setInstant(ps, 5, d.dueAt());
        ps.setInt(6, d.attempts());
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public List<LogoutDelivery> claimDue(Instant now, int limit, Instant leaseUntil) {
    if (limit <= 0) {
      return List.of();
    }
    return db.statement("logoutDeliveries.claimDue", c -> {
      // RETURNING sees the new due_at; the old one is read from the locked sub-select
      try (PreparedStatement ps = c.prepareStatement("UPDATE sso_logout_delivery d SET due_at = ? FROM ("
          + "SELECT id, due_at FROM sso_logout_delivery WHERE due_at <= ? ORDER BY due_at LIMIT ?"
          + " FOR UPDATE SKIP LOCKED) due WHERE d.id = due.id"
          + " RETURNING d.id, d.client_id, d.subject, d.sid, due.due_at AS was_due, d.attempts")) {
        setInstant(ps, 1, leaseUntil);
        setInstant(ps, 2, now);
        ps.setInt(3, limit);
        List<LogoutDelivery> claimed = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            claimed.add(new LogoutDelivery(rs.getString("id"), rs.getString("client_id"), rs.getString("subject"),
                rs.getString("sid"), instant(rs, "was_due"), rs.getInt("attempts")));
          }
        }
        claimed.sort(java.util.Comparator.comparing(LogoutDelivery::dueAt));
        return claimed;
      }
    });
  }

  @Override
  public boolean complete(String id) {
    return db.statement("logoutDeliveries.complete", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM sso_logout_delivery WHERE id = ?")) {
        ps.setString(1, id);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public void reschedule(String id, int attempts, Instant dueAt) {
    db.statement("logoutDeliveries.reschedule", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE sso_logout_delivery SET attempts = ?, due_at = ? WHERE id = ?")) {
        ps.setInt(1, attempts);
        setInstant(ps, 2, dueAt);
        ps.setString(3, id);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public List<String> expediteSubject(String subject, Instant dueAt) {
    return db.transaction("logoutDeliveries.expediteSubject", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE sso_logout_delivery SET due_at = ? WHERE subject = ? AND due_at > ?")) {
        setInstant(ps, 1, dueAt);
        ps.setString(2, subject);
        setInstant(ps, 3, dueAt);
        ps.executeUpdate();
      }
      List<String> sids = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT DISTINCT sid FROM sso_logout_delivery WHERE subject = ? ORDER BY sid")) {
        ps.setString(1, subject);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            sids.add(rs.getString(1));
          }
        }
      }
      return sids;
    });
  }
}
