package dev.ssokit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoProvider;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import redis.clients.jedis.JedisPooled;

/**
 * The starter on real servers: a {@link DataSource} bean makes the provider durable in PostgreSQL
 * (schema migrated at start), {@code sso.redis.url} puts the ephemeral state in Redis.
 *
 * <p>Servers: {@value #POSTGRES_ENV} / {@value #REDIS_ENV} when set, else the local defaults
 * ({@value #LOCAL_POSTGRES} user postgres, {@value #LOCAL_REDIS}); a missing server fails the test.
 */
class SsoAutoConfigurationBackendsIT {
  static final String POSTGRES_ENV = "SSO_TEST_POSTGRES_URL";
  static final String REDIS_ENV = "SSO_TEST_REDIS_URL";
  static final String LOCAL_POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";
  static final String LOCAL_REDIS = "redis://127.0.0.1:6379";

  private static final String SCHEMA = "sso_starter_it_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
  private static HikariDataSource dataSource;

  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SsoAutoConfiguration.class))
      .withPropertyValues("sso.issuer=http://localhost:8080");

  @BeforeAll
  static void schema() throws SQLException {
    try (Connection c = DriverManager.getConnection(postgresUrl(), postgresUser(), postgresPassword());
         Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + SCHEMA);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(postgresUrl() + (postgresUrl().contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
    config.setUsername(postgresUser());
    config.setPassword(postgresPassword());
    config.setMaximumPoolSize(4);
    dataSource = new HikariDataSource(config);
  }

  @AfterAll
  static void dropSchema() throws SQLException {
    dataSource.close();
    try (Connection c = DriverManager.getConnection(postgresUrl(), postgresUser(), postgresPassword());
         Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA " + SCHEMA + " CASCADE");
    }
  }

  @Test
  void whenADataSourceBeanExistsThenClientsSurviveARestartOfTheContext() throws SQLException {
    web.withBean(DataSource.class, () -> dataSource, SsoAutoConfigurationBackendsIT::keepOpen).run(context -> {
      context.getBean(SsoProvider.class).clients().importClient(new ClientRegistration("durable", null, null, null,
          Set.of("client_credentials"), Set.of("api"), null, null, null), "7f3c9a1e5b2d8f604e1a9c3b7d5f2e80");
    });
    web.withBean(DataSource.class, () -> dataSource, SsoAutoConfigurationBackendsIT::keepOpen).run(context ->
        assertThat(context.getBean(SsoProvider.class).clients().find("durable")).isPresent());
    assertThat(count("sso_client")).isEqualTo(1);
  }

  @Test
  void whenSeedModeIsApplyThenDeclaredClientsUpdateTheStoredOnesAtTheNextStart() {
    String declared = "sso.clients.declared.";
    String[] first = {declared + "redirect-uris=https://app.example/cb", declared + "scope=openid",
        declared + "client-secret=7f3c9a1e5b2d8f604e1a9c3b7d5f2e80"};
    String[] changed = {declared + "redirect-uris=https://app.example/new-cb", declared + "scope=openid profile",
        declared + "client-secret=7f3c9a1e5b2d8f604e1a9c3b7d5f2e80"};
    web.withBean(DataSource.class, () -> dataSource, SsoAutoConfigurationBackendsIT::keepOpen)
        .withPropertyValues(first).run(context -> assertThat(redirects(context)).containsExactly("https://app.example/cb"));
    // create (the default): the stored client stays as it is
    web.withBean(DataSource.class, () -> dataSource, SsoAutoConfigurationBackendsIT::keepOpen)
        .withPropertyValues(changed).run(context -> assertThat(redirects(context))
            .containsExactly("https://app.example/cb"));
    // apply: the properties are authoritative
    web.withBean(DataSource.class, () -> dataSource, SsoAutoConfigurationBackendsIT::keepOpen)
        .withPropertyValues(changed).withPropertyValues("sso.seed-mode=apply").run(context -> {
          assertThat(redirects(context)).containsExactly("https://app.example/new-cb");
          assertThat(context.getBean(SsoProvider.class).clients().find("declared").orElseThrow().scopes())
              .containsExactlyInAnyOrder("openid", "profile");
          // the schema is shared by this class's tests
          assertThat(context.getBean(SsoProvider.class).clients().delete("declared")).isTrue();
        });
    web.withPropertyValues("sso.seed-mode=sync").run(context -> assertThat(context).hasFailed()
        .getFailure().hasStackTraceContaining("sso.seed-mode").hasStackTraceContaining("must be create or apply"));
  }

  private static List<String> redirects(org.springframework.context.ApplicationContext context) {
    return context.getBean(SsoProvider.class).clients().find("declared").orElseThrow().redirectUris().stream()
        .map(URI::toString).toList();
  }

  @Test
  void whenRedisUrlIsSetThenInteractionsAreKeptInRedisUnderThePrefix() {
    String prefix = "ssokit-starter-it-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ":";
    web.withPropertyValues("sso.redis.url=" + redisUrl(), "sso.redis.key-prefix=" + prefix).run(context -> {
      SsoProvider provider = context.getBean(SsoProvider.class);
      provider.clients().importClient(new ClientRegistration("web", null, List.of(URI.create("http://localhost:9000/cb")),
          null, null, Set.of("openid"), null, null, null), "7f3c9a1e5b2d8f604e1a9c3b7d5f2e80");
      HTTPResponse authorize = provider.handle(new HTTPRequest(HTTPRequest.Method.GET, URI.create(
          "http://localhost:8080/authorize?response_type=code&client_id=web"
              + "&redirect_uri=http%3A%2F%2Flocalhost%3A9000%2Fcb&scope=openid&state=s"
              + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256")));
      assertThat(authorize.getStatusCode()).isBetween(300, 399);

      try (JedisPooled jedis = new JedisPooled(URI.create(redisUrl()))) {
        Set<String> keys = jedis.keys(prefix + "*");
        assertThat(keys).isNotEmpty();
        jedis.del(keys.toArray(String[]::new));
      }
    });
  }

  /** The pool is shared by both contexts of a test: closing the first context must not close it. */
  private static void keepOpen(BeanDefinition definition) {
    definition.setDestroyMethodName("");
  }

  private static long count(String table) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String postgresUrl() {
    return env(POSTGRES_ENV, LOCAL_POSTGRES);
  }

  private static String postgresUser() {
    return env("SSO_TEST_POSTGRES_USER", "postgres");
  }

  private static String postgresPassword() {
    return env("SSO_TEST_POSTGRES_PASSWORD", "");
  }

  private static String redisUrl() {
    return env(REDIS_ENV, LOCAL_REDIS);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
