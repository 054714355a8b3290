package dev.ssokit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoProvider;
import dev.ssokit.postgres.PostgresStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The PostgreSQL store beside Spring Boot's own Flyway auto-configuration on a real database: the
 * host's migrations ({@code db/migration}, history {@code flyway_schema_history}) and SSO Kit's
 * ({@code db/ssokit}, history {@code ssokit_schema_history}) both apply, whichever ran first, with the
 * Flyway and HikariCP versions this module's Spring Boot generation manages.
 *
 * <p>Server: {@code SSO_TEST_POSTGRES_URL} when set, else {@code jdbc:postgresql://127.0.0.1:5432/test}
 * (user postgres); a missing server fails the test.
 */
class SsoFlywayCoexistenceIT {
  private final String schema = "sso_flyway_it_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());

  private ApplicationContextRunner app() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(BootAutoConfigurations.DATA_SOURCE, BootAutoConfigurations.FLYWAY,
            SsoAutoConfiguration.class))
        .withPropertyValues("sso.issuer=http://localhost:8080",
            "spring.datasource.url=" + url() + (url().contains("?") ? "&" : "?") + "currentSchema=" + schema,
            "spring.datasource.username=" + user(), "spring.datasource.password=" + password());
  }

  @BeforeEach
  void createSchema() throws SQLException {
    execute("CREATE SCHEMA " + schema);
  }

  @AfterEach
  void dropSchema() throws SQLException {
    execute("DROP SCHEMA " + schema + " CASCADE");
  }

  @Test
  void whenBootsFlywayRunsOnAnEmptySchemaThenBothMigrateTheirOwnTablesAndARestartChangesNothing() throws SQLException {
    app().run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(Flyway.class);
      importClient(context.getBean(SsoProvider.class));
    });
    app().run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(SsoProvider.class).clients().find("durable")).isPresent();
    });

    assertThat(rows("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
        .containsExactly("1");
    assertThat(rows("SELECT version FROM " + PostgresStore.SCHEMA_HISTORY_TABLE
        + " WHERE success AND version <> '0' ORDER BY installed_rank")).startsWith("1", "2").doesNotHaveDuplicates();
    assertThat(rows("SELECT name FROM host_note")).containsExactly("created by the host's V1");
  }

  @Test
  void whenSsoKitMigratedTheSchemaFirstThenBootsFlywayStillAppliesEveryHostMigration() throws SQLException {
    try (var pool = new com.zaxxer.hikari.HikariDataSource()) {
      pool.setJdbcUrl(url() + (url().contains("?") ? "&" : "?") + "currentSchema=" + schema);
      pool.setUsername(user());
      pool.setPassword(password());
      PostgresStore.migrate(pool);
    }

    app().run(context -> {
      assertThat(context).hasNotFailed();
      importClient(context.getBean(SsoProvider.class));
    });

    // baseline 0, then the host's V1: nothing of the host's was skipped
    assertThat(rows("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
        .containsExactly("0", "1");
    assertThat(rows("SELECT name FROM host_note")).containsExactly("created by the host's V1");
    assertThat(rows("SELECT client_id FROM sso_client")).containsExactly("durable");
  }

  @Test
  void whenTheSchemaHoldsOtherTablesThenBootsFlywayKeepsItsOwnRefusal() throws SQLException {
    execute("CREATE TABLE " + schema + ".legacy (id int)");
    app().run(context -> assertThat(context).hasFailed().getFailure()
        .hasStackTraceContaining("non-empty schema"));
  }

  private static void importClient(SsoProvider provider) {
    provider.clients().importClient(new ClientRegistration("durable", null, null, null,
        Set.of("client_credentials"), Set.of("api"), null, null, null), "7f3c9a1e5b2d8f604e1a9c3b7d5f2e80");
  }

  private List<String> rows(String query) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + schema);
      List<String> values = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(query)) {
        while (rs.next()) {
          values.add(rs.getString(1));
        }
      }
      return values;
    }
  }

  private static void execute(String sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static Connection connect() throws SQLException {
    return DriverManager.getConnection(url(), user(), password());
  }

  private static String url() {
    return env(SsoAutoConfigurationBackendsIT.POSTGRES_ENV, SsoAutoConfigurationBackendsIT.LOCAL_POSTGRES);
  }

  private static String user() {
    return env("SSO_TEST_POSTGRES_USER", "postgres");
  }

  private static String password() {
    return env("SSO_TEST_POSTGRES_PASSWORD", "");
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
