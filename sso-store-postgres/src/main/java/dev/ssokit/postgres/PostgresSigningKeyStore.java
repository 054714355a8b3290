package dev.ssokit.postgres;

import static dev.ssokit.postgres.Columns.instant;
import static dev.ssokit.postgres.Columns.setInstant;

import dev.ssokit.spi.SigningKey;
import dev.ssokit.spi.SigningKeyStore;
import dev.ssokit.spi.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link SigningKeyStore} on table {@code sso_signing_key}.
 *
 * <p>IMPORTANT: exclusivity comes from the partial unique index on {@code algorithm WHERE status =
 * 'ACTIVE'}, so it holds across every instance sharing the database.
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
  public boolean addActiveIfAbsent(SigningKey key) {
    return db.statement("signingKeys.addActiveIfAbsent", c -> {
      // no conflict target: a taken kid and an algorithm with an ACTIVE key both insert nothing
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO sso_signing_key"
          + " (kid, algorithm, material, status, created_at) VALUES (?, ?, ?, 'ACTIVE', ?) ON CONFLICT DO NOTHING")) {
        ps.setString(1, key.kid());
        ps.setString(2, key.algorithm());
        ps.setString(3, key.material());
        setInstant(ps, 4, key.createdAt());
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean updateStatus(String kid, SigningKey.Status status) {
    return db.statement("signingKeys.updateStatus", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE sso_signing_key SET status = ? WHERE kid = ?")) {
        ps.setString(1, status.name());
        ps.setString(2, kid);
        return ps.executeUpdate() == 1;
      }
    }, secondActiveKey -> {
      // SigningKeyStore: at most one ACTIVE key per algorithm
      throw new StoreException("another key of that algorithm is already ACTIVE; retire it first",
          secondActiveKey);
    });
  }
}
