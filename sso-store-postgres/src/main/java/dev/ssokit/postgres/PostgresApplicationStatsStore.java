package dev.ssokit.postgres;

import static dev.ssokit.postgres.Columns.instant;
import static dev.ssokit.postgres.Columns.setInstant;

import dev.ssokit.spi.ApplicationStatsStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * {@link ApplicationStatsStore} on tables {@code sso_client_usage} and {@code sso_client_user}:
 * each flush adds with {@code INSERT ... ON CONFLICT DO UPDATE}, atomic per row, so instances
 * flushing at the same time add up.
 */
final class PostgresApplicationStatsStore implements ApplicationStatsStore {
  private final Database db;

  PostgresApplicationStatsStore(Database db) {
    this.db = db;
  }

  @Override
  public void add(Collection<Usage> counts) {
    if (counts.isEmpty()) {
      return;
    }
    db.statement("applicationStats.add", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO sso_client_usage AS u"
          + " (client_id, day, grant_type, tokens, auth_failures, last_used) VALUES (?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (client_id, day, grant_type) DO UPDATE SET tokens = u.tokens + EXCLUDED.tokens,"
          + " auth_failures = u.auth_failures + EXCLUDED.auth_failures,"
          + " last_used = GREATEST(u.last_used, EXCLUDED.last_used)")) {
        for (Usage u : counts) {
          ps.setString(1, u.clientId());
          ps.setObject(2, u.day());
          ps.setString(3, u.grantType());
          ps.setLong(4, u.tokensIssued());
          ps.setLong(5, u.failedAuthentications());
          setInstant(ps, 6, u.lastUsed());
          ps.addBatch();
        }
        return ps.executeBatch().length;
      }
    });
  }

  @Override
  public void addUsers(String clientId, Collection<String> subjects, Instant seenAt) {
    if (subjects.isEmpty()) {
      return;
    }
    db.statement("applicationStats.addUsers", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO sso_client_user AS u (client_id, subject, last_seen)"
          + " VALUES (?, ?, ?) ON CONFLICT (client_id, subject) DO UPDATE"
          + " SET last_seen = GREATEST(u.last_seen, EXCLUDED.last_seen)")) {
        for (String subject : subjects) {
          ps.setString(1, clientId);
          ps.setString(2, subject);
          setInstant(ps, 3, seenAt);
          ps.addBatch();
        }
        return ps.executeBatch().length;
      }
    });
  }

  @Override
  public List<Usage> read(String clientId, LocalDate since) {
    return db.statement("applicationStats.read", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT day, grant_type, tokens, auth_failures, last_used"
          + " FROM sso_client_usage WHERE client_id = ? AND day >= ? ORDER BY day, grant_type COLLATE \"C\"")) {
        ps.setString(1, clientId);
        ps.setObject(2, since);
        try (ResultSet rs = ps.executeQuery()) {
          List<Usage> out = new ArrayList<>();
          while (rs.next()) {
            out.add(new Usage(clientId, rs.getObject("day", LocalDate.class), rs.getString("grant_type"),
                rs.getLong("tokens"), rs.getLong("auth_failures"), instant(rs, "last_used")));
          }
          return out;
        }
      }
    });
  }

  @Override
  public long countUsers(String clientId, Instant since) {
    return db.statement("applicationStats.countUsers", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT count(*) FROM sso_client_user WHERE client_id = ? AND last_seen >= ?")) {
        ps.setString(1, clientId);
        setInstant(ps, 2, since);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    });
  }

  @Override
  public void delete(String clientId) {
    db.transaction("applicationStats.delete", c -> {
      try (PreparedStatement usage = c.prepareStatement("DELETE FROM sso_client_usage WHERE client_id = ?");
           PreparedStatement users = c.prepareStatement("DELETE FROM sso_client_user WHERE client_id = ?")) {
        usage.setString(1, clientId);
        users.setString(1, clientId);
        return usage.executeUpdate() + users.executeUpdate();
      }
    });
  }
}
