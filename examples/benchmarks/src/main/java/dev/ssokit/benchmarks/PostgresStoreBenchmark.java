package dev.ssokit.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.ssokit.SsoProvider;
import dev.ssokit.SsoSettings;
import dev.ssokit.postgres.PostgresStore;
import dev.ssokit.spi.RefreshToken;
import dev.ssokit.spi.RefreshTokenStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Latency of the two hottest PostgreSQL store calls — {@code refreshTokens().rotate} and
 * {@code clients().find} — as the tables grow from a thousand to a million refresh-token
 * families, plus table and index sizes and the rate of {@link SsoProvider#purgeExpired}.
 *
 * <p>For each size it migrates a fresh schema ({@code sso_bench_<random>}, dropped afterwards),
 * bulk-loads it server-side with {@code generate_series} (one current token per family; clients
 * and users at one per ten families, at least {@value #MIN_CLIENTS}), runs
 * {@value #WARMUP_OPERATIONS} warm-up and {@value #MEASURED_OPERATIONS} measured operations of
 * each kind on random rows from one thread, and reports the median and p99 (nearest rank).
 *
 * <p>IMPORTANT: a measurement, not a test; {@code mvn verify} never runs it. Usage:
 * {@code java -jar examples/benchmarks/target/sso-benchmarks.jar [--families=1000,100000,1000000]
 * [--operations=2000] [--keep-schemas]}; the database comes from {@value #URL_ENV} (default
 * {@value #DEFAULT_URL}), user {@value #USER_ENV} (default {@value #DEFAULT_USER}), password
 * {@value #PASSWORD_ENV}.
 */
public final class PostgresStoreBenchmark {
  static final String URL_ENV = "SSO_BENCH_POSTGRES_URL";
  static final String USER_ENV = "SSO_BENCH_POSTGRES_USER";
  static final String PASSWORD_ENV = "SSO_BENCH_POSTGRES_PASSWORD";
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  static final String DEFAULT_USER = "postgres";
  static final List<Integer> DEFAULT_FAMILIES = List.of(1_000, 100_000, 1_000_000);
  static final int WARMUP_OPERATIONS = 500;
  static final int MEASURED_OPERATIONS = 2_000;
  /** Clients and users: one per {@value} families, ... */
  static final int FAMILIES_PER_CLIENT = 10;
  /** ... and at least this many. */
  static final int MIN_CLIENTS = 1_000;
  /** Expired refresh tokens (and a tenth as many expired consents) added for the purge measurement. */
  static final int EXPIRED_TOKENS = 100_000;
  /** Same seed every run, so every run rotates the same families. */
  static final long RANDOM_SEED = 20261126L;
  /** A single-threaded benchmark needs one connection; the second is slack for the pool's housekeeping. */
  static final int POOL_SIZE = 2;
  private static final Duration TOKEN_LIFETIME = Duration.ofDays(30);
  private static final Set<String> SCOPES = Set.of("openid", "offline_access");

  /** What one size measured; latencies in microseconds, sizes in bytes. */
  record Result(int families, int clients, double loadSeconds, double rotateP50, double rotateP99,
                double asyncRotateP50, double asyncRotateP99, double findP50, double findP99, long tokenTotal, long tokenIndexes, long clientTotal,
                long clientIndexes, long purged, double purgeSeconds) {
    double purgeRate() {
      return purged / purgeSeconds;
    }
  }

  private final String url;
  private final String user;
  private final String password;
  private final int operations;
  private final boolean keepSchemas;

  private PostgresStoreBenchmark(String url, String user, String password, int operations, boolean keepSchemas) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.operations = operations;
    this.keepSchemas = keepSchemas;
  }

  public static void main(String[] args) throws Exception {
    List<Integer> sizes = DEFAULT_FAMILIES;
    int operations = MEASURED_OPERATIONS;
    boolean keep = false;
    for (String arg : args) {
      if (arg.startsWith("--families=")) {
        sizes = Arrays.stream(arg.substring("--families=".length()).split(",")).map(String::trim)
            .map(Integer::valueOf).toList();
      } else if (arg.startsWith("--operations=")) {
        operations = Integer.parseInt(arg.substring("--operations=".length()));
      } else if (arg.equals("--keep-schemas")) {
        keep = true;
      } else {
        System.err.println("unknown argument " + arg
            + "; usage: [--families=1000,100000,1000000] [--operations=2000] [--keep-schemas]");
        System.exit(2);
        return;
      }
    }
    String url = envOr(URL_ENV, DEFAULT_URL);
    PostgresStoreBenchmark benchmark = new PostgresStoreBenchmark(url, envOr(USER_ENV, DEFAULT_USER),
        envOr(PASSWORD_ENV, ""), operations, keep);
    System.out.println("# PostgresStoreBenchmark " + LocalDate.now(Clock.systemUTC()));
    System.out.println("java " + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors()
        + " CPUs, " + benchmark.serverVersion());
    System.out.println(operations + " measured operations per kind after " + WARMUP_OPERATIONS
        + " warm-up, one thread, random rows; latency of the store call incl. JDBC round trips and commit;"
        + " 'no-flush' rotations run with synchronous_commit=off (no WAL flush wait: the index and row work alone)");
    System.out.println("load average at start: " + loadAverage());
    List<Result> results = new ArrayList<>();
    for (int families : sizes) {
      results.add(benchmark.run(families));
    }
    System.out.println();
    System.out.println("| families (rows) | clients = users | load s | rotate p50 µs | rotate p99 µs"
        + " | no-flush rotate p50 µs | no-flush rotate p99 µs | client find p50 µs | client find p99 µs"
        + " | sso_refresh_token total | of which indexes | sso_client total | of which indexes | purge rows/s |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Result r : results) {
      System.out.printf(Locale.ROOT, "| %,d | %,d | %.1f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %s | %s | %s | %s"
              + " | %,.0f |%n",
          r.families(), r.clients(), r.loadSeconds(), r.rotateP50(), r.rotateP99(), r.asyncRotateP50(),
          r.asyncRotateP99(), r.findP50(), r.findP99(),
          mib(r.tokenTotal()), mib(r.tokenIndexes()), mib(r.clientTotal()), mib(r.clientIndexes()), r.purgeRate());
    }
    if (results.size() > 1) {
      Result first = results.get(0);
      Result last = results.get(results.size() - 1);
      System.out.printf(Locale.ROOT, "%ngrowth %,d -> %,d families (x%,d rows): rotate p50 x%.2f, p99 x%.2f;"
              + " no-flush rotate p50 x%.2f, p99 x%.2f; client find p50 x%.2f, p99 x%.2f%n", first.families(),
          last.families(), last.families() / first.families(), last.rotateP50() / first.rotateP50(),
          last.rotateP99() / first.rotateP99(), last.asyncRotateP50() / first.asyncRotateP50(),
          last.asyncRotateP99() / first.asyncRotateP99(), last.findP50() / first.findP50(),
          last.findP99() / first.findP99());
    }
  }

  private Result run(int families) throws SQLException {
    int clients = Math.max(MIN_CLIENTS, families / FAMILIES_PER_CLIENT);
    String schema = "sso_bench_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    execute("CREATE SCHEMA " + schema);
    try (HikariDataSource pool = pool(schema, false); HikariDataSource noFlushPool = pool(schema, true)) {
      PostgresStore.migrate(pool);
      PostgresStore store = PostgresStore.create(pool);
      progress("%,d families: loading into %s", families, schema);
      long loadStart = System.nanoTime();
      load(pool, families, clients);
      double loadSeconds = seconds(System.nanoTime() - loadStart);
      long[] sizes = sizes(pool);
      progress("%,d families: loaded in %.1f s; measuring", families, loadSeconds);

      SplittableRandom random = new SplittableRandom(RANDOM_SEED);
      int[] generation = new int[families + 1];
      long[] rotate = rotations(store.refreshTokens(), random, generation, families, clients);
      long[] noFlushRotate = rotations(PostgresStore.create(noFlushPool).refreshTokens(), random, generation,
          families, clients);
      long[] find = new long[operations];
      for (int i = -WARMUP_OPERATIONS; i < operations; i++) {
        String clientId = "client-" + (random.nextInt(clients) + 1);
        long start = System.nanoTime();
        boolean found = store.clients().find(clientId).isPresent();
        long ns = System.nanoTime() - start;
        if (!found) {
          throw new IllegalStateException("benchmark data broken: no client " + clientId);
        }
        if (i >= 0) {
          find[i] = ns;
        }
      }

      progress("%,d families: purging %,d expired rows", families, EXPIRED_TOKENS + EXPIRED_TOKENS / 10);
      loadExpired(pool);
      SsoProvider provider = SsoProvider.builder(SsoSettings.builder("https://bench.example.com").build())
          .refreshTokenStore(store.refreshTokens()).consentStore(store.consents()).build();
      long purgeStart = System.nanoTime();
      long purged = provider.purgeExpired();
      double purgeSeconds = seconds(System.nanoTime() - purgeStart);
      if (purged != EXPIRED_TOKENS + EXPIRED_TOKENS / 10) {
        throw new IllegalStateException("purgeExpired deleted " + purged + " rows, expected "
            + (EXPIRED_TOKENS + EXPIRED_TOKENS / 10));
      }
      return new Result(families, clients, loadSeconds, percentile(rotate, 50), percentile(rotate, 99),
          percentile(noFlushRotate, 50), percentile(noFlushRotate, 99), percentile(find, 50), percentile(find, 99), sizes[0], sizes[1], sizes[2], sizes[3], purged, purgeSeconds);
    } finally {
      if (!keepSchemas) {
        execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  /** Warm-up, then {@code operations} measured rotations of random families; their nanoseconds. */
  private long[] rotations(RefreshTokenStore tokens, SplittableRandom random, int[] generation, int families,
                           int clients) {
    long[] nanos = new long[operations];
    for (int i = -WARMUP_OPERATIONS; i < operations; i++) {
      long ns = rotateOnce(tokens, random.nextInt(families) + 1, generation, clients);
      if (i >= 0) {
        nanos[i] = ns;
      }
    }
    return nanos;
  }

  /** Rotates family {@code f}'s current token; returns the call's nanoseconds. */
  private static long rotateOnce(RefreshTokenStore tokens, int f, int[] generation, int clients) {
    Instant now = Instant.now();
    String current = tokenHash(f, generation[f]);
    RefreshToken successor = new RefreshToken(tokenHash(f, generation[f] + 1), "fam-" + f,
        "client-" + (1 + f % clients), "user-" + (1 + f % clients), SCOPES, "sid-" + f, now.minusSeconds(3600),
        now.minusSeconds(3600), now, now.plus(TOKEN_LIFETIME), false, false);
    long start = System.nanoTime();
    RefreshTokenStore.Rotation outcome = tokens.rotate(current, successor, now);
    long ns = System.nanoTime() - start;
    if (outcome != RefreshTokenStore.Rotation.ROTATED) {
      throw new IllegalStateException("benchmark data broken: rotating family " + f + " gave " + outcome);
    }
    generation[f]++;
    return ns;
  }

  /** Server-side bulk load: clients, users and one current refresh token per family. */
  private static void load(HikariDataSource pool, int families, int clients) throws SQLException {
    try (Connection c = pool.getConnection()) {
      update(c, "INSERT INTO sso_client (client_id, secret_hash, client_name, redirect_uris, post_logout_redirect_uris,"
          + " grant_types, scopes, token_endpoint_auth_method, application_type, access_token_format, created_at)"
          + " SELECT 'client-' || i, encode(sha256(('secret-' || i)::bytea), 'base64'), 'Benchmark client ' || i,"
          + " ARRAY['https://app' || i || '.example.com/callback'], ARRAY[]::text[],"
          + " ARRAY['authorization_code', 'refresh_token'], ARRAY['openid', 'profile', 'offline_access'],"
          + " 'client_secret_basic', 'web', 'jwt', now() FROM generate_series(1, ?) i", clients);
      update(c, "INSERT INTO sso_user (id, username, email, email_verified, password_hash, claims, created_at)"
          + " SELECT 'user-' || i, 'user' || i, 'user' || i || '@example.com', true,"
          + " '$argon2id$v=19$m=19456,t=2,p=1$' || md5(i::text), jsonb_build_object('name', 'User ' || i), now()"
          + " FROM generate_series(1, ?) i", clients);
      // token_hash: base64 SHA-256 of "fam-<i>-0", the same as tokenHash(i, 0) computes
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO sso_refresh_token (token_hash, family_id,"
          + " client_id, subject, scopes, session_id, auth_time, issued_at, expires_at, used, revoked)"
          + " SELECT encode(sha256(('fam-' || i || '-0')::bytea), 'base64'), 'fam-' || i, 'client-' || (1 + i % ?),"
          + " 'user-' || (1 + i % ?), ARRAY['openid', 'offline_access'], 'sid-' || i, now() - interval '1 hour',"
          + " now() - interval '1 hour', now() + interval '30 days', false, false FROM generate_series(1, ?) i")) {
        ps.setInt(1, clients);
        ps.setInt(2, clients);
        ps.setInt(3, families);
        ps.executeUpdate();
      }
      try (Statement s = c.createStatement()) {
        s.execute("VACUUM ANALYZE sso_client");
        s.execute("VACUUM ANALYZE sso_user");
        s.execute("VACUUM ANALYZE sso_refresh_token");
      }
      checkpoint(c);
    }
  }

  /**
   * Writes the bulk load's dirty pages out now, so the checkpoint it would trigger does not land in
   * the measurement and slow every commit's WAL flush (needs superuser or pg_checkpoint).
   */
  private static void checkpoint(Connection c) {
    try (Statement s = c.createStatement()) {
      s.execute("CHECKPOINT");
    } catch (SQLException e) {
      progress("no CHECKPOINT after the load (%s): a checkpoint may fall into the measurement", e.getMessage());
    }
  }

  /** Expired rows for the purge: {@value #EXPIRED_TOKENS} refresh tokens and a tenth as many consents. */
  private static void loadExpired(HikariDataSource pool) throws SQLException {
    try (Connection c = pool.getConnection()) {
      update(c, "INSERT INTO sso_refresh_token (token_hash, family_id, client_id, subject, scopes, issued_at,"
          + " expires_at) SELECT encode(sha256(('expired-' || i)::bytea), 'base64'), 'expired-' || i, 'client-1',"
          + " 'user-1', ARRAY['openid'], now() - interval '31 days', now() - interval '1 day'"
          + " FROM generate_series(1, ?) i", EXPIRED_TOKENS);
      update(c, "INSERT INTO sso_consent (subject, client_id, scopes, granted_at, expires_at)"
          + " SELECT 'expired-user-' || i, 'client-1', ARRAY['openid'], now() - interval '400 days',"
          + " now() - interval '1 day' FROM generate_series(1, ?) i", EXPIRED_TOKENS / 10);
      try (Statement s = c.createStatement()) {
        s.execute("ANALYZE sso_refresh_token");
        s.execute("ANALYZE sso_consent");
      }
    }
  }

  /** Total and index bytes of sso_refresh_token, then of sso_client. */
  private static long[] sizes(HikariDataSource pool) throws SQLException {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT pg_total_relation_size('sso_refresh_token'),"
             + " pg_indexes_size('sso_refresh_token'), pg_total_relation_size('sso_client'),"
             + " pg_indexes_size('sso_client')")) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)};
    }
  }

  private static void update(Connection c, String sql, int n) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, n);
      ps.executeUpdate();
    }
  }

  /** Base64 SHA-256 of {@code fam-<family>-<generation>}, as the bulk load computes it in SQL. */
  static String tokenHash(int family, int generation) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(("fam-" + family + "-" + generation).getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Nearest-rank percentile, in microseconds. */
  static double percentile(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1_000.0;
  }

  /** {@code noFlush}: sessions with {@code synchronous_commit=off}, to see the work without the WAL flush wait. */
  private HikariDataSource pool(String schema, boolean noFlush) {
    HikariConfig config = new HikariConfig();
    if (noFlush) {
      config.setConnectionInitSql("SET synchronous_commit = off");
    }
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setSchema(schema);
    config.setMaximumPoolSize(POOL_SIZE);
    config.setPoolName(noFlush ? "ssokit-benchmark-no-flush" : "ssokit-benchmark");
    return new HikariDataSource(config);
  }

  private String serverVersion() throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SHOW server_version")) {
      rs.next();
      return "PostgreSQL " + rs.getString(1);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
    } catch (java.io.IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void progress(String format, Object... args) {
    System.err.printf(Locale.ROOT, format + "%n", args);
  }

  private static String envOr(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
