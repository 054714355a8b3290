package dev.ssokit.example.standalone;

import dev.ssokit.postgres.PostgresStore;
import dev.ssokit.redis.RedisCache;
import dev.ssokit.Maintenance;
import dev.ssokit.SsoSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The standalone server's configuration, read from {@code SSO_*} environment variables.
 *
 * <p>IMPORTANT: an unknown {@code SSO_*} variable is an error, so a typo never goes unnoticed
 * ({@code SSO_TEST_*} variables belong to the test suite and are ignored).
 */
record ServerConfig(
    int port,
    String host,
    String issuer,
    String signingAlgorithm,
    String keyEncryptionSecret,
    Path seedFile,
    boolean demo,
    Duration accessTokenLifetime,
    Duration refreshTokenLifetime,
    Duration sessionLifetime,
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    int databasePoolSize,
    String redisUrl,
    String redisKeyPrefix,
    Duration purgeInterval,
    boolean nativeCrypto,
    Duration keyRotationInterval,
    Integer passwordMinLength,
    String adminToken,
    Duration refreshTokenAbsoluteLifetime,
    Duration sessionIdleTimeout,
    String adminUsername,
    String adminPassword,
    boolean seedApply) {

  static final int DEFAULT_PORT = 9000;
  static final String DEFAULT_HOST = "0.0.0.0";
  /** Shortest accepted {@code SSO_ADMIN_TOKEN}: 32 characters, so a random token carries well over 128 bits. */
  static final int MIN_ADMIN_TOKEN_LENGTH = 32;

  /** Every variable the server reads, with its meaning (printed by the README's table too). */
  static final Map<String, String> VARIABLES = Map.ofEntries(
      Map.entry("SSO_PORT", "HTTP port (default 9000; 0 picks a free port)"),
      Map.entry("SSO_HOST", "interface to listen on (default 0.0.0.0)"),
      Map.entry("SSO_ISSUER", "issuer URL (default http://localhost:<port>); https outside localhost"),
      Map.entry("SSO_SIGNING_ALG", "RS256 (default), ES256 or EdDSA"),
      Map.entry("SSO_KEY_ENCRYPTION_SECRET", "encrypts private signing keys at rest (16+ characters)"),
      Map.entry("SSO_SEED_FILE", "JSON file of clients and users created at start (idempotent)"),
      Map.entry("SSO_SEED_MODE", "create (default: only what does not exist is created) or apply (the seed file is"
          + " authoritative: existing clients and users are updated to match it, secrets only where it gives one)"),
      Map.entry("SSO_DEMO", "create the demo clients and user (default true unless SSO_SEED_FILE is set)"),
      Map.entry("SSO_ACCESS_TOKEN_LIFETIME", "ISO-8601 duration or seconds (default PT10M)"),
      Map.entry("SSO_REFRESH_TOKEN_LIFETIME", "idle lifetime of refresh tokens, ISO-8601 duration or seconds"
          + " (default P30D)"),
      Map.entry("SSO_REFRESH_TOKEN_ABSOLUTE_LIFETIME", "absolute lifetime of a refresh-token family from the grant,"
          + " ISO-8601 duration or seconds (default P90D)"),
      Map.entry("SSO_SESSION_IDLE_TIMEOUT", "browser session idle timeout, ISO-8601 duration or seconds"
          + " (default PT30M)"),
      Map.entry("SSO_SESSION_LIFETIME", "browser session, ISO-8601 duration or seconds (default PT12H)"),
      Map.entry("SSO_DATABASE_URL", "JDBC URL of PostgreSQL (default: in memory)"),
      Map.entry("SSO_DATABASE_USER", "PostgreSQL user"),
      Map.entry("SSO_DATABASE_PASSWORD", "PostgreSQL password"),
      Map.entry("SSO_DATABASE_POOL_SIZE", "most PostgreSQL connections of this instance (default 32; 2 kept open"
          + " when idle)"),
      Map.entry("SSO_REDIS_URL", "redis:// or rediss:// URL of Redis or Dragonfly (default: in memory)"),
      Map.entry("SSO_REDIS_KEY_PREFIX", "prefix of every Redis key (default ssokit:); lets several deployments share"
          + " one Redis"),
      Map.entry("SSO_KEY_ROTATION_INTERVAL", "age at which the signing key is replaced, ISO-8601 duration or seconds,"
          + " or off (default P90D)"),
      Map.entry("SSO_PASSWORD_MIN_LENGTH", "shortest password of the built-in accounts, 8 to 64 (default 8;"
          + " 15 recommended)"),
      Map.entry("SSO_ADMIN_TOKEN", "bearer secret of the admin calls (POST {issuer}/admin/keys/rotate), 32+ characters;"
          + " unset: no admin calls"),
      Map.entry("SSO_ADMIN_USERNAME", "with SSO_ADMIN_PASSWORD: the first administrator (role admin), created at"
          + " start when no user has that role; the admin API at {issuer}/api then accepts their sso:admin tokens"),
      Map.entry("SSO_ADMIN_PASSWORD", "password of SSO_ADMIN_USERNAME (the password policy applies)"),
      Map.entry("SSO_NATIVE_CRYPTO", "use native code where it loads: the AWS-LC crypto provider for signatures, libargon2 for password hashes (default true)"),
      Map.entry("SSO_TRUSTED_PROXIES", "comma-separated IPs and CIDR blocks of reverse proxies whose Forwarded /"
          + " X-Forwarded-For headers name the client address (default: none, the headers are ignored)"),
      Map.entry("SSO_RATE_LIMIT_PER_IP", "requests per client address at each of /authorize, /token, /introspect,"
          + " /revoke, /interaction/login, as <requests>/<window> (default 600/PT1M)"),
      Map.entry("SSO_RATE_LIMIT_PER_CLIENT", "requests per client id at each of those endpoints (default 1200/PT1M)"),
      Map.entry("SSO_FAILURE_LIMIT_PER_IP", "failed client-secret and password checks per client address"
          + " (default 10/PT1M)"),
      Map.entry("SSO_LOGIN_FREE_FAILURES", "wrong passwords per (account, address) before exponential back-off"
          + " (default 3)"),
      Map.entry("SSO_LOGIN_MAX_BACKOFF", "longest login back-off, ISO-8601 duration or seconds (default PT15M)"),
      Map.entry("SSO_LOGIN_ACCOUNT_SLOWDOWN", "wrong passwords per account (all addresses) from which every failing"
          + " address backs off from its first failure (default 10)"),
      Map.entry("SSO_LOGIN_FAILURE_WINDOW", "window of the login failure counts, ISO-8601 duration or seconds"
          + " (default PT1H)"),
      Map.entry("SSO_TLS_CERT", "PEM file of the server certificate chain (with SSO_TLS_KEY): serve https and HTTP/2"
          + " directly, reloaded when the files change"),
      Map.entry("SSO_TLS_KEY", "PEM file of the PKCS#8 private key of SSO_TLS_CERT"),
      Map.entry("SSO_TLS_KEYSTORE", "PKCS#12 file of key and chain (instead of SSO_TLS_CERT/SSO_TLS_KEY), reloaded"
          + " when it changes"),
      Map.entry("SSO_TLS_KEYSTORE_PASSWORD", "password of SSO_TLS_KEYSTORE (default empty)"),
      Map.entry("SSO_HTTP_REDIRECT_PORT", "with TLS: a plain-HTTP port answering 308 to the https issuer"
          + " (default: none)"),
      Map.entry("SSO_LOG_FORMAT", "text (default) or json: one JSON object per line (read by LogConfigurator at start)"),
      Map.entry("SSO_REQUIRE_PUSHED_AUTHORIZATION_REQUESTS", "every client must send its authorization requests"
          + " through /par (RFC 9126; default false)"),
      Map.entry("SSO_AUTHORIZATION_CODE_LIFETIME", "lifetime of authorization codes, ISO-8601 duration or seconds"
          + " (default PT1M; at most PT10M)"),
      Map.entry("SSO_REFRESH_TOKEN_REUSE_GRACE", "window in which a rotated-away refresh token presented again by its"
          + " client gets a fresh token of its family instead of revoking it (default 0: off; at most 2m)"),
      Map.entry("SSO_DPOP_NONCES", "DPoP proofs must carry a nonce the server handed out in DPoP-Nonce"
          + " (RFC 9449 §8, §9; default false)"),
      Map.entry("SSO_PAIRWISE_SALT", "secret salt (16+ characters) of pairwise subject identifiers (OIDC Core §8);"
          + " keep it stable; without it clients with subject_type pairwise are refused"),
      Map.entry("SSO_API_DOCS", "serve the OpenAPI document at {issuer}/api/openapi.json and Swagger UI at"
          + " {issuer}/docs (default true)"),
      Map.entry("SSO_OPEN_CLIENT_REGISTRATION", "anyone may register a client at {issuer}/register without an"
          + " initial access token (RFC 7591 open registration; default false)"),
      Map.entry("SSO_ACCESS_LOG", "one log line per request: method, path without query, status, duration, client"
          + " address (default false)"),
      Map.entry("SSO_PRODUCT_NAME", "product name on the login, consent and logout pages (default SSO Kit)"),
      Map.entry("SSO_LOGO_URL", "https URL of a logo image on the pages (the page CSP allows exactly it)"),
      Map.entry("SSO_PRIMARY_COLOR", "button colour of the pages, #rrggbb with at least 4.5:1 against white text"
          + " (default #2456d6)"),
      Map.entry("SSO_STYLESHEET_URL", "https URL of a stylesheet added to the pages (the page CSP allows it and"
          + " fonts from its origin)"),
      Map.entry("SSO_DEFAULT_LOCALE", "language of the pages when neither ui_locales nor Accept-Language names a"
          + " supported one (default en; built in: en, de, fr, es, pt-BR)"),
      Map.entry("SSO_TEMPLATE_DIRECTORY", "directory whose *.mustache files override the built-in pages and whose"
          + " messages_<language>.properties add languages or override texts"),
      Map.entry("SSO_PURGE_INTERVAL", "how often expired refresh tokens, consents, account links and initial"
          + " access tokens are deleted, ISO-8601 duration or seconds (default PT1H)"),
      Map.entry("SSO_REGISTRATION", "self-service registration of built-in accounts: open, invite or closed"
          + " (default closed); new accounts confirm their e-mail address"),
      Map.entry("SSO_SMTP_HOST", "SMTP server of account mails (verification, password reset); unset: no mails"
          + " (demo mode prints them to the console)"),
      Map.entry("SSO_SMTP_PORT", "SMTP port (default 587, or 465 with SSO_SMTP_SECURITY=tls)"),
      Map.entry("SSO_SMTP_USERNAME", "SMTP user (default: no authentication)"),
      Map.entry("SSO_SMTP_PASSWORD", "SMTP password"),
      Map.entry("SSO_SMTP_FROM", "sender of account mails, e.g. \"SSO <no-reply@example.com>\" (required with"
          + " SSO_SMTP_HOST)"),
      Map.entry("SSO_SMTP_SECURITY", "starttls (default, required), tls (port 465) or none (only to a loopback"
          + " host)"),
      Map.entry("SSO_ENCRYPTION_KEY", "AES-256 key (base64 of 32 random bytes) that encrypts TOTP secrets at rest;"
          + " unset with SSO_DATABASE_URL: TOTP enrolment is refused"),
      Map.entry("SSO_PREVIOUS_ENCRYPTION_KEYS", "former SSO_ENCRYPTION_KEY values, comma-separated: still read,"
          + " each secret re-encrypted with the current key at its next use"));

  static ServerConfig fromEnvironment(Map<String, String> env) {
    Set<String> unknown = new TreeSet<>();
    for (String name : env.keySet()) {
      if (name.startsWith("SSO_") && !name.startsWith("SSO_TEST_") && !VARIABLES.containsKey(name)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown setting(s) " + unknown + "; known: " + new TreeSet<>(VARIABLES.keySet()));
    }
    int port;
    try {
      port = Integer.parseInt(env.getOrDefault("SSO_PORT", String.valueOf(DEFAULT_PORT)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SSO_PORT: not a number: " + env.get("SSO_PORT"), e);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("SSO_PORT: must be 0..65535, was " + port);
    }
    String logFormat = env.getOrDefault("SSO_LOG_FORMAT", "text");
    if (!logFormat.equals("text") && !logFormat.equals("json")) {
      // LogConfigurator treats anything but json as text: refuse a typo rather than log in the wrong format
      throw new IllegalArgumentException("SSO_LOG_FORMAT: must be text or json, was " + logFormat);
    }
    bool(env, "SSO_ACCESS_LOG", false);
    Tls.config(env);
    SmtpMailSender.config(env);
    registration(env);
    String seed = blankToNull(env.get("SSO_SEED_FILE"));
    String redisUrl = blankToNull(env.get("SSO_REDIS_URL"));
    String redisKeyPrefix = blankToNull(env.get("SSO_REDIS_KEY_PREFIX"));
    if (redisKeyPrefix != null && redisUrl == null) {
      // fail fast: a prefix without a Redis URL means the operator expected a shared cache
      throw new IllegalArgumentException("SSO_REDIS_KEY_PREFIX: only meaningful with SSO_REDIS_URL, which is not set");
    }
    return new ServerConfig(port, env.getOrDefault("SSO_HOST", DEFAULT_HOST), blankToNull(env.get("SSO_ISSUER")),
        env.getOrDefault("SSO_SIGNING_ALG", "RS256"), blankToNull(env.get("SSO_KEY_ENCRYPTION_SECRET")),
        seed == null ? null : Path.of(seed), bool(env, "SSO_DEMO", seed == null),
        duration(env, "SSO_ACCESS_TOKEN_LIFETIME"), duration(env, "SSO_REFRESH_TOKEN_LIFETIME"),
        duration(env, "SSO_SESSION_LIFETIME"), blankToNull(env.get("SSO_DATABASE_URL")),
        blankToNull(env.get("SSO_DATABASE_USER")), env.get("SSO_DATABASE_PASSWORD"),
        Objects.requireNonNullElse(integer(env, "SSO_DATABASE_POOL_SIZE", 1), PostgresStore.DEFAULT_MAXIMUM_POOL_SIZE),
        redisUrl, redisKeyPrefix == null ? RedisCache.DEFAULT_KEY_PREFIX : redisKeyPrefix, purgeInterval(env),
        bool(env, "SSO_NATIVE_CRYPTO", true), keyRotationInterval(env), integer(env, "SSO_PASSWORD_MIN_LENGTH"),
        adminToken(env), duration(env, "SSO_REFRESH_TOKEN_ABSOLUTE_LIFETIME"), duration(env, "SSO_SESSION_IDLE_TIMEOUT"),
        adminUser(env, "SSO_ADMIN_USERNAME", "SSO_ADMIN_PASSWORD"), adminUser(env, "SSO_ADMIN_PASSWORD",
        "SSO_ADMIN_USERNAME"), seedApply(env));
  }

  /** The variable of each {@link SsoSettings} setting the server sets, to name it when build() rejects a value. */
  private static final Map<String, String> SETTING_VARIABLES = Map.ofEntries(
      Map.entry("issuer", "SSO_ISSUER"),
      Map.entry("signingAlgorithm", "SSO_SIGNING_ALG"),
      Map.entry("keyEncryptionSecret", "SSO_KEY_ENCRYPTION_SECRET"),
      Map.entry("pairwiseSalt", "SSO_PAIRWISE_SALT"),
      Map.entry("keyRotationInterval", "SSO_KEY_ROTATION_INTERVAL"),
      Map.entry("accessTokenLifetime", "SSO_ACCESS_TOKEN_LIFETIME"),
      Map.entry("refreshTokenLifetime", "SSO_REFRESH_TOKEN_LIFETIME"),
      Map.entry("refreshTokenAbsoluteLifetime", "SSO_REFRESH_TOKEN_ABSOLUTE_LIFETIME"),
      Map.entry("sessionLifetime", "SSO_SESSION_LIFETIME"),
      Map.entry("sessionIdleTimeout", "SSO_SESSION_IDLE_TIMEOUT"),
      Map.entry("passwordMinLength", "SSO_PASSWORD_MIN_LENGTH"),
      Map.entry("loginFreeFailures", "SSO_LOGIN_FREE_FAILURES"),
      Map.entry("loginAccountSlowdown", "SSO_LOGIN_ACCOUNT_SLOWDOWN"),
      Map.entry("loginMaxBackoff", "SSO_LOGIN_MAX_BACKOFF"),
      Map.entry("loginFailureWindow", "SSO_LOGIN_FAILURE_WINDOW"),
      Map.entry("trustedProxies", "SSO_TRUSTED_PROXIES"),
      Map.entry("productName", "SSO_PRODUCT_NAME"),
      Map.entry("logoUrl", "SSO_LOGO_URL"),
      Map.entry("primaryColor", "SSO_PRIMARY_COLOR"),
      Map.entry("stylesheetUrl", "SSO_STYLESHEET_URL"),
      Map.entry("defaultLocale", "SSO_DEFAULT_LOCALE"),
      Map.entry("templateDirectory", "SSO_TEMPLATE_DIRECTORY"),
      Map.entry("encryptionKey", "SSO_ENCRYPTION_KEY"),
      Map.entry("previousEncryptionKeys", "SSO_PREVIOUS_ENCRYPTION_KEYS"));

  /**
   * {@code settings.build()}, with a rejected value reported under its environment variable
   * ({@code SSO_KEY_ENCRYPTION_SECRET: ...}, not {@code keyEncryptionSecret: ...}).
   */
  static SsoSettings build(SsoSettings.Builder settings) {
    try {
      return settings.build();
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      int colon = message.indexOf(':');
      String variable = colon < 0 ? null : SETTING_VARIABLES.get(message.substring(0, colon));
      if (variable == null) {
        throw e;
      }
      throw underVariable(variable, e);
    }
  }

  /** {@code e} reported under {@code variable}: the builder's "setting: reason" becomes "VARIABLE: reason". */
  private static IllegalArgumentException underVariable(String variable, IllegalArgumentException e) {
    String reason = String.valueOf(e.getMessage()).replaceFirst("^[a-z][A-Za-z]*: ", "");
    return new IllegalArgumentException(variable + ": " + reason, e);
  }

  /**
   * {@code SSO_API_DOCS} (the OpenAPI document and Swagger UI), {@code SSO_REQUIRE_PUSHED_AUTHORIZATION_REQUESTS}, {@code SSO_DPOP_NONCES}, {@code SSO_PAIRWISE_SALT}, {@code SSO_OPEN_CLIENT_REGISTRATION}
   * {@code SSO_REFRESH_TOKEN_REUSE_GRACE} and {@code SSO_AUTHORIZATION_CODE_LIFETIME}; a bad value fails naming its
   * variable.
   */
  static void applyProtocol(Map<String, String> env, SsoSettings.Builder settings) {
    settings.apiDocs(bool(env, "SSO_API_DOCS", true));
    settings.openClientRegistration(bool(env, "SSO_OPEN_CLIENT_REGISTRATION",
        SsoSettings.DEFAULT_OPEN_CLIENT_REGISTRATION));
    settings.requirePushedAuthorizationRequests(bool(env, "SSO_REQUIRE_PUSHED_AUTHORIZATION_REQUESTS", false));
    settings.dpopNonces(bool(env, "SSO_DPOP_NONCES", false));
    Duration grace = duration(env, "SSO_REFRESH_TOKEN_REUSE_GRACE");
    if (grace != null) {
      named("SSO_REFRESH_TOKEN_REUSE_GRACE", () -> settings.refreshTokenReuseGrace(grace));
    }
    Duration codeLifetime = duration(env, "SSO_AUTHORIZATION_CODE_LIFETIME");
    if (codeLifetime != null) {
      named("SSO_AUTHORIZATION_CODE_LIFETIME", () -> settings.authorizationCodeLifetime(codeLifetime));
    }
    settings.pairwiseSalt(blankToNull(env.get("SSO_PAIRWISE_SALT")));
  }

  /** {@code SSO_REGISTRATION}: who may register a built-in account. */
  static SsoSettings.Registration registration(Map<String, String> env) {
    String v = blankToNull(env.get("SSO_REGISTRATION"));
    if (v == null) {
      return SsoSettings.DEFAULT_REGISTRATION;
    }
    try {
      return SsoSettings.Registration.valueOf(v.trim().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("SSO_REGISTRATION: must be open, invite or closed, was " + v, e);
    }
  }

  /** {@code SSO_ACCESS_LOG}: whether each request gets an access-log line. */
  static boolean accessLog(Map<String, String> env) {
    return bool(env, "SSO_ACCESS_LOG", false);
  }

  private static boolean seedApply(Map<String, String> env) {
    String mode = env.getOrDefault("SSO_SEED_MODE", SeedFile.MODE_CREATE);
    if (!mode.equals(SeedFile.MODE_CREATE) && !mode.equals(SeedFile.MODE_APPLY)) {
      throw new IllegalArgumentException("SSO_SEED_MODE: must be create or apply, was " + mode);
    }
    return mode.equals(SeedFile.MODE_APPLY);
  }

  /** {@code name}'s value; fails when {@code other}, which goes with it, is missing. */
  private static String adminUser(Map<String, String> env, String name, String other) {
    String value = blankToNull(env.get(name));
    if (value != null && blankToNull(env.get(other)) == null) {
      throw new IllegalArgumentException(name + ": needs " + other + " as well");
    }
    return value;
  }

  private static String adminToken(Map<String, String> env) {
    String token = blankToNull(env.get("SSO_ADMIN_TOKEN"));
    if (token != null && token.length() < MIN_ADMIN_TOKEN_LENGTH) {
      throw new IllegalArgumentException("SSO_ADMIN_TOKEN: must have at least " + MIN_ADMIN_TOKEN_LENGTH
          + " characters (e.g. openssl rand -base64 32)");
    }
    return token;
  }

  /**
   * Applies the abuse-limit and trusted-proxy variables to {@code settings}; a bad value fails
   * naming its variable.
   */
  static void applyLimits(Map<String, String> env, SsoSettings.Builder settings) {
    String proxies = blankToNull(env.get("SSO_TRUSTED_PROXIES"));
    if (proxies != null) {
      List<String> list = Arrays.stream(proxies.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
      named("SSO_TRUSTED_PROXIES", () -> settings.trustedProxies(list));
    }
    rateLimit(env, "SSO_RATE_LIMIT_PER_IP", settings::rateLimitPerIp);
    rateLimit(env, "SSO_RATE_LIMIT_PER_CLIENT", settings::rateLimitPerClient);
    rateLimit(env, "SSO_FAILURE_LIMIT_PER_IP", settings::failureLimitPerIp);
    Integer free = integer(env, "SSO_LOGIN_FREE_FAILURES", 0);
    if (free != null) {
      settings.loginFreeFailures(free);
    }
    Integer slowdown = integer(env, "SSO_LOGIN_ACCOUNT_SLOWDOWN", 1);
    if (slowdown != null) {
      settings.loginAccountSlowdown(slowdown);
    }
    Duration backoff = duration(env, "SSO_LOGIN_MAX_BACKOFF");
    if (backoff != null) {
      named("SSO_LOGIN_MAX_BACKOFF", () -> settings.loginMaxBackoff(backoff));
    }
    Duration window = duration(env, "SSO_LOGIN_FAILURE_WINDOW");
    if (window != null) {
      named("SSO_LOGIN_FAILURE_WINDOW", () -> settings.loginFailureWindow(window));
    }
  }

  /** Applies the page variables (branding, default language, template directory) to {@code settings}. */
  /** {@code SSO_ENCRYPTION_KEY} and {@code SSO_PREVIOUS_ENCRYPTION_KEYS}: the keys of secrets at rest (checked by build()). */
  static void applySecrets(Map<String, String> env, SsoSettings.Builder settings) {
    settings.encryptionKey(blankToNull(env.get("SSO_ENCRYPTION_KEY")));
    String previous = blankToNull(env.get("SSO_PREVIOUS_ENCRYPTION_KEYS"));
    settings.previousEncryptionKeys(previous == null ? List.of()
        : Arrays.stream(previous.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList());
  }

  static void applyPages(Map<String, String> env, SsoSettings.Builder settings) {
    String name = blankToNull(env.get("SSO_PRODUCT_NAME"));
    if (name != null) {
      settings.productName(name);
    }
    String color = blankToNull(env.get("SSO_PRIMARY_COLOR"));
    if (color != null) {
      settings.primaryColor(color);
    }
    settings.logoUrl(url(env, "SSO_LOGO_URL"));
    settings.stylesheetUrl(url(env, "SSO_STYLESHEET_URL"));
    String locale = blankToNull(env.get("SSO_DEFAULT_LOCALE"));
    if (locale != null) {
      Locale parsed = Locale.forLanguageTag(locale.replace('_', '-'));
      if (parsed.getLanguage().isEmpty()) {
        throw new IllegalArgumentException("SSO_DEFAULT_LOCALE: not a BCP 47 language tag (e.g. de, pt-BR): " + locale);
      }
      settings.defaultLocale(parsed);
    }
    String templates = blankToNull(env.get("SSO_TEMPLATE_DIRECTORY"));
    if (templates != null) {
      settings.templateDirectory(Path.of(templates));
    }
  }

  private static java.net.URI url(Map<String, String> env, String name) {
    String v = blankToNull(env.get(name));
    try {
      return v == null ? null : new java.net.URI(v);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(name + ": not a URL: " + v, e);
    }
  }

  private static void rateLimit(Map<String, String> env, String name,
                                java.util.function.Consumer<SsoSettings.RateLimit> setter) {
    String v = blankToNull(env.get(name));
    if (v != null) {
      named(name, () -> setter.accept(SsoSettings.RateLimit.parse(v)));
    }
  }

  private static Integer integer(Map<String, String> env, String name, int min) {
    String v = blankToNull(env.get(name));
    if (v == null) {
      return null;
    }
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": must be a whole number of at least " + min + ", was " + v, e);
    }
    if (n < min) {
      throw new IllegalArgumentException(name + ": must be a whole number of at least " + min + ", was " + v);
    }
    return n;
  }

  private static void named(String name, Runnable apply) {
    try {
      apply.run();
    } catch (IllegalArgumentException e) {
      throw underVariable(name, e);
    }
  }

  private static Duration keyRotationInterval(Map<String, String> env) {
    if ("off".equals(blankToNull(env.get("SSO_KEY_ROTATION_INTERVAL")))) {
      return null;
    }
    Duration d = duration(env, "SSO_KEY_ROTATION_INTERVAL");
    return d == null ? SsoSettings.DEFAULT_KEY_ROTATION_INTERVAL : d;
  }

  private static boolean bool(Map<String, String> env, String name, boolean fallback) {
    String v = blankToNull(env.get(name));
    if (v == null) {
      return fallback;
    }
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException(name + ": must be true or false, was " + v);
    }
    return Boolean.parseBoolean(v);
  }

  private static Duration purgeInterval(Map<String, String> env) {
    Duration d = duration(env, "SSO_PURGE_INTERVAL");
    if (d == null) {
      return Maintenance.DEFAULT_PURGE_INTERVAL;
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("SSO_PURGE_INTERVAL: must be positive, was " + env.get("SSO_PURGE_INTERVAL"));
    }
    return d;

  }

  private static Integer integer(Map<String, String> env, String name) {
    String v = blankToNull(env.get(name));
    if (v == null) {
      return null;
    }
    try {
      return Integer.valueOf(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": not a number: " + v, e);
    }
  }

  private static Duration duration(Map<String, String> env, String name) {
    String v = blankToNull(env.get(name));
    if (v == null) {
      return null;
    }
    try {
      return SsoSettings.parseDuration(v);
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(name + ": not a duration (e.g. 10m, 1h, 7d, PT10M or 600): " + v, e);
    }
  }

  static String blankToNull(String v) {
    return v == null || v.isBlank() ? null : v.trim();
  }
}
