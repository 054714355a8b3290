package dev.ssokit;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Every setting of a provider, immutable, with a named default for each.
 *
 * <p>IMPORTANT: {@link Builder#build()} validates and fails fast with a message naming the setting.
 */
public final class SsoSettings {

  /** Access-token lifetime (RFC 9068 {@code exp}). */
  public static final Duration DEFAULT_ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(10);
  /** ID-token lifetime. */
  public static final Duration DEFAULT_ID_TOKEN_LIFETIME = Duration.ofMinutes(10);
  /**
   * Refresh-token idle lifetime: a refresh token unused this long expires; each rotation grants at
   * most this much more, never past the family's absolute end (as Hydra's 720h refresh-token lifespan
   * and Keycloak's 30-day offline session idle).
   */
  public static final Duration DEFAULT_REFRESH_TOKEN_LIFETIME = Duration.ofDays(30);
  /**
   * Absolute lifetime of a refresh-token family, counted from the original grant: no rotation
   * extends it, the user must sign in again (RFC 9700 §4.14.2: refresh tokens may expire).
   */
  public static final Duration DEFAULT_REFRESH_TOKEN_ABSOLUTE_LIFETIME = Duration.ofDays(90);
  /** Authorization-code lifetime: short, as OAuth 2.1 §4.1.2 recommends (at most 10 minutes). */
  public static final Duration DEFAULT_AUTHORIZATION_CODE_LIFETIME = Duration.ofSeconds(60);
  /** How long a login / consent interaction may take. */
  public static final Duration DEFAULT_INTERACTION_LIFETIME = Duration.ofMinutes(15);
  /** Browser session (single sign-on) lifetime, absolute. */
  public static final Duration DEFAULT_SESSION_LIFETIME = Duration.ofHours(12);
  /**
   * Browser session idle timeout (sliding): a session unused this long ends, before its absolute
   * lifetime (as Keycloak's SSO Session Idle of 30 minutes). The cache is written at most once per
   * tenth of it, so a session ends between 90% and 100% of it after its last use.
   */
  public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofMinutes(30);
  /** Remembered consent lifetime. */
  public static final Duration DEFAULT_CONSENT_LIFETIME = Duration.ofDays(365);
  /** Age at which the signing key is replaced by {@code SsoProvider.maintainSigningKeys()}. */
  public static final Duration DEFAULT_KEY_ROTATION_INTERVAL = Duration.ofDays(90);
  /**
   * How long a new key is published in the JWKS before it signs, so verifiers' caches have it
   * (well above the JWKS {@code max-age} of 5 minutes).
   */
  public static final Duration DEFAULT_KEY_PUBLISH_AHEAD = Duration.ofHours(1);
  /** Signing algorithm of ID and access tokens. */
  public static final String DEFAULT_SIGNING_ALGORITHM = "RS256";
  /** Name of the browser session cookie. */
  public static final String DEFAULT_SESSION_COOKIE_NAME = "ssokit_session";
  /** Failed logins for one username before further attempts are refused for the lockout window. */
  public static final int DEFAULT_MAX_FAILED_LOGINS = 5;
  /** Window over which failed logins are counted, and how long the lock then lasts. */
  public static final Duration DEFAULT_LOCKOUT_WINDOW = Duration.ofMinutes(15);
  /**
   * Shortest password the built-in accounts accept (OWASP ASVS 5.0 V6.2.1: at least 8, 15
   * recommended); every password is also checked against a list of common ones.
   */
  public static final int DEFAULT_PASSWORD_MIN_LENGTH = 8;
  /** Largest accepted value of any single request parameter, in characters. */
  public static final int DEFAULT_MAX_PARAMETER_LENGTH = 4096;

  /** The signing algorithms that can be chosen. */
  public static final Set<String> SIGNING_ALGORITHMS = Set.of("RS256", "ES256", "EdDSA");

  private final URI issuer;
  private final Duration accessTokenLifetime;
  private final Duration idTokenLifetime;
  private final Duration refreshTokenLifetime;
  private final Duration refreshTokenAbsoluteLifetime;
  private final Duration authorizationCodeLifetime;
  private final Duration interactionLifetime;
  private final Duration sessionLifetime;
  private final Duration sessionIdleTimeout;
  private final Duration consentLifetime;
  private final String signingAlgorithm;
  private final Duration keyRotationInterval;
  private final Duration keyPublishAhead;
  private final String keyEncryptionSecret;
  private final URI interactionUrl;
  private final String sessionCookieName;
  private final boolean secureCookies;
  private final int maxFailedLogins;
  private final Duration lockoutWindow;
  private final int maxParameterLength;
  private final int passwordMinLength;
  private final Path templateDirectory;

  private SsoSettings(Builder b) {
    issuer = b.issuer;
    accessTokenLifetime = b.accessTokenLifetime;
    idTokenLifetime = b.idTokenLifetime;
    refreshTokenLifetime = b.refreshTokenLifetime;
    refreshTokenAbsoluteLifetime = b.refreshTokenAbsoluteLifetime;
    authorizationCodeLifetime = b.authorizationCodeLifetime;
    interactionLifetime = b.interactionLifetime;
    sessionLifetime = b.sessionLifetime;
    sessionIdleTimeout = b.sessionIdleTimeout;
    consentLifetime = b.consentLifetime;
    signingAlgorithm = b.signingAlgorithm;
    keyRotationInterval = b.keyRotationInterval;
    keyPublishAhead = b.keyPublishAhead;
    keyEncryptionSecret = b.keyEncryptionSecret;
    interactionUrl = b.interactionUrl;
    sessionCookieName = b.sessionCookieName;
    secureCookies = b.secureCookies != null ? b.secureCookies : "https".equals(b.issuer.getScheme());
    maxFailedLogins = b.maxFailedLogins;
    lockoutWindow = b.lockoutWindow;
    maxParameterLength = b.maxParameterLength;
    passwordMinLength = b.passwordMinLength;
    templateDirectory = b.templateDirectory;
  }

  public static Builder builder(String issuer) {
    return new Builder(issuer);
  }

  /** The issuer identifier: {@code iss} of every token and the base of every endpoint URL. */
  public URI issuer() { return issuer; }
  public Duration accessTokenLifetime() { return accessTokenLifetime; }
  public Duration idTokenLifetime() { return idTokenLifetime; }
  /** Idle lifetime of a refresh token: how much each rotation may extend its family, up to the absolute end. */
  public Duration refreshTokenLifetime() { return refreshTokenLifetime; }
  /** Absolute lifetime of a refresh-token family, from the original grant. */
  public Duration refreshTokenAbsoluteLifetime() { return refreshTokenAbsoluteLifetime; }
  public Duration authorizationCodeLifetime() { return authorizationCodeLifetime; }
  public Duration interactionLifetime() { return interactionLifetime; }
  public Duration sessionLifetime() { return sessionLifetime; }
  /** Sliding idle timeout of a browser session, within its absolute {@link #sessionLifetime()}. */
  public Duration sessionIdleTimeout() { return sessionIdleTimeout; }
  public Duration consentLifetime() { return consentLifetime; }
  public String signingAlgorithm() { return signingAlgorithm; }
  /** Age of the signing key at which a successor is published; {@code null}: only on request. */
  public Duration keyRotationInterval() { return keyRotationInterval; }
  public Duration keyPublishAhead() { return keyPublishAhead; }
  /** Secret that encrypts private signing keys at rest, or {@code null} to store them as plain JWK. */
  public String keyEncryptionSecret() { return keyEncryptionSecret; }
  /** The host's own login/consent page (headless mode), or {@code null} for the built-in pages. */
  public URI interactionUrl() { return interactionUrl; }
  public String sessionCookieName() { return sessionCookieName; }
  public boolean secureCookies() { return secureCookies; }
  public int maxFailedLogins() { return maxFailedLogins; }
  public Duration lockoutWindow() { return lockoutWindow; }
  public int maxParameterLength() { return maxParameterLength; }
  /** Shortest password the built-in accounts accept. */
  public int passwordMinLength() { return passwordMinLength; }
  /** Directory whose {@code *.mustache} files override the built-in pages, or {@code null}. */
  public Path templateDirectory() { return templateDirectory; }

  /** Builder of {@link SsoSettings}; every setting not given keeps its {@code DEFAULT_*}. */
  public static final class Builder {
    private final URI issuer;
    private Duration accessTokenLifetime = DEFAULT_ACCESS_TOKEN_LIFETIME;
    private Duration idTokenLifetime = DEFAULT_ID_TOKEN_LIFETIME;
    private Duration refreshTokenLifetime = DEFAULT_REFRESH_TOKEN_LIFETIME;
    private Duration refreshTokenAbsoluteLifetime = DEFAULT_REFRESH_TOKEN_ABSOLUTE_LIFETIME;
    private Duration authorizationCodeLifetime = DEFAULT_AUTHORIZATION_CODE_LIFETIME;
    private Duration interactionLifetime = DEFAULT_INTERACTION_LIFETIME;
    private Duration sessionLifetime = DEFAULT_SESSION_LIFETIME;
    private Duration sessionIdleTimeout = DEFAULT_SESSION_IDLE_TIMEOUT;
    private Duration consentLifetime = DEFAULT_CONSENT_LIFETIME;
    private String signingAlgorithm = DEFAULT_SIGNING_ALGORITHM;
    private Duration keyRotationInterval = DEFAULT_KEY_ROTATION_INTERVAL;
    private Duration keyPublishAhead = DEFAULT_KEY_PUBLISH_AHEAD;
    private String keyEncryptionSecret;
    private URI interactionUrl;
    private String sessionCookieName = DEFAULT_SESSION_COOKIE_NAME;
    private Boolean secureCookies;
    private int maxFailedLogins = DEFAULT_MAX_FAILED_LOGINS;
    private Duration lockoutWindow = DEFAULT_LOCKOUT_WINDOW;
    private int maxParameterLength = DEFAULT_MAX_PARAMETER_LENGTH;
    private int passwordMinLength = DEFAULT_PASSWORD_MIN_LENGTH;
    private Path templateDirectory;

    private Builder(String issuer) {
      this.issuer = parseIssuer(issuer);
    }

    private static URI parseIssuer(String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException("issuer: required (e.g. https://login.example.com)");
      }
      URI uri;
      try {
        uri = URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("issuer: not a URI: " + value, e);
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
        throw new IllegalArgumentException("issuer: must be an absolute https URL (http only for localhost): " + value);
      }
      // OIDC Discovery §3 / RFC 8414 §2: no query or fragment in the issuer.
      if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
        throw new IllegalArgumentException("issuer: must not have a query or fragment: " + value);
      }
      return uri;
    }

    public Builder accessTokenLifetime(Duration d) { accessTokenLifetime = positive("accessTokenLifetime", d); return this; }
    public Builder idTokenLifetime(Duration d) { idTokenLifetime = positive("idTokenLifetime", d); return this; }
    /** Idle lifetime of refresh tokens (each rotation extends by at most this, up to the absolute end). */
    public Builder refreshTokenLifetime(Duration d) { refreshTokenLifetime = positive("refreshTokenLifetime", d); return this; }
    public Builder refreshTokenAbsoluteLifetime(Duration d) { refreshTokenAbsoluteLifetime = positive("refreshTokenAbsoluteLifetime", d); return this; }
    public Builder authorizationCodeLifetime(Duration d) { authorizationCodeLifetime = positive("authorizationCodeLifetime", d); return this; }
    public Builder interactionLifetime(Duration d) { interactionLifetime = positive("interactionLifetime", d); return this; }
    public Builder sessionLifetime(Duration d) { sessionLifetime = positive("sessionLifetime", d); return this; }
    public Builder sessionIdleTimeout(Duration d) { sessionIdleTimeout = positive("sessionIdleTimeout", d); return this; }
    public Builder consentLifetime(Duration d) { consentLifetime = positive("consentLifetime", d); return this; }

    /** {@code RS256} (default), {@code ES256} or {@code EdDSA} (Ed25519). */
    public Builder signingAlgorithm(String alg) { signingAlgorithm = alg; return this; }

    /** Age at which a signing key gets a successor; {@code null} rotates only on {@code rotateSigningKey()}. */
    public Builder keyRotationInterval(Duration d) { keyRotationInterval = d == null ? null : positive("keyRotationInterval", d); return this; }

    /** How long a new key is published before it signs. */
    public Builder keyPublishAhead(Duration d) { keyPublishAhead = positive("keyPublishAhead", d); return this; }

    /** Encrypts private signing keys in the key store (A256GCM with a key derived from this secret). */
    public Builder keyEncryptionSecret(String secret) { keyEncryptionSecret = secret; return this; }

    /** Headless mode: send the browser here with {@code ?interaction=<id>} instead of the built-in pages. */
    public Builder interactionUrl(String url) { interactionUrl = url == null ? null : URI.create(url); return this; }

    public Builder sessionCookieName(String name) { sessionCookieName = name; return this; }

    /** Forces the {@code Secure} cookie attribute on or off; by default on when the issuer is https. */
    public Builder secureCookies(boolean secure) { secureCookies = secure; return this; }

    public Builder maxFailedLogins(int n) { maxFailedLogins = n; return this; }
    public Builder lockoutWindow(Duration d) { lockoutWindow = positive("lockoutWindow", d); return this; }
    public Builder maxParameterLength(int n) { maxParameterLength = n; return this; }
    /** Shortest accepted password of the built-in accounts, 8 to 64 (15 recommended). */
    public Builder passwordMinLength(int n) { passwordMinLength = n; return this; }
    public Builder templateDirectory(Path dir) { templateDirectory = dir; return this; }

    private static Duration positive(String name, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + ": must be a positive duration, was " + d);
      }
      return d;
    }

    public SsoSettings build() {
      if (!SIGNING_ALGORITHMS.contains(signingAlgorithm)) {
        throw new IllegalArgumentException("signingAlgorithm: must be one of " + SIGNING_ALGORITHMS + ", was " + signingAlgorithm);
      }
      boolean localhost = Set.of("localhost", "127.0.0.1", "[::1]").contains(issuer.getHost());
      if ("http".equals(issuer.getScheme()) && !localhost) {
        throw new IllegalArgumentException("issuer: http is only allowed for localhost; use https for " + issuer);
      }
      if (keyPublishAhead.compareTo(Duration.ofMinutes(5)) < 0) {
        throw new IllegalArgumentException("keyPublishAhead: must be at least the JWKS max-age of 5 minutes, was "
            + keyPublishAhead);
      }
      if (keyRotationInterval != null && keyRotationInterval.compareTo(keyPublishAhead) <= 0) {
        throw new IllegalArgumentException("keyRotationInterval: must be longer than keyPublishAhead, was "
            + keyRotationInterval);
      }
      if (keyEncryptionSecret != null && keyEncryptionSecret.length() < 16) {
        throw new IllegalArgumentException("keyEncryptionSecret: must have at least 16 characters");
      }
      if (sessionCookieName == null || !sessionCookieName.matches("[A-Za-z0-9_\\-]+")) {
        throw new IllegalArgumentException("sessionCookieName: letters, digits, '_' and '-' only, was " + sessionCookieName);
      }
      if (refreshTokenAbsoluteLifetime.compareTo(refreshTokenLifetime) < 0) {
        throw new IllegalArgumentException("refreshTokenAbsoluteLifetime: must not be shorter than refreshTokenLifetime ("
            + refreshTokenLifetime + "), was " + refreshTokenAbsoluteLifetime);
      }
      if (sessionIdleTimeout.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new IllegalArgumentException("sessionIdleTimeout: must be at least one minute, was " + sessionIdleTimeout);
      }
      if (maxFailedLogins < 1) {
        throw new IllegalArgumentException("maxFailedLogins: must be at least 1, was " + maxFailedLogins);
      }
      if (passwordMinLength < 8 || passwordMinLength > 64) {
        throw new IllegalArgumentException("passwordMinLength: must be 8 to 64 (ASVS 5.0 V6.2.1), was " + passwordMinLength);
      }
      if (maxParameterLength < 256) {
        throw new IllegalArgumentException("maxParameterLength: must be at least 256, was " + maxParameterLength);
      }
      if (interactionUrl != null && !interactionUrl.isAbsolute()) {
        throw new IllegalArgumentException("interactionUrl: must be an absolute URL, was " + interactionUrl);
      }
      if (templateDirectory != null && !Files.isDirectory(templateDirectory)) {
        throw new IllegalArgumentException("templateDirectory: not a directory: " + templateDirectory);
      }
      Objects.requireNonNull(issuer);
      return new SsoSettings(this);
    }
  }
}
