package dev.ssokit.postgres;

import static dev.ssokit.postgres.Columns.instant;
import static dev.ssokit.postgres.Columns.setInstant;
import static dev.ssokit.postgres.Columns.setTextArray;
import static dev.ssokit.postgres.Columns.textList;

import dev.ssokit.spi.ClientRegistrationStore;
import dev.ssokit.spi.DynamicRegistration;
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
 * {@code sso_registration_access_token}; {@link #useInitialAccessToken} and
 * {@link #rotateRegistrationAccessToken} are each one conditional {@code UPDATE}, so a single-use
 * token is used, and a registration access token rotated, once across instances.
 */
final class PostgresClientRegistrationStore implements ClientRegistrationStore {
  private static final String COLUMNS = "id, token_hash, created_at, expires_at, single_use, used_at,"
      + " allowed_grant_types, allowed_scopes, allowed_redirect_uri_schemes, created_by";
  private static final String REGISTRATION_COLUMNS = "client_id, token_hash, initial_access_token_id,"
      + " allowed_grant_types, allowed_scopes, allowed_redirect_uri_schemes";

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
  public int purgeExpiredInitialAccessTokens(Instant now, int limit) {
    if (limit <= 0) {
      return 0;
    }
    return db.statement("clientRegistration.purgeExpiredInitialAccessTokens", c -> {
      // bounded batch by primary key; SKIP LOCKED lets purgers on several instances share the work
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM sso_initial_access_token WHERE id IN ("
          + "SELECT id FROM sso_initial_access_token WHERE expires_at < ? LIMIT ? FOR UPDATE SKIP LOCKED)")) {
        setInstant(ps, 1, now);
        ps.setInt(2, limit);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public void saveRegistration(DynamicRegistration r) {
    db.statement("clientRegistration.saveRegistration", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO sso_registration_access_token ("
          + REGISTRATION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (client_id) DO UPDATE SET"
          + " token_hash = EXCLUDED.token_hash, initial_access_token_id = EXCLUDED.initial_access_token_id,"
          + " allowed_grant_types = EXCLUDED.allowed_grant_types, allowed_scopes = EXCLUDED.allowed_scopes,"
          + " allowed_redirect_uri_schemes = EXCLUDED.allowed_redirect_uri_schemes")) {
        ps.setString(1, r.clientId());
        ps.setString(2, r.registrationAccessTokenHash());
        ps.setString(3, r.initialAccessTokenId());
        setTextArray(ps, 4, r.allowedGrantTypes());
        setTextArray(ps, 5, r.allowedScopes());
        setTextArray(ps, 6, r.allowedRedirectUriSchemes());
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public Optional<DynamicRegistration> findRegistration(String clientId) {
    return db.statement("clientRegistration.findRegistration", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + REGISTRATION_COLUMNS
          + " FROM sso_registration_access_token WHERE client_id = ?")) {
        ps.setString(1, clientId);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(new DynamicRegistration(rs.getString("client_id"), rs.getString("token_hash"),
              rs.getString("initial_access_token_id"), new HashSet<>(textList(rs, "allowed_grant_types")),
              new HashSet<>(textList(rs, "allowed_scopes")),
              new HashSet<>(textList(rs, "allowed_redirect_uri_schemes")))) : Optional.<DynamicRegistration>empty();
        }
      }
    });
  }

  @Override
  public boolean rotateRegistrationAccessToken(String clientId, String currentHash, String newHash) {
    return db.statement("clientRegistration.rotateRegistrationAccessToken", c -> {
      // one conditional statement: of two concurrent rotations from one token, the second matches no row
      try (PreparedStatement ps = c.prepareStatement("UPDATE sso_registration_access_token SET token_hash = ?"
          + " WHERE client_id = ? AND token_hash = ?")) {
        ps.setString(1, newHash);
        ps.setString(2, clientId);
        ps.setString(3, currentHash);
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public boolean deleteRegistration(String clientId) {
    return db.statement("clientRegistration.deleteRegistration", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM sso_registration_access_token WHERE client_id = ?")) {
        ps.setString(1, clientId);
        return ps.executeUpdate() > 0;
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
