package dev.ssokit.postgres;

import static dev.ssokit.postgres.Columns.instant;
import static dev.ssokit.postgres.Columns.setInstant;
import static dev.ssokit.postgres.Columns.setTextArray;
import static dev.ssokit.postgres.Columns.textList;

import dev.ssokit.spi.ClientRegistrationStore;
import dev.ssokit.spi.InitialAccessToken;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * {@link ClientRegistrationStore} on tables {@code sso_initial_access_token} and
 * {@code sso_registration_access_token}; {@link #useInitialAccessToken} is one conditional
 * {@code UPDATE ... RETURNING}, so a single-use token is used once across instances.
 */
final class PostgresClientRegistrationStore implements ClientRegistrationStore {
  private static final String COLUMNS = "id, token_hash, created_at, expires_at, single_use, used_at,"
      + " allowed_grant_types, allowed_scopes, allowed_redirect_uri_schemes, created_by";

  private final Database db;

  PostgresClientRegistrationStore(Database db) {
    this.db = db;
  }

  @Override
  public void createInitialAccessToken(InitialAccessToken t) {
    db.statement("clientRegistration.createInitialAccessToken", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO sso_initial_access_token (" + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, t.id());
        ps.setString(2, t.tokenHash());
        setInstant(ps, 3, t.createdAt());
        setInstant(ps, 4, t.expiresAt());
        ps.setBoolean(5, t.singleUse());
        setInstant(ps, 6, t.usedAt());
        setTextArray(ps, 7, t.allowedGrantTypes());
        setTextArray(ps, 8, t.allowedScopes());
        setTextArray(ps, 9, t.allowedRedirectUriSchemes());
        ps.setString(10, t.createdBy());
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public Optional<InitialAccessToken> findInitialAccessToken(String tokenHash) {
    return db.statement("clientRegistration.findInitialAccessToken", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
          + " FROM sso_initial_access_token WHERE token_hash = ?")) {
        ps.setString(1, tokenHash);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(read(rs)) : Optional.<InitialAccessToken>empty();
        }
      }
    });
  }

  @Override
  public Optional<InitialAccessToken> useInitialAccessToken(String tokenHash, Instant now) {
    return db.statement("clientRegistration.useInitialAccessToken", c -> {
      // one statement: of two concurrent uses of a single-use token, the second finds used_at set
      try (PreparedStatement ps = c.prepareStatement("UPDATE sso_initial_access_token SET used_at = ?"
          + " WHERE token_hash = ? AND expires_at > ? AND (NOT single_use OR used_at IS NULL) RETURNING " + COLUMNS)) {
        setInstant(ps, 1, now);
        ps.setString(2, tokenHash);
        setInstant(ps, 3, now);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(read(rs)) : Optional.<InitialAccessToken>empty();
        }
      }
    });
  }

  @Override
  public List<InitialAccessToken> listInitialAccessTokens(String afterId, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return db.statement("clientRegistration.listInitialAccessTokens", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sso_initial_access_token"
          + " WHERE (?::text IS NULL OR id > ?) ORDER BY id LIMIT ?")) {
        ps.setString(1, afterId);
        ps.setString(2, afterId);
        ps.setInt(3, limit);
        List<InitialAccessToken> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(read(rs));
          }
        }
        return out;
      }
    });
  }

  @Override
  public boolean deleteInitialAccessToken(String id) {
    return db.statement("clientRegistration.deleteInitialAccessToken", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM sso_initial_access_token WHERE id = ?")) {
        ps.setString(1, id);
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public void setRegistrationAccessToken(String clientId, String tokenHash) {
    db.statement("clientRegistration.setRegistrationAccessToken", c -> {
      String sql = tokenHash == null ? "DELETE FROM sso_registration_access_token WHERE client_id = ?"
          : "INSERT INTO sso_registration_access_token (client_id, token_hash) VALUES (?, ?)"
              + " ON CONFLICT (client_id) DO UPDATE SET token_hash = EXCLUDED.token_hash";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, clientId);
        if (tokenHash != null) {
          ps.setString(2, tokenHash);
        }
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public Optional<String> findRegistrationAccessToken(String clientId) {
    return db.statement("clientRegistration.findRegistrationAccessToken", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT token_hash FROM sso_registration_access_token WHERE client_id = ?")) {
        ps.setString(1, clientId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
        }
      }
    });
  }

  private static InitialAccessToken read(ResultSet rs) throws SQLException {
    return new InitialAccessToken(rs.getString("id"), rs.getString("token_hash"), instant(rs, "created_at"),
        instant(rs, "expires_at"), rs.getBoolean("single_use"), instant(rs, "used_at"),
        new HashSet<>(textList(rs, "allowed_grant_types")), new HashSet<>(textList(rs, "allowed_scopes")),
        new HashSet<>(textList(rs, "allowed_redirect_uri_schemes")), rs.getString("created_by"));
  }
}
