package dev.ssokit.postgres;

import static dev.ssokit.postgres.Columns.instant;
import static dev.ssokit.postgres.Columns.setInstant;
import static dev.ssokit.postgres.Columns.setTextArray;
import static dev.ssokit.postgres.Columns.textList;

import dev.ssokit.spi.RefreshToken;
import dev.ssokit.spi.RefreshTokenStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * {@link RefreshTokenStore} on table {@code sso_refresh_token}.
 *
 * <p>IMPORTANT: {@link #rotate} is one statement that locks the presented token's row
 * ({@code SELECT ... FOR UPDATE} in its first common table expression), so concurrent rotations on
 * any number of instances queue on that row and exactly one of them finds it unused.
 */
final class PostgresRefreshTokenStore implements RefreshTokenStore {
  private static final String COLUMNS = "token_hash, family_id, client_id, subject, scopes, session_id,"
      + " auth_time, granted_at, issued_at, expires_at, used, revoked, claims, jkt";

  /**
   * One statement, one round trip: locks the presented token's row ({@code FOR UPDATE}: concurrent
   * rotations queue on it and the later ones read it used), marks it used and stores the successor
   * only when it was unused, unrevoked and unexpired, and answers the row as locked plus whether the
   * successor was stored. Parameters: the token hash twice, now, then the successor's columns.
   */
  private static final String ROTATE = "WITH presented AS (SELECT family_id, used, revoked, expires_at"
      + " FROM sso_refresh_token WHERE token_hash = ? FOR UPDATE),"
      + " rotated AS (UPDATE sso_refresh_token SET used = true WHERE token_hash = ? AND EXISTS (SELECT 1"
      + " FROM presented WHERE NOT used AND NOT revoked AND expires_at > ?) RETURNING 1),"
      + " successor AS (INSERT INTO sso_refresh_token (" + COLUMNS + ")"
      + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM rotated RETURNING 1)"
      + " SELECT family_id, used, revoked, expires_at, (SELECT count(*) FROM successor) AS stored FROM presented";

  private final Database db;

  PostgresRefreshTokenStore(Database db) {
    this.db = db;
  }

  @Override
  public void save(RefreshToken token) {
    db.statement("refreshTokens.save", c -> insert(c, token));
  }

  @Override
  public Optional<RefreshToken> find(String tokenHash) {
    return db.statement("refreshTokens.find", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT " + COLUMNS + " FROM sso_refresh_token WHERE token_hash = ?")) {
        ps.setString(1, tokenHash);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public Rotation rotate(String tokenHash, RefreshToken successor, Instant now) {
    return db.statement("refreshTokens.rotate", c -> {
      String familyId;
      try (PreparedStatement ps = c.prepareStatement(ROTATE)) {
        ps.setString(1, tokenHash);
        ps.setString(2, tokenHash);
        setInstant(ps, 3, now);
        bind(ps, 3, successor);
        try (ResultSet rs = ps.executeQuery()) {
          // RefreshTokenStore#rotate: unknown, revoked or expired at now -> INVALID, nothing changes
          if (!rs.next() || rs.getBoolean("revoked") || !now.isBefore(instant(rs, "expires_at"))) {
            return Rotation.INVALID;
          }
          if (rs.getInt("stored") == 1) {
            return Rotation.ROTATED;
          }
          familyId = rs.getString("family_id");
        }
      }
      // OAuth 2.1 §6.1 / RFC 9700 §4.14.2: a used refresh token presented again revokes its family
      revokeFamily(c, familyId);
      return Rotation.REUSED;
    });
  }

  @Override
  public boolean revokeFamily(String familyId) {
    return db.statement("refreshTokens.revokeFamily", c -> revokeFamily(c, familyId));
  }

  /** Revokes the family's unrevoked tokens; true when the family has any token at all. */
  private static boolean revokeFamily(Connection c, String familyId) throws SQLException {
    // the EXISTS sees the snapshot before the update, so it answers "is the family known"
    try (PreparedStatement ps = c.prepareStatement("WITH revoked AS (UPDATE sso_refresh_token SET revoked = true"
        + " WHERE family_id = ? AND NOT revoked RETURNING 1)"
        + " SELECT EXISTS (SELECT 1 FROM sso_refresh_token WHERE family_id = ?),"
        + " (SELECT count(*) FROM revoked)")) {
      ps.setString(1, familyId);
      ps.setString(2, familyId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  @Override
  public int revokeSession(String sessionId) {
    return db.statement("refreshTokens.revokeSession", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE sso_refresh_token SET revoked = true WHERE session_id = ? AND NOT revoked")) {
        ps.setString(1, sessionId);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public int revokeSubject(String subject) {
    return db.statement("refreshTokens.revokeSubject", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE sso_refresh_token SET revoked = true WHERE subject = ? AND NOT revoked")) {
        ps.setString(1, subject);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public int revokeClient(String clientId) {
    return db.statement("refreshTokens.revokeClient", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE sso_refresh_token SET revoked = true WHERE client_id = ? AND NOT revoked")) {
        ps.setString(1, clientId);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public int revokeClient(String subject, String clientId) {
    return db.statement("refreshTokens.revokeClient", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE sso_refresh_token SET revoked = true WHERE subject = ? AND client_id = ? AND NOT revoked")) {
        ps.setString(1, subject);
        ps.setString(2, clientId);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public int countActiveFamilies(String clientId, Instant now) {
    return db.statement("refreshTokens.countActiveFamilies", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT count(DISTINCT family_id) FROM sso_refresh_token"
          + " WHERE client_id = ? AND NOT used AND NOT revoked AND expires_at > ?")) {
        ps.setString(1, clientId);
        setInstant(ps, 2, now);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getInt(1);
        }
      }
    });
  }

  @Override
  public int purgeExpired(Instant now, int limit) {
    if (limit <= 0) {
      return 0;
    }
    return db.statement("refreshTokens.purgeExpired", c -> {
      // bounded batch by primary key; SKIP LOCKED lets purgers on several instances share the work
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM sso_refresh_token WHERE token_hash IN ("
          + "SELECT token_hash FROM sso_refresh_token WHERE expires_at < ? LIMIT ? FOR UPDATE SKIP LOCKED)")) {
        setInstant(ps, 1, now);
        ps.setInt(2, limit);
        return ps.executeUpdate();
      }
    });
  }

  private static int insert(Connection c, RefreshToken t) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO sso_refresh_token (" + COLUMNS + ")"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      bind(ps, 0, t);
      return ps.executeUpdate();
    }
  }

  /** Binds the 14 columns of {@code t} ({@link #COLUMNS}' order) to the parameters after {@code offset}. */
  private static void bind(PreparedStatement ps, int offset, RefreshToken t) throws SQLException {
    ps.setString(offset + 1, t.tokenHash());
    ps.setString(offset + 2, t.familyId());
    ps.setString(offset + 3, t.clientId());
    ps.setString(offset + 4, t.subject());
    setTextArray(ps, offset + 5, t.scopes());
    ps.setString(offset + 6, t.sessionId());
    setInstant(ps, offset + 7, t.authTime());
    setInstant(ps, offset + 8, t.grantedAt());
    setInstant(ps, offset + 9, t.issuedAt());
    setInstant(ps, offset + 10, t.expiresAt());
    ps.setBoolean(offset + 11, t.used());
    ps.setBoolean(offset + 12, t.revoked());
    ps.setString(offset + 13, t.claims());
    ps.setString(offset + 14, t.jkt());
  }

  private static RefreshToken read(ResultSet rs) throws SQLException {
    return new RefreshToken(rs.getString("token_hash"), rs.getString("family_id"), rs.getString("client_id"),
        rs.getString("subject"), Set.copyOf(textList(rs, "scopes")), rs.getString("session_id"),
        instant(rs, "auth_time"), instant(rs, "granted_at"), instant(rs, "issued_at"), instant(rs, "expires_at"),
        rs.getBoolean("used"), rs.getBoolean("revoked"), rs.getString("claims"), rs.getString("jkt"));
  }
}
