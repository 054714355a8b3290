package dev.ssokit.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ssokit.spi.ApplicationStatsStore;
import dev.ssokit.spi.AccountTokenStore;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.ClientStore;
import dev.ssokit.spi.ConsentStore;
import dev.ssokit.spi.LogoutDeliveryStore;
import dev.ssokit.spi.MfaStore;
import dev.ssokit.spi.ClientRegistrationStore;
import dev.ssokit.spi.RefreshTokenStore;
import dev.ssokit.spi.SigningKeyStore;
import dev.ssokit.spi.StoreException;
import dev.ssokit.spi.UserStore;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Every durable SSO Kit store (clients, users, consents, refresh tokens, signing keys, audit log)
 * in one PostgreSQL database, shared safely by any number of provider instances.
 *
 * <p>IMPORTANT: {@link #create} never touches the schema: run {@link #migrate} (or apply
 * {@code db/ssokit/V*.sql} with your own tool) first. Tables are created in the connection's
 * current schema. {@link #close} closes the pool only when {@link #connect} built it.
 */
public final class PostgresStore implements AutoCloseable {
  /**
   * Most connections in the pool {@link #connect} builds. Every store call is one short transaction, but a
   * request makes up to four of them one after the other, and with more requests in flight than connections
   * HikariCP hands connections over by spinning ({@code Thread.yield}) while borrowers wait: with 10, refresh
   * rotation under 32 concurrent requests cost 638-687 µs of server CPU, with 32 493-518 µs.
   */
  public static final int DEFAULT_MAXIMUM_POOL_SIZE = 32;
  /** Connections the pool keeps open when idle; more are opened as requests need them, up to the maximum. */
  public static final int DEFAULT_MINIMUM_IDLE = 2;
  /** How long a store call waits for a connection before failing; short, so an outage fails fast. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(3);
  /** How long a pooled connection's liveness check may take. */
  public static final Duration DEFAULT_VALIDATION_TIMEOUT = Duration.ofSeconds(1);
  /** Longest wait for a database answer on an open connection, so a network partition cannot hang a call. */
  public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(30);
  /** Flyway's history table, named apart from a host's own {@code flyway_schema_history}. */
  public static final String SCHEMA_HISTORY_TABLE = "ssokit_schema_history";
  /** Where the SQL migrations live on the classpath. */
  public static final String MIGRATIONS_LOCATION = "classpath:db/ssokit";
  /** Name of the pool {@link #connect} builds, as seen in HikariCP's logs and metrics. */
  public static final String POOL_NAME = "ssokit-postgres";
  /** Migration attempts when instances starting together race on an empty schema. */
  static final int MIGRATE_ATTEMPTS = 5;
  /** Pause before the n-th retry of a migration: n times this. */
  static final Duration MIGRATE_RETRY_PAUSE = Duration.ofMillis(200);

  private final HikariDataSource ownedPool;
  private final ClientStore clients;
  private final UserStore users;
  private final ConsentStore consents;
  private final RefreshTokenStore refreshTokens;
  private final SigningKeyStore signingKeys;
  private final AuditLog auditLog;
  private final LogoutDeliveryStore logoutDeliveries;
  private final ApplicationStatsStore applicationStats;
  private final AccountTokenStore accountTokens;
  private final MfaStore mfa;
  private final ClientRegistrationStore clientRegistrations;

  private PostgresStore(DataSource dataSource, HikariDataSource ownedPool) {
    this.ownedPool = ownedPool;
    Database db = new Database(dataSource);
    this.clients = new PostgresClientStore(db);
    this.users = new PostgresUserStore(db);
    this.consents = new PostgresConsentStore(db);
    this.refreshTokens = new PostgresRefreshTokenStore(db);
    this.signingKeys = new PostgresSigningKeyStore(db);
    this.auditLog = new PostgresAuditLog(db);
    this.logoutDeliveries = new PostgresLogoutDeliveryStore(db);
    this.applicationStats = new PostgresApplicationStatsStore(db);
    this.accountTokens = new PostgresAccountTokenStore(db);
    this.mfa = new PostgresMfaStore(db);
    this.clientRegistrations = new PostgresClientRegistrationStore(db);
  }

  /**
   * Stores on the host's pool; the host keeps owning it ({@link #close} leaves it open). The
   * schema must have been migrated ({@link #migrate}).
   *
   * @param dataSource the host's pool on the migrated schema; not null
   * @return the stores
   */
  public static PostgresStore create(DataSource dataSource) {
    return new PostgresStore(Objects.requireNonNull(dataSource, "dataSource"), null);
  }

  /**
   * Builds a HikariCP pool with the {@code DEFAULT_*} settings, applies the migrations and returns
   * stores that close the pool on {@link #close}.
   *
   * @param jdbcUrl  a {@code jdbc:postgresql://host:port/db} URL
   * @param user     the database user
   * @param password the user's password; never logged
   * @return the stores, owning the pool
   * @throws IllegalArgumentException when {@code jdbcUrl} is not a {@code jdbc:postgresql:} URL
   * @throws StoreException when the database cannot be reached or migrated
   */
  public static PostgresStore connect(String jdbcUrl, String user, String password) {
    return connect(jdbcUrl, user, password, DEFAULT_MAXIMUM_POOL_SIZE);
  }

  /**
   * Like {@link #connect(String, String, String)}, with at most {@code maximumPoolSize} connections (keep the
   * sum over all instances below the server's {@code max_connections}).
   *
   * @param jdbcUrl         a {@code jdbc:postgresql://host:port/db} URL
   * @param user            the database user
   * @param password        the user's password; never logged
   * @param maximumPoolSize most connections, at least 1
   * @return the stores, owning the pool
   * @throws IllegalArgumentException when {@code jdbcUrl} is not a {@code jdbc:postgresql:} URL or the size is
   *                                  below 1
   * @throws StoreException when the database cannot be reached or migrated
   */
  public static PostgresStore connect(String jdbcUrl, String user, String password, int maximumPoolSize) {
    if (maximumPoolSize < 1) {
      throw new IllegalArgumentException("maximumPoolSize must be at least 1, was " + maximumPoolSize);
    }
    if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("jdbcUrl must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db)");
    }
    HikariConfig config = new HikariConfig();
    config.setPoolName(POOL_NAME);
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(maximumPoolSize);
    config.setMinimumIdle(Math.min(DEFAULT_MINIMUM_IDLE, maximumPoolSize));
    config.setConnectionTimeout(DEFAULT_CONNECTION_TIMEOUT.toMillis());
    config.setValidationTimeout(DEFAULT_VALIDATION_TIMEOUT.toMillis());
    // fail at start, within the same budget, when the database is unreachable
    config.setInitializationFailTimeout(DEFAULT_CONNECTION_TIMEOUT.toMillis());
    config.addDataSourceProperty("connectTimeout", String.valueOf(DEFAULT_CONNECTION_TIMEOUT.toSeconds()));
    config.addDataSourceProperty("socketTimeout", String.valueOf(DEFAULT_SOCKET_TIMEOUT.toSeconds()));
    // server error details quote row values (token hashes, usernames): keep them out of messages and logs
    config.addDataSourceProperty("logServerErrorDetail", "false");
    config.addDataSourceProperty("ApplicationName", "ssokit");
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StoreException("cannot open the PostgreSQL pool " + POOL_NAME, e);
    }
    try {
      migrate(pool);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new PostgresStore(pool, pool);
  }

  /**
   * Brings the schema of {@code dataSource}'s current schema up to date with Flyway (history
   * table {@value #SCHEMA_HISTORY_TABLE}); safe to call from several instances at once.
   *
   * <p>IMPORTANT: a schema that already holds the host's own tables is accepted (baseline at
   * version 0, so every SSO Kit migration still runs).
   *
   * @param dataSource a pool on the schema to migrate; not null
   * @throws StoreException when a migration fails
   */
  public static void migrate(DataSource dataSource) {
    Objects.requireNonNull(dataSource, "dataSource");
    Flyway flyway = Flyway.configure(PostgresStore.class.getClassLoader())
        .dataSource(dataSource)
        .locations(MIGRATIONS_LOCATION)
        .table(SCHEMA_HISTORY_TABLE)
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load();
    for (int attempt = 1; ; attempt++) {
      try {
        flyway.migrate();
        return;
      } catch (FlywayException e) {
        // Instances starting together on an empty schema race: one creates the history table, the other
        // then finds it empty and cannot baseline. Once the first has finished, migrating again is a no-op.
        if (attempt == MIGRATE_ATTEMPTS) {
          throw new StoreException("SSO Kit schema migration failed: " + e.getMessage(), e);
        }
        try {
          Thread.sleep(MIGRATE_RETRY_PAUSE.toMillis() * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new StoreException("SSO Kit schema migration interrupted", interrupted);
        }
      }
    }
  }


  /** {@return the registered clients (table {@code sso_client})} */
  public ClientStore clients() {
    return clients;
  }

  /** {@return the built-in user accounts (table {@code sso_user})} */
  public UserStore users() {
    return users;
  }

  /** {@return the remembered consents (table {@code sso_consent})} */
  public ConsentStore consents() {
    return consents;
  }

  /** {@return the refresh-token families (table {@code sso_refresh_token})} */
  public RefreshTokenStore refreshTokens() {
    return refreshTokens;
  }

  /** {@return the signing keys (table {@code sso_signing_key})} */
  public SigningKeyStore signingKeys() {
    return signingKeys;
  }

  /** {@return the security events (table {@code sso_audit_event})} */
  public AuditLog auditLog() {
    return auditLog;
  }

  /** {@return the Back-Channel Logout deliveries waiting or being retried (table {@code sso_logout_delivery})} */
  public LogoutDeliveryStore logoutDeliveries() {
    return logoutDeliveries;
  }

  /** {@return the application usage counts (tables {@code sso_client_usage} and {@code sso_client_user})} */
  public ApplicationStatsStore applicationStats() {
    return applicationStats;
  }

  /** {@return the verification, reset and invitation links of the built-in accounts (table {@code sso_account_token})} */
  public AccountTokenStore accountTokens() {
    return accountTokens;
  }

  /** {@return the second factors (TOTP) of the built-in accounts} */
  public MfaStore mfa() {
    return mfa;
  }

  /**
   * {@return the initial access tokens and registration access token hashes of dynamic client registration
   * (tables {@code sso_initial_access_token} and {@code sso_registration_access_token})}
   */
  public ClientRegistrationStore clientRegistrations() {
    return clientRegistrations;
  }

  /** Closes the pool {@link #connect} built; does nothing for a host's pool given to {@link #create}. */
  @Override
  public void close() {
    if (ownedPool != null) {
      ownedPool.close();
    }
  }
}
