package dev.ssokit.spring;

import dev.ssokit.postgres.PostgresStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Lets the host's own Flyway (Spring Boot's {@code spring.flyway.*}) start on a schema that holds
 * SSO Kit's tables only: Flyway refuses a non-empty schema without its history table ("Found
 * non-empty schema(s) ... but no schema history table"), which happens when SSO Kit migrated the
 * schema before the host's Flyway first ran (an earlier start without Flyway, another application or
 * the standalone server on the same database).
 *
 * <p>In that one case the host's Flyway gets a baseline at version 0, so every host migration still
 * runs. IMPORTANT: a schema holding anything else, one that already has the host's history table, a
 * host Flyway that sets its own baseline, or a database other than PostgreSQL is left to Flyway's
 * own rules.
 */
final class HostFlywayBaseline implements BeanPostProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(HostFlywayBaseline.class);
  /** Baseline below every migration, so the host's V1 still runs. */
  static final String BASELINE_VERSION = "0";

  /**
   * Objects of the schemas (tables, views, sequences, functions, non-row types): how many are the host's
   * Flyway history table, SSO Kit's history table, and anything else. SSO Kit names all its objects
   * {@code sso_*}; row types of tables and their array types come with the tables and are not counted.
   */
  private static final String COUNT_OBJECTS = """
      SELECT count(*) FILTER (WHERE name = ?) AS host_history,
             count(*) FILTER (WHERE name = ?) AS ssokit_history,
             count(*) FILTER (WHERE name <> ? AND name <> ? AND name NOT LIKE 'sso\\_%') AS others
      FROM (SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = ANY (?) AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c')
            UNION ALL
            SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE n.nspname = ANY (?)
            UNION ALL
            SELECT t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
              WHERE n.nspname = ANY (?) AND t.typtype IN ('e', 'd', 'r', 'm') AND t.typelem = 0) objects
      """;

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (bean instanceof Flyway flyway) {
      Configuration configuration = flyway.getConfiguration();
      if (!configuration.isBaselineOnMigrate() && onlySsoKitTables(configuration)) {
        LOG.info("Flyway bean {}: the schema holds only SSO Kit's tables, so the application's migrations start"
            + " from a baseline at version {} (every one of them still runs)", beanName, BASELINE_VERSION);
        return Flyway.configure(configuration.getClassLoader()).configuration(configuration)
            .baselineOnMigrate(true).baselineVersion(BASELINE_VERSION).load();
      }
    }
    return bean;
  }

  private static boolean onlySsoKitTables(Configuration configuration) {
    DataSource dataSource = configuration.getDataSource();
    if (dataSource == null) {
      return false;
    }
    try (Connection c = dataSource.getConnection()) {
      if (!c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgresql")) {
        return false;
      }
      String[] schemas = configuration.getSchemas().length > 0 ? configuration.getSchemas() : new String[] {c.getSchema()};
      if (schemas[0] == null) {
        return false;
      }
      try (PreparedStatement s = c.prepareStatement(COUNT_OBJECTS)) {
        s.setString(1, configuration.getTable());
        s.setString(2, PostgresStore.SCHEMA_HISTORY_TABLE);
        s.setString(3, configuration.getTable());
        s.setString(4, PostgresStore.SCHEMA_HISTORY_TABLE);
        for (int i = 5; i <= 7; i++) {
          s.setArray(i, c.createArrayOf("text", schemas));
        }
        try (ResultSet rs = s.executeQuery()) {
          rs.next();
          return rs.getLong("host_history") == 0 && rs.getLong("ssokit_history") > 0 && rs.getLong("others") == 0;
        }
      }
    } catch (SQLException e) {
      // Flyway itself reports an unreachable database when it migrates; its own rules apply then
      LOG.debug("cannot inspect the schema of Flyway bean: {}", e.getMessage());
      return false;
    }
  }
}
