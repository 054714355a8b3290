package dev.ssokit.postgres;

import static dev.ssokit.postgres.Columns.instant;
import static dev.ssokit.postgres.Columns.setInstant;

import dev.ssokit.spi.AccountToken;
import dev.ssokit.spi.AccountTokenStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/** {@link AccountTokenStore} on table {@code sso_account_token}; {@link #take} is one {@code DELETE ... RETURNING}. */
final class PostgresAccountTokenStore implements AccountTokenStore {
  private final Database db;

  PostgresAccountTokenStore(Database db) {
    this.db = db;
  }

  @Override
  public void save(AccountToken token) {
    db.statement("accountTokens.save", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO sso_account_token"
          + " (token_hash, purpose, subject, email, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, token.tokenHash());
        ps.setString(2, token.purpose());
        ps.setString(3, token.subject());
        ps.setString(4, token.email());
        setInstant(ps, 5, token.createdAt());
        setInstant(ps, 6, token.expiresAt());
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public Optional<AccountToken> take(String tokenHash, String purpose, Instant now) {
    return db.statement("accountTokens.take", c -> {
      // one statement: of two concurrent takes, the second finds the row gone (single use across instances)
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM sso_account_token WHERE token_hash = ?"
          + " AND purpose = ? RETURNING subject, email, created_at, expires_at")) {
        ps.setString(1, tokenHash);
        ps.setString(2, purpose);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          AccountToken t = new AccountToken(tokenHash, purpose, rs.getString("subject"), rs.getString("email"),
              instant(rs, "created_at"), instant(rs, "expires_at"));
          return now.isBefore(t.expiresAt()) ? Optional.of(t) : Optional.empty();
        }
      }
    });
  }

  @Override
  public int deleteAll(String subject, String purpose) {
    return db.statement("accountTokens.deleteAll", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM sso_account_token WHERE subject = ? AND purpose = ?")) {
        ps.setString(1, subject);
        ps.setString(2, purpose);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public int purgeExpired(Instant now, int limit) {
    if (limit <= 0) {
      return 0;
    }
    return db.statement("accountTokens.purgeExpired", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM sso_account_token d USING ("
          + "SELECT token_hash FROM sso_account_token WHERE expires_at <= ? LIMIT ? FOR UPDATE SKIP LOCKED) e"
          + " WHERE d.token_hash = e.token_hash")) {
        setInstant(ps, 1, now);
        ps.setInt(2, limit);
        return ps.executeUpdate();
      }
    });
  }
}
