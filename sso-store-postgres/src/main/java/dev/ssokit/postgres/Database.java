package dev.ssokit.postgres;

import dev.ssokit.spi.StoreException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The host's or our own {@link DataSource}, with the one way every PostgreSQL store runs SQL:
 * commit or roll back, retry what PostgreSQL aborted to break a deadlock, and turn every
 * {@link SQLException} into a {@link StoreException}.
 *
 * <p>IMPORTANT: works with pools whose connections default to auto-commit on or off and leaves
 * each connection in the auto-commit mode it was handed out in.
 */
final class Database {
  /** Runs of a transaction that PostgreSQL aborted as a deadlock or serialization failure. */
  static final int MAX_ATTEMPTS = 3;
  /** SQLState of unique_violation. */
  static final String UNIQUE_VIOLATION = "23505";
  /** SQLStates of serialization_failure and deadlock_detected: safe to run the transaction again. */
  private static final Set<String> RETRYABLE = Set.of("40001", "40P01");

  /** SQL to run on one connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  @FunctionalInterface
  private interface SqlAction {
    void run() throws SQLException;
  }

  private final DataSource dataSource;

  Database(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Runs one statement, atomic by itself; committed even on a pool whose auto-commit is off. */
  <T> T statement(String operation, Work<T> work) {
    return run(operation, false, work, null);
  }

  /** Runs several statements as one transaction. */
  <T> T transaction(String operation, Work<T> work) {
    return run(operation, true, work, null);
  }

  /** Like {@link #statement}, but a unique violation is rolled back and answered by {@code onUniqueViolation}. */
  <T> T statement(String operation, Work<T> work, Function<SQLException, T> onUniqueViolation) {
    return run(operation, false, work, onUniqueViolation);
  }

  private <T> T run(String operation, boolean multiStatement, Work<T> work,
      Function<SQLException, T> onUniqueViolation) {
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(multiStatement, work);
      } catch (SQLException e) {
        String state = e.getSQLState();
        if (onUniqueViolation != null && UNIQUE_VIOLATION.equals(state)) {
          return onUniqueViolation.apply(e);
        }
        if (RETRYABLE.contains(state) && attempt < MAX_ATTEMPTS) {
          // PostgreSQL rolled the whole unit back to break a deadlock: running it again is safe
          continue;
        }
        throw failure(operation, e);
      }
    }
  }

  private <T> T attempt(boolean multiStatement, Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      if (autoCommit && !multiStatement) {
        return work.run(c);
      }
      if (autoCommit) {
        c.setAutoCommit(false);
      }
      T result;
      try {
        result = work.run(c);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        // never leave a half-done transaction behind; a failing rollback is reported with e
        suppressed(e, c::rollback);
        if (autoCommit) {
          suppressed(e, () -> c.setAutoCommit(true));
        }
        throw e;
      }
      if (autoCommit) {
        c.setAutoCommit(true);
      }
      return result;
    }
  }

  private static void suppressed(Throwable primary, SqlAction action) {
    try {
      action.run();
    } catch (SQLException e) {
      primary.addSuppressed(e);
    }
  }

  /** A StoreException naming the operation and SQLState; never parameters, which may be secret. */
  static StoreException failure(String operation, SQLException e) {
    return new StoreException("PostgreSQL " + operation + " failed (SQLState " + e.getSQLState() + ")", e);
  }
}
