package dev.ssokit;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.ssokit.internal.limit.ClientAddress;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
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
  /**
   * Shortest password the built-in accounts accept (OWASP ASVS 5.0 V6.2.1: at least 8, 15
   * recommended); every password is also checked against a list of common ones.
   */
  public static final int DEFAULT_PASSWORD_MIN_LENGTH = 8;
  /**
   * Wrong passwords one client address may submit for one account before it backs off: after that
   * the address waits 1 s, then 2 s, 4 s, ... (up to {@link #DEFAULT_LOGIN_MAX_BACKOFF}) between
   * attempts for that account. Other addresses, and the account itself, are not locked.
   */
  public static final int DEFAULT_LOGIN_FREE_FAILURES = 3;
  /** Longest back-off of one (account, client address) pair. */
  public static final Duration DEFAULT_LOGIN_MAX_BACKOFF = Duration.ofMinutes(15);
  /**
   * Wrong passwords for one account, from all addresses within {@link #DEFAULT_LOGIN_FAILURE_WINDOW},
   * from which the account is under attack: every address then backs off from its first failure
   * (no free failures). An address without failures is never refused a correct password.
   */
  public static final int DEFAULT_LOGIN_ACCOUNT_SLOWDOWN = 10;
  /** Window over which login failures are counted, per (account, address) and per account. */
  public static final Duration DEFAULT_LOGIN_FAILURE_WINDOW = Duration.ofHours(1);
  /**
   * Requests one client address may send to each of {@code /authorize}, {@code /token},
   * {@code /introspect}, {@code /revoke} and {@code /interaction/login} per window (each endpoint
   * counted apart); beyond it 429 with {@code Retry-After}.
   */
  public static final RateLimit DEFAULT_RATE_LIMIT_PER_IP = new RateLimit(600, Duration.ofMinutes(1));
  /** Requests naming one client id at each of those endpoints per window, from all addresses. */
  public static final RateLimit DEFAULT_RATE_LIMIT_PER_CLIENT = new RateLimit(1200, Duration.ofMinutes(1));
  /**
   * Failed credential checks (a wrong client secret at {@code /token}, {@code /introspect},
   * {@code /revoke}, a wrong password at the login form) one client address may cause per window;
   * beyond it those endpoints answer that address 429 until the window ends.
   */
  public static final RateLimit DEFAULT_FAILURE_LIMIT_PER_IP = new RateLimit(10, Duration.ofMinutes(1));
  /** Proxies whose {@code Forwarded} / {@code X-Forwarded-For} headers are believed: none. */
  public static final List<String> DEFAULT_TRUSTED_PROXIES = List.of();
  /** Largest accepted value of any single request parameter, in characters. */
  public static final int DEFAULT_MAX_PARAMETER_LENGTH = 4096;

  /**
   * At most {@code requests} in each fixed {@code window}, counted through the cache so every
   * instance sharing it enforces one budget.
   */
  public record RateLimit(int requests, Duration window) {
    public RateLimit {
      if (requests < 1) {
        throw new IllegalArgumentException("requests must be at least 1, was " + requests);
      }
      if (window == null || window.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("window must be at least 1 second, was " + window);
      }
    }

    /** {@code "<requests>/<window>"}, the window an ISO-8601 duration or seconds: {@code 600/PT1M}, {@code 10/60}. */
    public static RateLimit parse(String text) {
      int slash = text == null ? -1 : text.indexOf('/');
      if (slash < 1) {
        throw new IllegalArgumentException("not <requests>/<window> (e.g. 600/PT1M): " + text);
      }
      String w = text.substring(slash + 1).trim();
      try {
        return new RateLimit(Integer.parseInt(text.substring(0, slash).trim()),
            w.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(w)) : Duration.parse(w));
      } catch (NumberFormatException | DateTimeParseException e) {
        throw new IllegalArgumentException("not <requests>/<window> (e.g. 600/PT1M): " + text, e);
      }
    }

    @Override
    public String toString() {
      return requests + "/" + window;
    }
  }

  /** The signing algorithms that can be chosen. */
  /** Who may create a built-in account through {@code POST /auth/register} and the register page. */
  public enum Registration {
    /** Anyone. */
    OPEN,
    /** Only the holder of an invitation link ({@code Users.invite}). */
    INVITE,
    /** Nobody: accounts are created by the operator (the default). */
    CLOSED
  }

  /** Self-service registration is off unless enabled. */
  public static final Registration DEFAULT_REGISTRATION = Registration.CLOSED;
  /** A new account's e-mail address must be confirmed through a mailed link before it can sign in. */
  public static final boolean DEFAULT_EMAIL_VERIFICATION_REQUIRED = true;

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
  private final int loginFreeFailures;
  private final Duration loginMaxBackoff;
  private final int loginAccountSlowdown;
  private final Duration loginFailureWindow;
  private final RateLimit rateLimitPerIp;
  private final RateLimit rateLimitPerClient;
  private final RateLimit failureLimitPerIp;
  private final List<String> trustedProxies;
  private final int maxParameterLength;
  private final int passwordMinLength;
  private final Path templateDirectory;
  private final Registration registration;
  private final boolean emailVerificationRequired;

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
    loginFreeFailures = b.loginFreeFailures;
    loginMaxBackoff = b.loginMaxBackoff;
    loginAccountSlowdown = b.loginAccountSlowdown;
    loginFailureWindow = b.loginFailureWindow;
    rateLimitPerIp = b.rateLimitPerIp;
    rateLimitPerClient = b.rateLimitPerClient;
    failureLimitPerIp = b.failureLimitPerIp;
    trustedProxies = b.trustedProxies;
    maxParameterLength = b.maxParameterLength;
    passwordMinLength = b.passwordMinLength;
    templateDirectory = b.templateDirectory;
    registration = b.registration;
    emailVerificationRequired = b.emailVerificationRequired;
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
  /** Wrong passwords per (account, client address) before that pair backs off exponentially. */
  public int loginFreeFailures() { return loginFreeFailures; }
  public Duration loginMaxBackoff() { return loginMaxBackoff; }
  /** Wrong passwords per account (all addresses) from which every failing address backs off at once. */
  public int loginAccountSlowdown() { return loginAccountSlowdown; }
  public Duration loginFailureWindow() { return loginFailureWindow; }
  /** Requests per client address at each rate-limited endpoint. */
  public RateLimit rateLimitPerIp() { return rateLimitPerIp; }
  /** Requests per client id at each rate-limited endpoint. */
  public RateLimit rateLimitPerClient() { return rateLimitPerClient; }
  /** Failed credential checks per client address. */
  public RateLimit failureLimitPerIp() { return failureLimitPerIp; }
  /** Addresses and CIDR blocks of the proxies whose forwarding headers name the client address. */
  public List<String> trustedProxies() { return trustedProxies; }
  public int maxParameterLength() { return maxParameterLength; }
  /** Shortest password the built-in accounts accept. */
  public int passwordMinLength() { return passwordMinLength; }
  /** Directory whose {@code *.mustache} files override the built-in pages, or {@code null}. */
  public Path templateDirectory() { return templateDirectory; }
  /** Who may register a built-in account ({@link #DEFAULT_REGISTRATION}). */
  public Registration registration() { return registration; }
  /** Whether a self-registered account must confirm its e-mail address before signing in. */
  public boolean emailVerificationRequired() { return emailVerificationRequired; }

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
    private int loginFreeFailures = DEFAULT_LOGIN_FREE_FAILURES;
    private Duration loginMaxBackoff = DEFAULT_LOGIN_MAX_BACKOFF;
    private int loginAccountSlowdown = DEFAULT_LOGIN_ACCOUNT_SLOWDOWN;
    private Duration loginFailureWindow = DEFAULT_LOGIN_FAILURE_WINDOW;
    private RateLimit rateLimitPerIp = DEFAULT_RATE_LIMIT_PER_IP;
    private RateLimit rateLimitPerClient = DEFAULT_RATE_LIMIT_PER_CLIENT;
    private RateLimit failureLimitPerIp = DEFAULT_FAILURE_LIMIT_PER_IP;
    private List<String> trustedProxies = DEFAULT_TRUSTED_PROXIES;
    private int maxParameterLength = DEFAULT_MAX_PARAMETER_LENGTH;
    private int passwordMinLength = DEFAULT_PASSWORD_MIN_LENGTH;
    private Path templateDirectory;
    private Registration registration = DEFAULT_REGISTRATION;
    private boolean emailVerificationRequired = DEFAULT_EMAIL_VERIFICATION_REQUIRED;

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

    public Builder loginFreeFailures(int n) { loginFreeFailures = n; return this; }
    public Builder loginMaxBackoff(Duration d) { loginMaxBackoff = positive("loginMaxBackoff", d); return this; }
    public Builder loginAccountSlowdown(int n) { loginAccountSlowdown = n; return this; }
    public Builder loginFailureWindow(Duration d) { loginFailureWindow = positive("loginFailureWindow", d); return this; }
    public Builder rateLimitPerIp(RateLimit l) { rateLimitPerIp = Objects.requireNonNull(l, "rateLimitPerIp"); return this; }
    public Builder rateLimitPerClient(RateLimit l) { rateLimitPerClient = Objects.requireNonNull(l, "rateLimitPerClient"); return this; }
    public Builder failureLimitPerIp(RateLimit l) { failureLimitPerIp = Objects.requireNonNull(l, "failureLimitPerIp"); return this; }

    /**
     * IP addresses and CIDR blocks ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) of the reverse proxies
     * in front of the provider. Only a request whose direct peer is one of them has its client address
     * taken from {@code Forwarded} / {@code X-Forwarded-For}; other requests' headers are ignored.
     */
    public Builder trustedProxies(List<String> proxies) {
      List<String> copy = List.copyOf(proxies);
      try {
        ClientAddress.trusting(copy);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("trustedProxies: " + e.getMessage(), e);
      }
      trustedProxies = copy;
      return this;
    }
    public Builder maxParameterLength(int n) { maxParameterLength = n; return this; }
    /** Shortest accepted password of the built-in accounts, 8 to 64 (15 recommended). */
    public Builder passwordMinLength(int n) { passwordMinLength = n; return this; }
    public Builder templateDirectory(Path dir) { templateDirectory = dir; return this; }
    public Builder registration(Registration r) { registration = Objects.requireNonNull(r, "registration"); return this; }
    public Builder emailVerificationRequired(boolean required) { emailVerificationRequired = required; return this; }

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
      if (loginFreeFailures < 0) {
        throw new IllegalArgumentException("loginFreeFailures: must be at least 0, was " + loginFreeFailures);
      }
      if (loginAccountSlowdown < 1) {
        throw new IllegalArgumentException("loginAccountSlowdown: must be at least 1, was " + loginAccountSlowdown);
      }
      if (loginMaxBackoff.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("loginMaxBackoff: must be at least 1 second, was " + loginMaxBackoff);
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
