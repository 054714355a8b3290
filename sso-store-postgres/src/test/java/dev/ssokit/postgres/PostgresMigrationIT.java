package dev.ssokit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link PostgresStore#migrate} is idempotent, keeps its own history table and accepts a host's tables. */
class PostgresMigrationIT {
  @RegisterExtension
  static final TestSchema DB = new TestSchema();

  @Test
  void whenMigratedAgainThenNothingChangesAndHistoryIsInItsOwnTable() throws SQLException {
    assertThatCode(() -> PostgresStore.migrate(DB.dataSource())).doesNotThrowAnyException();

    assertThat(tables()).contains("sso_client", "sso_user", "sso_consent", "sso_refresh_token",
        "sso_signing_key", "sso_audit_event", PostgresStore.SCHEMA_HISTORY_TABLE)
        .doesNotContain("flyway_schema_history");
  }

  @Test
  void whenSchemaAlreadyHoldsHostTablesThenMigrationStillCreatesOurs() throws SQLException {
    String hostSchema = DB.schema() + "_host";
    execute("CREATE SCHEMA " + hostSchema, "CREATE TABLE " + hostSchema + ".host_orders (id int PRIMARY KEY)");
    try {
      PostgresStore.migrate(DB.newPoolOn(hostSchema));

      assertThat(PostgresStore.create(DB.newPoolOn(hostSchema)).clients().list(0, 10)).isEmpty();
    } finally {
      execute("DROP SCHEMA " + hostSchema + " CASCADE");
    }
  }

  @Test
  @Timeout(120)
  void whenInstancesMigrateAnEmptySchemaTogetherThenAllSucceedWithOneHistory() throws Exception {
    for (int round = 0; round < 5; round++) {
      String schema = DB.schema() + "_race" + round;
      execute("CREATE SCHEMA " + schema);
      try {
        int instances = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        List<Future<?>> done = new ArrayList<>();
        List<HikariDataSource> instancePools = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
          HikariDataSource ds = DB.newPoolOn(schema);
          instancePools.add(ds);
          done.add(pool.submit(() -> {
            start.await();
            PostgresStore.migrate(ds);
            return null;
          }));
        }
        start.countDown();
        for (Future<?> f : done) {
          f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdownNow();
        instancePools.forEach(HikariDataSource::close);
        try (Connection c = DB.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT version) FROM " + schema + "."
                 + PostgresStore.SCHEMA_HISTORY_TABLE + " WHERE success AND version IS NOT NULL AND version <> '0'")) {
          rs.next();
          // every migration file applied, each once (counted, so a new migration needs no edit here)
          assertThat(rs.getInt(1)).as("each migration applied once").isEqualTo(rs.getInt(2)).isGreaterThanOrEqualTo(4);
        }
      } finally {
        execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private static void execute(String... sql) throws SQLException {
    try (Connection c = DB.dataSource().getConnection(); Statement s = c.createStatement()) {
      for (String statement : sql) {
        s.execute(statement);
      }
    }
  }

  private static List<String> tables() throws SQLException {
    try (Connection c = DB.dataSource().getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")) {
      List<String> names = new ArrayList<>();
      while (rs.next()) {
        names.add(rs.getString(1));
      }
      return names;
    }
  }
}
