package dev.ssokit.postgres;

import static dev.ssokit.postgres.Columns.instant;
import static dev.ssokit.postgres.Columns.setInstant;
import static dev.ssokit.postgres.Columns.setTextArray;
import static dev.ssokit.postgres.Columns.textList;

import dev.ssokit.spi.MfaEnrolment;
import dev.ssokit.spi.MfaStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/** {@link MfaStore} on table {@code sso_mfa}; a recovery code is spent by one conditional {@code UPDATE}. */
final class PostgresMfaStore implements MfaStore {
  private final Database db;

  PostgresMfaStore(Database db) {
    this.db = db;
  }

  @Override
  public Optional<MfaEnrolment> find(String subject) {
    return db.statement("mfa.find", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT secret, confirmed, recovery_code_hashes, created_at"
          + " FROM sso_mfa WHERE subject = ?")) {
        ps.setString(1, subject);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next()
              ? Optional.of(new MfaEnrolment(subject, rs.getString("secret"), rs.getBoolean("confirmed"),
                  textList(rs, "recovery_code_hashes"), instant(rs, "created_at")))
              : Optional.empty();
        }
      }
    });
  }

  @Override
  public void save(MfaEnrolment e) {
    db.statement("mfa.save", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO sso_mfa"
          + " (subject, secret, confirmed, recovery_code_hashes, created_at) VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT (subject) DO UPDATE SET secret = EXCLUDED.secret, confirmed = EXCLUDED.confirmed,"
          + " recovery_code_hashes = EXCLUDED.recovery_code_hashes, created_at = EXCLUDED.created_at")) {
        ps.setString(1, e.subject());
        ps.setString(2, e.secret());
        ps.setBoolean(3, e.confirmed());
        setTextArray(ps, 4, e.recoveryCodeHashes());
        setInstant(ps, 5, e.createdAt());
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public boolean useRecoveryCode(String subject, String codeHash) {
    return db.statement("mfa.useRecoveryCode", c -> {
      // the row lock of the UPDATE serialises concurrent uses: the second sees the code removed
      try (PreparedStatement ps = c.prepareStatement("UPDATE sso_mfa SET recovery_code_hashes ="
          + " array_remove(recovery_code_hashes, ?) WHERE subject = ? AND ? = ANY(recovery_code_hashes)")) {
        ps.setString(1, codeHash);
        ps.setString(2, subject);
        ps.setString(3, codeHash);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean delete(String subject) {
    return db.statement("mfa.delete", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM sso_mfa WHERE subject = ?")) {
        ps.setString(1, subject);
        return ps.executeUpdate() == 1;
      }
    });
  }
}
