package dev.ssokit.postgres;

import static dev.ssokit.postgres.Columns.instant;
import static dev.ssokit.postgres.Columns.json;
import static dev.ssokit.postgres.Columns.jsonMap;
import static dev.ssokit.postgres.Columns.setInstant;

import dev.ssokit.spi.User;
import dev.ssokit.spi.UserStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@link UserStore} on table {@code sso_user}; usernames unique through an index on {@code lower(username)}. */
final class PostgresUserStore implements UserStore {
  private static final String COLUMNS =
      "id, username, email, email_verified, password_hash, claims, locked_until, created_at, disabled";

  private final Database db;

  PostgresUserStore(Database db) {
    this.db = db;
  }

  @Override
  public Optional<User> findById(String id) {
    return findOne("users.findById", "id = ?", id);
  }

  @Override
  public Optional<User> findByUsername(String username) {
    // User#username: compared case-insensitively; lower(username) is the unique index
    return findOne("users.findByUsername", "lower(username) = lower(?)", username);
  }

  @Override
  public Optional<User> findByEmail(String email) {
    // lower(email) is indexed (V9); two rows mean the address is ambiguous: nobody signs in with it
    return db.statement("users.findByEmail", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
          + " FROM sso_user WHERE lower(email) = lower(?) LIMIT 2")) {
        ps.setString(1, email);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          User first = read(rs);
          return rs.next() ? Optional.empty() : Optional.of(first);
        }
      }
    });
  }

  private Optional<User> findOne(String operation, String condition, String value) {
    return db.statement(operation, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sso_user WHERE " + condition)) {
        ps.setString(1, value);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public boolean create(User user) {
    return db.statement("users.create", c -> {
      // no conflict target: a taken id and a taken username both leave the table unchanged
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO sso_user (" + COLUMNS + ")"
          + " VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?) ON CONFLICT DO NOTHING")) {
        ps.setString(1, user.id());
        bindFields(ps, user, 2);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean update(User user) {
    return db.statement("users.update", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE sso_user SET username = ?, email = ?,"
          + " email_verified = ?, password_hash = ?, claims = CAST(? AS jsonb), locked_until = ?, created_at = ?,"
          + " disabled = ? WHERE id = ?")) {
        bindFields(ps, user, 1);
        ps.setString(9, user.id());
        return ps.executeUpdate() == 1;
      }
    }, usernameTaken -> false);
  }

  @Override
  public boolean delete(String id) {
    return db.transaction("users.delete", c -> {
      try (PreparedStatement roles = c.prepareStatement("DELETE FROM sso_user_role WHERE user_id = ?");
           PreparedStatement ps = c.prepareStatement("DELETE FROM sso_user WHERE id = ?")) {
        roles.setString(1, id);
        roles.executeUpdate();
        ps.setString(1, id);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public List<User> list(String search, String afterId, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative: " + limit);
    }
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM sso_user WHERE true");
    List<String> values = new ArrayList<>();
    if (search != null) {
      sql.append(" AND (strpos(lower(username), lower(?)) > 0 OR strpos(lower(coalesce(email, '')), lower(?)) > 0)");
      values.add(search);
      values.add(search);
    }
    if (afterId != null) {
      sql.append(" AND (id COLLATE \"C\") > ?");
      values.add(afterId);
    }
    // code-point order, as the in-memory store; served by sso_user_id_c_idx
    sql.append(" ORDER BY (id COLLATE \"C\") LIMIT ?");
    return db.statement("users.list", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
        int i = 1;
        for (String v : values) {
          ps.setString(i++, v);
        }
        ps.setInt(i, limit);
        try (ResultSet rs = ps.executeQuery()) {
          List<User> out = new ArrayList<>();
          while (rs.next()) {
            out.add(read(rs));
          }
          return out;
        }
      }
    });
  }

  @Override
  public Set<String> roles(String id) {
    return db.statement("users.roles", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT role FROM sso_user_role WHERE user_id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          Set<String> roles = new HashSet<>();
          while (rs.next()) {
            roles.add(rs.getString(1));
          }
          return Set.copyOf(roles);
        }
      }
    });
  }

  @Override
  public boolean setRoles(String id, Set<String> roles) {
    return db.transaction("users.setRoles", c -> {
      // lock the user row: a concurrent delete cannot leave roles of a user that is gone
      try (PreparedStatement lock = c.prepareStatement("SELECT 1 FROM sso_user WHERE id = ? FOR UPDATE")) {
        lock.setString(1, id);
        try (ResultSet rs = lock.executeQuery()) {
          if (!rs.next()) {
            return false;
          }
        }
      }
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM sso_user_role WHERE user_id = ?");
           PreparedStatement insert = c.prepareStatement("INSERT INTO sso_user_role (user_id, role) VALUES (?, ?)")) {
        delete.setString(1, id);
        delete.executeUpdate();
        for (String role : roles) {
          insert.setString(1, id);
          insert.setString(2, role);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      return true;
    });
  }

  @Override
  public boolean anyWithRole(String role) {
    return db.statement("users.anyWithRole", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sso_user_role WHERE role = ? LIMIT 1")) {
        ps.setString(1, role);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  private static void bindFields(PreparedStatement ps, User user, int first) throws SQLException {
    int i = first;
    ps.setString(i++, user.username());
    ps.setString(i++, user.email());
    ps.setBoolean(i++, user.emailVerified());
    ps.setString(i++, user.passwordHash());
    ps.setString(i++, json(user.claims()));
    setInstant(ps, i++, user.lockedUntil());
    setInstant(ps, i++, user.createdAt());
    ps.setBoolean(i, user.disabled());
  }

  private static User read(ResultSet rs) throws SQLException {
    return new User(rs.getString("id"), rs.getString("username"), rs.getString("email"),
        rs.getBoolean("email_verified"), rs.getString("password_hash"), jsonMap(rs, "claims"),
        instant(rs, "locked_until"), instant(rs, "created_at"), rs.getBoolean("disabled"));
  }
}
