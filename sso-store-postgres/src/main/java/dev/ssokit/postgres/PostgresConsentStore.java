package dev.ssokit.postgres;

import static dev.ssokit.postgres.Columns.instant;
import static dev.ssokit.postgres.Columns.setInstant;
import static dev.ssokit.postgres.Columns.setTextArray;
import static dev.ssokit.postgres.Columns.textList;

import dev.ssokit.spi.Consent;
import dev.ssokit.spi.ConsentStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@link ConsentStore} on table {@code sso_consent}, one row per subject and client. */
final class PostgresConsentStore implements ConsentStore {
  private final Database db;

  PostgresConsentStore(Database db) {
    this.db = db;
  }

  @Override
  public Optional<Consent> find(String subject, String clientId) {
    return db.statement("consents.find", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT scopes, granted_at, expires_at FROM sso_consent"
          + " WHERE subject = ? AND client_id = ?")) {
        ps.setString(1, subject);
        ps.setString(2, clientId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next()
              ? Optional.of(new Consent(subject, clientId, Set.copyOf(textList(rs, "scopes")),
                  instant(rs, "granted_at"), instant(rs, "expires_at")))
              : Optional.empty();
        }
      }
    });
  }

  @Override
  public void save(Consent consent) {
    db.statement("consents.save", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO sso_consent"
          + " (subject, client_id, scopes, granted_at, expires_at) VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT (subject, client_id) DO UPDATE SET scopes = EXCLUDED.scopes,"
          + " granted_at = EXCLUDED.granted_at, expires_at = EXCLUDED.expires_at")) {
        ps.setString(1, consent.subject());
        ps.setString(2, consent.clientId());
        setTextArray(ps, 3, consent.scopes());
        setInstant(ps, 4, consent.grantedAt());
        setInstant(ps, 5, consent.expiresAt());
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public java.util.List<Consent> findBySubject(String subject) {
    return db.statement("consents.findBySubject", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT client_id, scopes, granted_at, expires_at FROM sso_consent"
          + " WHERE subject = ? ORDER BY client_id")) {
        ps.setString(1, subject);
        try (ResultSet rs = ps.executeQuery()) {
          java.util.List<Consent> out = new java.util.ArrayList<>();
          while (rs.next()) {
            out.add(new Consent(subject, rs.getString("client_id"), Set.copyOf(textList(rs, "scopes")),
                instant(rs, "granted_at"), instant(rs, "expires_at")));
          }
          return out;
        }
      }
    });
  }

  @Override
  public boolean revoke(String subject, String clientId) {
    return db.statement("consents.revoke", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM sso_consent WHERE subject = ? AND client_id = ?")) {
        ps.setString(1, subject);
        ps.setString(2, clientId);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public int purgeExpired(Instant now, int limit) {
    if (limit <= 0) {
      return 0;
    }
    return db.statement("consents.purgeExpired", c -> {
      // bounded batch by primary key; SKIP LOCKED lets purgers on several instances share the work
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM sso_consent d USING ("
          + "SELECT subject, client_id FROM sso_consent WHERE expires_at < ? LIMIT ? FOR UPDATE SKIP LOCKED) e"
          + " WHERE d.subject = e.subject AND d.client_id = e.client_id")) {
        setInstant(ps, 1, now);
        ps.setInt(2, limit);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public List<Consent> listBySubject(String subject, int limit) {
    return db.statement("consents.listBySubject", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT client_id, scopes, granted_at, expires_at"
          + " FROM sso_consent WHERE subject = ? ORDER BY client_id COLLATE \"C\" LIMIT ?")) {
        ps.setString(1, subject);
        ps.setInt(2, limit);
        try (ResultSet rs = ps.executeQuery()) {
          List<Consent> out = new ArrayList<>();
          while (rs.next()) {
            out.add(new Consent(subject, rs.getString("client_id"), Set.copyOf(textList(rs, "scopes")),
                instant(rs, "granted_at"), instant(rs, "expires_at")));
          }
          return out;
        }
      }
    });
  }

  @Override
  public int revokeClient(String clientId) {
    return db.statement("consents.revokeClient", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM sso_consent WHERE client_id = ?")) {
        ps.setString(1, clientId);
        return ps.executeUpdate();
      }
    });
  }
}
