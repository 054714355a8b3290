package dev.ssokit.postgres;

import static dev.ssokit.postgres.Columns.instant;
import static dev.ssokit.postgres.Columns.setInstant;

import dev.ssokit.spi.SigningKey;
import dev.ssokit.spi.SigningKeyStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link SigningKeyStore} on table {@code sso_signing_key}.
 *
 * <p>IMPORTANT: exclusivity comes from the partial unique indexes on {@code algorithm WHERE status =
 * 'ACTIVE'} and {@code 'NEXT'}, so it holds across every instance sharing the database.
 */
final class PostgresSigningKeyStore implements SigningKeyStore {
  private final Database db;

  PostgresSigningKeyStore(Database db) {
    this.db = db;
  }

  @Override
  public List<SigningKey> list() {
    return db.statement("signingKeys.list", c -> {
      // oldest first; seq orders keys created in the same microsecond by insertion
      try (PreparedStatement ps = c.prepareStatement("SELECT kid, algorithm, material, status, created_at"
          + " FROM sso_signing_key ORDER BY created_at, seq");
           ResultSet rs = ps.executeQuery()) {
        List<SigningKey> keys = new ArrayList<>();
        while (rs.next()) {
          keys.add(new SigningKey(rs.getString("kid"), rs.getString("algorithm"), rs.getString("material"),
              SigningKey.Status.valueOf(rs.getString("status")), instant(rs, "created_at")));
        }
        return keys;
      }
    });
  }

  @Override
  public boolean addIfAbsent(SigningKey key) {
    if (key.status() == SigningKey.Status.RETIRED) {
      throw new IllegalArgumentException("a key is added as ACTIVE or NEXT, not RETIRED");
    }
    return db.statement("signingKeys.addIfAbsent", c -> {
      // no conflict target: a taken kid, or an algorithm that already has a key of this status
      // (partial unique indexes on ACTIVE and on NEXT), both insert nothing
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO sso_signing_key"
          + " (kid, algorithm, material, status, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
        ps.setString(1, key.kid());
        ps.setString(2, key.algorithm());
        ps.setString(3, key.material());
        ps.setString(4, key.status().name());
        setInstant(ps, 5, key.createdAt());
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean activate(String kid) {
    return db.transaction("signingKeys.activate", c -> {
      String algorithm;
      try (PreparedStatement ps = c.prepareStatement("SELECT algorithm FROM sso_signing_key WHERE kid = ?")) {
        ps.setString(1, kid);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return false;
          }
          algorithm = rs.getString(1);
        }
      }
      // Lock every key of the algorithm, in kid order: concurrent activations queue here, and each
      // following statement then sees what the one before committed (one ACTIVE key at all times).
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT kid FROM sso_signing_key WHERE algorithm = ? ORDER BY kid FOR UPDATE")) {
        ps.setString(1, algorithm);
        ps.executeQuery().close();
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE sso_signing_key SET status = 'RETIRED'"
          + " WHERE algorithm = ? AND status = 'ACTIVE' AND kid <> ?")) {
        ps.setString(1, algorithm);
        ps.setString(2, kid);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE sso_signing_key SET status = 'ACTIVE' WHERE kid = ?")) {
        ps.setString(1, kid);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean delete(String kid) {
    return db.statement("signingKeys.delete", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM sso_signing_key WHERE kid = ?")) {
        ps.setString(1, kid);
        return ps.executeUpdate() == 1;
      }
    });
  }
}
