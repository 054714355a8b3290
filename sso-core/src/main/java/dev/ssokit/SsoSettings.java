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
  /**
   * Refresh-token reuse grace window: off ({@link Duration#ZERO}). When set, a rotated-away refresh
   * token presented again within this time by the same client (a client refreshing concurrently, or
   * retrying after a lost answer) gets a fresh token of the same family instead of revoking it; later
   * reuse still revokes the family (RFC 9700 §4.14.2).
   */
  public static final Duration DEFAULT_REFRESH_TOKEN_REUSE_GRACE = Duration.ZERO;
  /**
   * How often the server-provided DPoP nonce changes ({@link Builder#dpopNonces}); a nonce is accepted in
   * its window and the next.
   */
  public static final Duration DPOP_NONCE_ROTATION = Duration.ofMinutes(2);
  /** Longest {@code refreshTokenReuseGrace} allowed: the window must stay short to keep reuse detection. */
  public static final Duration MAX_REFRESH_TOKEN_REUSE_GRACE = Duration.ofMinutes(2);
  /** Authorization-code lifetime: short, as OAuth 2.1 §4.1.2 recommends (at most 10 minutes). */
  public static final Duration DEFAULT_AUTHORIZATION_CODE_LIFETIME = Duration.ofSeconds(60);
  /** Longest {@code authorizationCodeLifetime} allowed: RFC 6749 §4.1.2 recommends at most 10 minutes. */
  public static final Duration MAX_AUTHORIZATION_CODE_LIFETIME = Duration.ofMinutes(10);
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
   * {@code /introspect}, {@code /revoke}, {@code /par}, {@code /device_authorization},
   * {@code /interaction/login}, {@code /register} (with {@code /register/{client_id}}) and the account
   * API {@code /auth} per window (each endpoint counted apart); beyond it 429 with {@code Retry-After}.
   */
  public static final RateLimit DEFAULT_RATE_LIMIT_PER_IP = new RateLimit(600, Duration.ofMinutes(1));
  /** Requests naming one client id at each of those endpoints per window, from all addresses. */
  public static final RateLimit DEFAULT_RATE_LIMIT_PER_CLIENT = new RateLimit(1200, Duration.ofMinutes(1));
  /**
   * Failed credential checks (a wrong client secret at {@code /token}, {@code /introspect},
   * {@code /revoke}, {@code /par}, {@code /device_authorization}, a wrong initial or registration access
   * token at {@code /register}, a wrong password at the login form) one client address may cause per
   * window; beyond it those endpoints answer that address 429 until the window ends.
   */
  public static final RateLimit DEFAULT_FAILURE_LIMIT_PER_IP = new RateLimit(10, Duration.ofMinutes(1));
  /** Proxies whose {@code Forwarded} / {@code X-Forwarded-For} headers are believed: none. */
  public static final List<String> DEFAULT_TRUSTED_PROXIES = List.of();
  /** Largest accepted value of any single request parameter, in characters. */
  public static final int DEFAULT_MAX_PARAMETER_LENGTH = 4096;

  /**
   * The one duration syntax of every setting given as text (the standalone server's {@code SSO_*}
   * variables, rate limits): plain seconds ({@code 600}), a number with a unit as Spring Boot takes
   * it ({@code 500ms}, {@code 30s}, {@code 10m}, {@code 1h}, {@code 7d}), or ISO-8601
   * ({@code PT10M}, {@code P30D}).
   *
   * @param text the duration as written
   * @return the duration
   * @throws DateTimeParseException when {@code text} is none of these
   */
  public static Duration parseDuration(String text) {
    java.util.regex.Matcher m = SIMPLE_DURATION.matcher(text.trim());
    if (!m.matches()) {
      return Duration.parse(text.trim());
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  private static final java.util.regex.Pattern SIMPLE_DURATION =
      java.util.regex.Pattern.compile("(\\d{1,15})(ms|s|m|h|d)?");

  /**
   * At most {@code requests} in each fixed {@code window}, counted through the cache so every
   * instance sharing it enforces one budget.
   *
   * @param requests the most requests per window, at least 1
   * @param window   the length of the fixed windows, at least one second
   */
  public record RateLimit(int requests, Duration window) {
    /**
     * A limit.
     *
     * @param requests the most requests per window, at least 1
     * @param window   the length of the fixed windows, at least one second
     * @throws IllegalArgumentException when either is below its minimum
     */
    public RateLimit {
      if (requests < 1) {
        throw new IllegalArgumentException("requests must be at least 1, was " + requests);
      }
      if (window == null || window.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("window must be at least 1 second, was " + window);
      }
    }

    /**
     * {@code "<requests>/<window>"}, the window in the syntax of {@link SsoSettings#parseDuration}:
     * {@code 600/1m}, {@code 600/PT1M}, {@code 10/60}.
     *
     * @param text the limit as written
     * @return the limit
     * @throws IllegalArgumentException when {@code text} has not that form or a value is below its minimum
     */
    public static RateLimit parse(String text) {
      int slash = text == null ? -1 : text.indexOf('/');
      if (slash < 1) {
        throw new IllegalArgumentException("not <requests>/<window> (e.g. 600/PT1M): " + text);
      }
      String w = text.substring(slash + 1).trim();
      try {
        return new RateLimit(Integer.parseInt(text.substring(0, slash).trim()),
            parseDuration(w));
      } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
        throw new IllegalArgumentException("not <requests>/<window> (e.g. 600/1m): " + text, e);
      }
    }

    @Override
    public String toString() {
      return requests + "/" + window;
    }
  }

  /** Name shown on every built-in page (title, heading, logo text). */
  public static final String DEFAULT_PRODUCT_NAME = "SSO Kit";
  /** Colour of the pages' buttons ({@code #rrggbb}); white text on it has a contrast of 6.2:1. */
  public static final String DEFAULT_PRIMARY_COLOR = "#2456d6";
  /** Language of a page when neither {@code ui_locales} nor {@code Accept-Language} names a supported one. */
  public static final Locale DEFAULT_LOCALE = Locale.ENGLISH;
  /** WCAG 2.2 SC 1.4.3: white button text needs at least 4.5:1 against the primary colour. */
  public static final double MIN_PRIMARY_COLOR_CONTRAST = 4.5;

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
  /** Dynamic client registration (RFC 7591) needs an initial access token unless open registration is enabled. */
  public static final boolean DEFAULT_OPEN_CLIENT_REGISTRATION = false;
  /** A new account's e-mail address must be confirmed through a mailed link before it can sign in. */
  public static final boolean DEFAULT_EMAIL_VERIFICATION_REQUIRED = true;

  /** The signing algorithms of ID and access tokens this provider supports. */
  public static final Set<String> SIGNING_ALGORITHMS = Set.of("RS256", "ES256", "EdDSA");

  private final URI issuer;
  private final Duration accessTokenLifetime;
  private final Duration idTokenLifetime;
  private final Duration refreshTokenLifetime;
  private final Duration refreshTokenAbsoluteLifetime;
  private final Duration refreshTokenReuseGrace;
  private final Duration authorizationCodeLifetime;
  private final Duration interactionLifetime;
  private final Duration sessionLifetime;
  private final Duration sessionIdleTimeout;
  private final Duration consentLifetime;
  private final String signingAlgorithm;
  private final Duration keyRotationInterval;
  private final Duration keyPublishAhead;
  private final String keyEncryptionSecret;
  private final String pairwiseSalt;
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
  private final boolean apiDocs;
  private final String productName;
  private final URI logoUrl;
  private final String primaryColor;
  private final URI stylesheetUrl;
  private final Locale defaultLocale;
  private final boolean requirePushedAuthorizationRequests;
  private final boolean dpopNonces;
  private final Registration registration;
  private final boolean openClientRegistration;
  private final boolean emailVerificationRequired;
  private final String encryptionKey;
  private final List<String> previousEncryptionKeys;

  private SsoSettings(Builder b) {
    issuer = b.issuer;
    accessTokenLifetime = b.accessTokenLifetime;
    idTokenLifetime = b.idTokenLifetime;
    refreshTokenLifetime = b.refreshTokenLifetime;
    refreshTokenAbsoluteLifetime = b.refreshTokenAbsoluteLifetime;
    refreshTokenReuseGrace = b.refreshTokenReuseGrace;
    authorizationCodeLifetime = b.authorizationCodeLifetime;
    interactionLifetime = b.interactionLifetime;
    sessionLifetime = b.sessionLifetime;
    sessionIdleTimeout = b.sessionIdleTimeout;
    consentLifetime = b.consentLifetime;
    signingAlgorithm = b.signingAlgorithm;
    keyRotationInterval = b.keyRotationInterval;
    keyPublishAhead = b.keyPublishAhead;
    keyEncryptionSecret = b.keyEncryptionSecret;
    pairwiseSalt = b.pairwiseSalt;
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
    apiDocs = b.apiDocs;
    productName = b.productName;
    logoUrl = b.logoUrl;
    primaryColor = b.primaryColor;
    stylesheetUrl = b.stylesheetUrl;
    defaultLocale = b.defaultLocale;
    requirePushedAuthorizationRequests = b.requirePushedAuthorizationRequests;
    dpopNonces = b.dpopNonces;
    registration = b.registration;
    openClientRegistration = b.openClientRegistration;
    emailVerificationRequired = b.emailVerificationRequired;
    encryptionKey = b.encryptionKey;
    previousEncryptionKeys = b.previousEncryptionKeys;
  }

  /**
   * A builder of settings for {@code issuer}, every other setting at its default.
   *
   * @param issuer an absolute https URL without query or fragment (http for localhost only); a
   *     trailing {@code /} is dropped
   * @return the builder
   * @throws IllegalArgumentException when {@code issuer} is missing or not such a URL
   */
  public static Builder builder(String issuer) {
    return new Builder(issuer);
  }

  /** {@return the issuer identifier: {@code iss} of every token and the base of every endpoint URL} */
  public URI issuer() { return issuer; }
  /** {@return the lifetime of access tokens} */
  public Duration accessTokenLifetime() { return accessTokenLifetime; }
  /** {@return the lifetime of ID tokens} */
  public Duration idTokenLifetime() { return idTokenLifetime; }
  /** {@return the idle lifetime of a refresh token: how much each rotation may extend its family, up to the absolute end} */
  public Duration refreshTokenLifetime() { return refreshTokenLifetime; }
  /** {@return the absolute lifetime of a refresh-token family, from the original grant} */
  public Duration refreshTokenAbsoluteLifetime() { return refreshTokenAbsoluteLifetime; }
  /** {@return the time a rotated-away refresh token may be presented again by its client without revoking its family (zero: never)} */
  public Duration refreshTokenReuseGrace() { return refreshTokenReuseGrace; }
  /** {@return the lifetime of authorization codes} */
  public Duration authorizationCodeLifetime() { return authorizationCodeLifetime; }
  /** {@return how long a login or consent interaction may take} */
  public Duration interactionLifetime() { return interactionLifetime; }
  /** {@return the absolute lifetime of a browser session} */
  public Duration sessionLifetime() { return sessionLifetime; }
  /** {@return the sliding idle timeout of a browser session, within its absolute {@link #sessionLifetime()}} */
  public Duration sessionIdleTimeout() { return sessionIdleTimeout; }
  /** {@return how long a remembered consent lasts} */
  public Duration consentLifetime() { return consentLifetime; }
  /** {@return the signing algorithm of ID and access tokens: {@code RS256}, {@code ES256} or {@code EdDSA}} */
  public String signingAlgorithm() { return signingAlgorithm; }
  /** {@return the age of the signing key at which a successor is published, or {@code null}: only on request} */
  public Duration keyRotationInterval() { return keyRotationInterval; }
  /** {@return how long a new key is published before it signs} */
  public Duration keyPublishAhead() { return keyPublishAhead; }
  /** {@return the secret that encrypts private signing keys at rest, or {@code null} to store them as plain JWK} */
  public String keyEncryptionSecret() { return keyEncryptionSecret; }
  /** {@return the secret salt of pairwise subject identifiers (OIDC Core §8.1), or {@code null}: no pairwise clients} */
  public String pairwiseSalt() { return pairwiseSalt; }
  /** {@return the host's own login/consent page (headless mode), or {@code null} for the built-in pages} */
  public URI interactionUrl() { return interactionUrl; }
  /** {@return the name of the browser session cookie} */
  public String sessionCookieName() { return sessionCookieName; }
  /** {@return whether cookies carry the {@code Secure} attribute} */
  public boolean secureCookies() { return secureCookies; }
  /** {@return the wrong passwords per (account, client address) before that pair backs off exponentially} */
  public int loginFreeFailures() { return loginFreeFailures; }
  /** {@return the longest back-off of one (account, client address) pair} */
  public Duration loginMaxBackoff() { return loginMaxBackoff; }
  /** {@return the wrong passwords per account (all addresses) from which every failing address backs off at once} */
  public int loginAccountSlowdown() { return loginAccountSlowdown; }
  /** {@return the window over which login failures are counted} */
  public Duration loginFailureWindow() { return loginFailureWindow; }
  /** {@return the requests per client address at each rate-limited endpoint} */
  public RateLimit rateLimitPerIp() { return rateLimitPerIp; }
  /** {@return the requests per client id at each rate-limited endpoint} */
  public RateLimit rateLimitPerClient() { return rateLimitPerClient; }
  /** {@return the failed credential checks per client address} */
  public RateLimit failureLimitPerIp() { return failureLimitPerIp; }
  /** {@return the addresses and CIDR blocks of the proxies whose forwarding headers name the client address} */
  public List<String> trustedProxies() { return trustedProxies; }
  /** {@return the largest accepted value of a single request parameter, in characters} */
  public int maxParameterLength() { return maxParameterLength; }
  /** {@return the shortest password the built-in accounts accept} */
  public int passwordMinLength() { return passwordMinLength; }
  /** {@return the directory whose {@code *.mustache} files override the built-in pages, or {@code null}} */
  public Path templateDirectory() { return templateDirectory; }
  /**
   * Whether the OpenAPI document ({@code /api/openapi.json}) and Swagger UI ({@code /docs}, with
   * its built-in public client) are served; default {@code true}.
   *
   * @return whether the API documentation is served
   */
  public boolean apiDocs() { return apiDocs; }
  /** {@return the product name on the built-in pages} */
  public String productName() { return productName; }
  /** {@return the logo image on the built-in pages (the page CSP allows exactly this URL), or {@code null}} */
  public URI logoUrl() { return logoUrl; }
  /** {@return the button colour of the built-in pages, {@code #rrggbb}} */
  public String primaryColor() { return primaryColor; }
  /** {@return the extra stylesheet of the built-in pages, loaded after the built-in styles (allowed by the page CSP), or {@code null}} */
  public URI stylesheetUrl() { return stylesheetUrl; }
  /** {@return the language of a page when the request names no supported one} */
  public Locale defaultLocale() { return defaultLocale; }
  /** {@return whether every client must push its authorization requests through {@code /par} (RFC 9126 §5)} */
  public boolean requirePushedAuthorizationRequests() { return requirePushedAuthorizationRequests; }
  /** {@return whether DPoP proofs must carry a nonce this provider handed out (RFC 9449 §8, §9)} */
  public boolean dpopNonces() { return dpopNonces; }
  /** {@return who may register a built-in account ({@link #DEFAULT_REGISTRATION})} */
  public Registration registration() { return registration; }
  /**
   * Whether anyone may register a client at {@code {issuer}/register} without an initial access token
   * (RFC 7591 §3 open registration); default {@link #DEFAULT_OPEN_CLIENT_REGISTRATION}.
   *
   * @return whether open dynamic client registration is allowed
   */
  public boolean openClientRegistration() { return openClientRegistration; }
  /** {@return whether a self-registered account must confirm its e-mail address before signing in} */
  public boolean emailVerificationRequired() { return emailVerificationRequired; }
  /**
   * The AES-256 key (base64, 32 bytes) that encrypts secrets at rest (TOTP secrets: AES-GCM, the key's
   * id stored with each ciphertext), or {@code null}. IMPORTANT: without one, a durable MFA store
   * refuses new TOTP enrolments (a secret is never written in plain text to it).
   *
   * @return the current key, or {@code null}
   */
  public String encryptionKey() { return encryptionKey; }
  /** {@return keys used before {@link #encryptionKey()} (base64), still read so that their secrets keep working} */
  public List<String> previousEncryptionKeys() { return previousEncryptionKeys; }

  /** Builder of {@link SsoSettings}; every setting not given keeps its {@code DEFAULT_*}. */
  public static final class Builder {
    private final URI issuer;
    private Duration accessTokenLifetime = DEFAULT_ACCESS_TOKEN_LIFETIME;
    private Duration idTokenLifetime = DEFAULT_ID_TOKEN_LIFETIME;
    private Duration refreshTokenLifetime = DEFAULT_REFRESH_TOKEN_LIFETIME;
    private Duration refreshTokenAbsoluteLifetime = DEFAULT_REFRESH_TOKEN_ABSOLUTE_LIFETIME;
    private Duration refreshTokenReuseGrace = DEFAULT_REFRESH_TOKEN_REUSE_GRACE;
    private Duration authorizationCodeLifetime = DEFAULT_AUTHORIZATION_CODE_LIFETIME;
    private Duration interactionLifetime = DEFAULT_INTERACTION_LIFETIME;
    private Duration sessionLifetime = DEFAULT_SESSION_LIFETIME;
    private Duration sessionIdleTimeout = DEFAULT_SESSION_IDLE_TIMEOUT;
    private Duration consentLifetime = DEFAULT_CONSENT_LIFETIME;
    private String signingAlgorithm = DEFAULT_SIGNING_ALGORITHM;
    private Duration keyRotationInterval = DEFAULT_KEY_ROTATION_INTERVAL;
    private Duration keyPublishAhead = DEFAULT_KEY_PUBLISH_AHEAD;
    private String keyEncryptionSecret;
    private String pairwiseSalt;
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
    private boolean apiDocs = true;
    private String productName = DEFAULT_PRODUCT_NAME;
    private URI logoUrl;
    private String primaryColor = DEFAULT_PRIMARY_COLOR;
    private URI stylesheetUrl;
    private Locale defaultLocale = DEFAULT_LOCALE;
    private boolean requirePushedAuthorizationRequests;
    private boolean dpopNonces;
    private Registration registration = DEFAULT_REGISTRATION;
    private boolean openClientRegistration = DEFAULT_OPEN_CLIENT_REGISTRATION;
    private boolean emailVerificationRequired = DEFAULT_EMAIL_VERIFICATION_REQUIRED;
    private String encryptionKey;
    private List<String> previousEncryptionKeys = List.of();

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

    /**
     * Lifetime of access tokens; default {@link SsoSettings#DEFAULT_ACCESS_TOKEN_LIFETIME}.
     *
     * @param d a positive duration
     * @return this builder
     * @throws IllegalArgumentException when {@code d} is null, zero or negative
     */
    public Builder accessTokenLifetime(Duration d) { accessTokenLifetime = positive("accessTokenLifetime", d); return this; }
    /**
     * Lifetime of ID tokens; default {@link SsoSettings#DEFAULT_ID_TOKEN_LIFETIME}.
     *
     * @param d a positive duration
     * @return this builder
     * @throws IllegalArgumentException when {@code d} is null, zero or negative
     */
    public Builder idTokenLifetime(Duration d) { idTokenLifetime = positive("idTokenLifetime", d); return this; }
    /**
     * Idle lifetime of refresh tokens (each rotation extends by at most this, up to the absolute end).
     *
     * @param d a positive duration, at most the absolute lifetime
     * @return this builder
     * @throws IllegalArgumentException when {@code d} is null, zero or negative
     */
    public Builder refreshTokenLifetime(Duration d) { refreshTokenLifetime = positive("refreshTokenLifetime", d); return this; }
    /**
     * Absolute lifetime of a refresh-token family; default {@link SsoSettings#DEFAULT_REFRESH_TOKEN_ABSOLUTE_LIFETIME}.
     *
     * @param d a positive duration, at least the idle lifetime
     * @return this builder
     * @throws IllegalArgumentException when {@code d} is null, zero or negative
     */
    public Builder refreshTokenAbsoluteLifetime(Duration d) { refreshTokenAbsoluteLifetime = positive("refreshTokenAbsoluteLifetime", d); return this; }
    /**
     * Grace window for a rotated-away refresh token presented again by its client (zero: off, the default;
     * at most {@link #MAX_REFRESH_TOKEN_REUSE_GRACE}).
     *
     * @param d the window, from zero to {@link #MAX_REFRESH_TOKEN_REUSE_GRACE}
     * @return this builder
     * @throws IllegalArgumentException when {@code d} is null, negative or too long
     */
    public Builder refreshTokenReuseGrace(Duration d) {
      if (d == null || d.isNegative() || d.compareTo(MAX_REFRESH_TOKEN_REUSE_GRACE) > 0) {
        throw new IllegalArgumentException("refreshTokenReuseGrace: must be between 0 and "
            + MAX_REFRESH_TOKEN_REUSE_GRACE + ", was " + d);
      }
      refreshTokenReuseGrace = d;
      return this;
    }
    /**
     * Lifetime of authorization codes; default {@link SsoSettings#DEFAULT_AUTHORIZATION_CODE_LIFETIME}.
     *
     * @param d a positive duration, at most {@link SsoSettings#MAX_AUTHORIZATION_CODE_LIFETIME}
     * @return this builder
     * @throws IllegalArgumentException when {@code d} is null, zero, negative or longer than 10 minutes
     */
    public Builder authorizationCodeLifetime(Duration d) {
      positive("authorizationCodeLifetime", d);
      if (d.compareTo(MAX_AUTHORIZATION_CODE_LIFETIME) > 0) {
        throw new IllegalArgumentException("authorizationCodeLifetime: must be at most "
            + MAX_AUTHORIZATION_CODE_LIFETIME + " (RFC 6749 §4.1.2), was " + d);
      }
      authorizationCodeLifetime = d;
      return this;
    }
    /**
     * How long a login or consent interaction may take; default {@link SsoSettings#DEFAULT_INTERACTION_LIFETIME}.
     *
     * @param d a positive duration
     * @return this builder
     * @throws IllegalArgumentException when {@code d} is null, zero or negative
     */
    public Builder interactionLifetime(Duration d) { interactionLifetime = positive("interactionLifetime", d); return this; }
    /**
     * Absolute lifetime of a browser session; default {@link SsoSettings#DEFAULT_SESSION_LIFETIME}.
     *
     * @param d a positive duration
     * @return this builder
     * @throws IllegalArgumentException when {@code d} is null, zero or negative
     */
    public Builder sessionLifetime(Duration d) { sessionLifetime = positive("sessionLifetime", d); return this; }
    /**
     * Idle timeout of a browser session; default {@link SsoSettings#DEFAULT_SESSION_IDLE_TIMEOUT}.
     *
     * @param d at least one minute
     * @return this builder
     * @throws IllegalArgumentException when {@code d} is null, zero or negative
     */
    public Builder sessionIdleTimeout(Duration d) { sessionIdleTimeout = positive("sessionIdleTimeout", d); return this; }
    /**
     * How long a remembered consent lasts; default {@link SsoSettings#DEFAULT_CONSENT_LIFETIME}.
     *
     * @param d a positive duration
     * @return this builder
     * @throws IllegalArgumentException when {@code d} is null, zero or negative
     */
    public Builder consentLifetime(Duration d) { consentLifetime = positive("consentLifetime", d); return this; }

    /**
     * {@code RS256} (default), {@code ES256} or {@code EdDSA} (Ed25519).
     *
     * @param alg one of {@link SsoSettings#SIGNING_ALGORITHMS}, checked by {@link #build()}
     * @return this builder
     */
    public Builder signingAlgorithm(String alg) { signingAlgorithm = alg; return this; }

    /**
     * Age at which a signing key gets a successor; {@code null} rotates only on {@code rotateSigningKey()}.
     *
     * @param d a positive duration longer than the publish-ahead time, or {@code null}
     * @return this builder
     * @throws IllegalArgumentException when {@code d} is zero or negative
     */
    public Builder keyRotationInterval(Duration d) { keyRotationInterval = d == null ? null : positive("keyRotationInterval", d); return this; }

    /**
     * How long a new key is published before it signs.
     *
     * @param d at least five minutes (the JWKS max-age)
     * @return this builder
     * @throws IllegalArgumentException when {@code d} is null, zero or negative
     */
    public Builder keyPublishAhead(Duration d) { keyPublishAhead = positive("keyPublishAhead", d); return this; }

    /**
     * Encrypts private signing keys in the key store (A256GCM with a key derived from this secret).
     *
     * @param secret at least 16 characters, or {@code null} to store keys unencrypted; never logged
     * @return this builder
     */
    public Builder keyEncryptionSecret(String secret) { keyEncryptionSecret = secret; return this; }

    /**
     * The secret salt of pairwise subject identifiers (OIDC Core §8.1): clients with {@code subject_type}
     * {@code pairwise} see a {@code sub} derived from it, their sector and the user. IMPORTANT: keep it stable
     * and equal on every instance: another salt gives every pairwise client other {@code sub} values.
     *
     * @param salt at least 16 characters, or {@code null} (the default) to refuse pairwise clients; never logged
     * @return this builder
     */
    public Builder pairwiseSalt(String salt) { pairwiseSalt = salt; return this; }

    /**
     * Headless mode: send the browser here with {@code ?interaction=<id>} instead of the built-in pages.
     *
     * @param url an absolute URL, or {@code null} for the built-in pages
     * @return this builder
     * @throws IllegalArgumentException when {@code url} is not a URI
     */
    public Builder interactionUrl(String url) { interactionUrl = url == null ? null : URI.create(url); return this; }

    /**
     * Name of the browser session cookie; default {@link SsoSettings#DEFAULT_SESSION_COOKIE_NAME}.
     *
     * @param name letters, digits, {@code _} and {@code -} only
     * @return this builder
     */
    public Builder sessionCookieName(String name) { sessionCookieName = name; return this; }

    /**
     * Forces the {@code Secure} cookie attribute on or off; by default on when the issuer is https.
     *
     * @param secure true to set {@code Secure}, false to leave it out
     * @return this builder
     */
    public Builder secureCookies(boolean secure) { secureCookies = secure; return this; }

    /**
     * Wrong passwords per (account, client address) before back-off; default {@link SsoSettings#DEFAULT_LOGIN_FREE_FAILURES}.
     *
     * @param n zero or more
     * @return this builder
     */
    public Builder loginFreeFailures(int n) { loginFreeFailures = n; return this; }
    /**
     * Longest back-off of one (account, client address) pair; default {@link SsoSettings#DEFAULT_LOGIN_MAX_BACKOFF}.
     *
     * @param d at least one second
     * @return this builder
     * @throws IllegalArgumentException when {@code d} is null, zero or negative
     */
    public Builder loginMaxBackoff(Duration d) { loginMaxBackoff = positive("loginMaxBackoff", d); return this; }
    /**
     * Wrong passwords per account from which every failing address backs off; default {@link SsoSettings#DEFAULT_LOGIN_ACCOUNT_SLOWDOWN}.
     *
     * @param n one or more
     * @return this builder
     */
    public Builder loginAccountSlowdown(int n) { loginAccountSlowdown = n; return this; }
    /**
     * Window over which login failures are counted; default {@link SsoSettings#DEFAULT_LOGIN_FAILURE_WINDOW}.
     *
     * @param d a positive duration
     * @return this builder
     * @throws IllegalArgumentException when {@code d} is null, zero or negative
     */
    public Builder loginFailureWindow(Duration d) { loginFailureWindow = positive("loginFailureWindow", d); return this; }
    /**
     * Requests per client address at each rate-limited endpoint; default {@link SsoSettings#DEFAULT_RATE_LIMIT_PER_IP}.
     *
     * @param l the limit
     * @return this builder
     * @throws NullPointerException when {@code l} is null
     */
    public Builder rateLimitPerIp(RateLimit l) { rateLimitPerIp = Objects.requireNonNull(l, "rateLimitPerIp"); return this; }
    /**
     * Requests per client id at each rate-limited endpoint; default {@link SsoSettings#DEFAULT_RATE_LIMIT_PER_CLIENT}.
     *
     * @param l the limit
     * @return this builder
     * @throws NullPointerException when {@code l} is null
     */
    public Builder rateLimitPerClient(RateLimit l) { rateLimitPerClient = Objects.requireNonNull(l, "rateLimitPerClient"); return this; }
    /**
     * Failed credential checks per client address; default {@link SsoSettings#DEFAULT_FAILURE_LIMIT_PER_IP}.
     *
     * @param l the limit
     * @return this builder
     * @throws NullPointerException when {@code l} is null
     */
    public Builder failureLimitPerIp(RateLimit l) { failureLimitPerIp = Objects.requireNonNull(l, "failureLimitPerIp"); return this; }

    /**
     * IP addresses and CIDR blocks ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) of the reverse proxies
     * in front of the provider. Only a request whose direct peer is one of them has its client address
     * taken from {@code Forwarded} / {@code X-Forwarded-For}; other requests' headers are ignored.
     *
     * @param proxies IP addresses and CIDR blocks; empty trusts no proxy
     * @return this builder
     * @throws IllegalArgumentException when an entry is neither an address nor a CIDR block
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
    /**
     * Largest accepted value of a single request parameter; default {@link SsoSettings#DEFAULT_MAX_PARAMETER_LENGTH}.
     *
     * @param n characters, at least 256
     * @return this builder
     */
    public Builder maxParameterLength(int n) { maxParameterLength = n; return this; }
    /**
     * Shortest accepted password of the built-in accounts, 8 to 64 (15 recommended).
     *
     * @param n 8 to 64
     * @return this builder
     */
    public Builder passwordMinLength(int n) { passwordMinLength = n; return this; }
    /**
     * Directory whose {@code *.mustache} files override the built-in pages and whose
     * {@code messages_*.properties} add languages or override texts.
     * Directory whose {@code *.mustache} files override the built-in pages; none by default.
     *
     * @param dir an existing directory, or {@code null}
     * @return this builder
     */
    public Builder templateDirectory(Path dir) { templateDirectory = dir; return this; }
    /**
     * Serve the API documentation ({@code /api/openapi.json}, Swagger UI at {@code /docs}); default {@code true}.
     *
     * @param on whether to serve it
     * @return this builder
     */
    public Builder apiDocs(boolean on) { apiDocs = on; return this; }
    /**
     * Product name on the built-in pages; default {@link SsoSettings#DEFAULT_PRODUCT_NAME}.
     *
     * @param name the name shown
     * @return this builder
     */
    public Builder productName(String name) { productName = name; return this; }
    /**
     * Logo image on the built-in pages.
     *
     * @param url an absolute https URL (http on localhost), or {@code null} for none
     * @return this builder
     */
    public Builder logoUrl(URI url) { logoUrl = url; return this; }
    /**
     * Button colour of the built-in pages; default {@link SsoSettings#DEFAULT_PRIMARY_COLOR}.
     *
     * @param color {@code #rrggbb} on which white text has at least 4.5:1 contrast
     * @return this builder
     */
    public Builder primaryColor(String color) { primaryColor = color; return this; }
    /**
     * A stylesheet added to every built-in page, after the built-in styles.
     *
     * @param url an absolute https URL (http on localhost), or {@code null} for none
     * @return this builder
     */
    public Builder stylesheetUrl(URI url) { stylesheetUrl = url; return this; }
    /**
     * Language of a page when the request names no supported one; default {@link SsoSettings#DEFAULT_LOCALE}.
     *
     * @param locale a language with a {@code messages} bundle
     * @return this builder
     */
    public Builder defaultLocale(Locale locale) { defaultLocale = locale; return this; }

    /** A page asset URL: absolute, https (http only on localhost), and writable into a CSP header as it is. */
    private static void assetUrl(String name, URI url) {
      if (url == null) {
        return;
      }
      boolean local = Set.of("localhost", "127.0.0.1", "[::1]").contains(url.getHost());
      if (!url.isAbsolute() || url.getHost() == null
          || !("https".equals(url.getScheme()) || ("http".equals(url.getScheme()) && local))) {
        throw new IllegalArgumentException(name + ": must be an absolute https URL (http only on localhost), was " + url);
      }
      // CSP source expressions end at whitespace, ';' and ','; quotes would start a keyword
      if (url.getRawPath().matches(".*[;,'\"].*")) {
        throw new IllegalArgumentException(name + ": the path must not contain ; , ' or \", was " + url);
      }
    }
    /**
     * Accepts authorization requests only through {@code /par} (RFC 9126 §5; FAPI 2.0 requires it); off by
     * default, a client can also require it for itself ({@code require_pushed_authorization_requests}).
     *
     * @param b whether every authorization request must be pushed
     * @return this builder
     */
    public Builder requirePushedAuthorizationRequests(boolean b) { requirePushedAuthorizationRequests = b; return this; }
    /**
     * Requires server-provided nonces in DPoP proofs (RFC 9449 §8 at {@code /token}, §9 at UserInfo and
     * the bearer filters): a proof without a current nonce is answered {@code use_dpop_nonce} with a
     * {@code DPoP-Nonce} header, which the client puts in its next proof. Nonces rotate every
     * {@link SsoSettings#DPOP_NONCE_ROTATION}, are accepted for two rotations and hold across instances sharing the cache. Off by
     * default: the proof's {@code iat} window and single-use {@code jti} already bound its replay, and a
     * nonce costs each client one more round trip; turn it on to limit proofs made in advance (FAPI 2.0
     * allows either).
     *
     * @param b whether DPoP proofs must carry a server-provided nonce
     * @return this builder
     */
    public Builder dpopNonces(boolean b) { dpopNonces = b; return this; }
    /**
     * Who may register a built-in account; default {@link SsoSettings#DEFAULT_REGISTRATION}.
     *
     * @param r open, invite or closed
     * @return this builder
     */
    public Builder registration(Registration r) { registration = Objects.requireNonNull(r, "registration"); return this; }
    /**
     * Lets anyone register a client at {@code {issuer}/register} without an initial access token (RFC 7591
     * §3), within the default registration policy; default {@link SsoSettings#DEFAULT_OPEN_CLIENT_REGISTRATION}.
     * IMPORTANT: an open endpoint lets anyone create clients; prefer initial access tokens.
     *
     * @param open whether open registration is allowed
     * @return this builder
     */
    public Builder openClientRegistration(boolean open) { openClientRegistration = open; return this; }
    /**
     * Whether a self-registered account must confirm its e-mail address before signing in; default
     * {@link SsoSettings#DEFAULT_EMAIL_VERIFICATION_REQUIRED}.
     *
     * @param required whether confirmation is required
     * @return this builder
     */
    public Builder emailVerificationRequired(boolean required) { emailVerificationRequired = required; return this; }
    /**
     * The key that encrypts secrets at rest (TOTP secrets, AES-256-GCM). Rotate by making the old key a
     * {@link #previousEncryptionKeys previous key} and setting a new one: each secret is re-encrypted with
     * the new key when next used.
     *
     * @param base64 32 random bytes, base64 (e.g. {@code openssl rand -base64 32}), or {@code null} for none;
     *     never logged
     * @return this builder
     */
    public Builder encryptionKey(String base64) { encryptionKey = base64; return this; }
    /**
     * Former {@link #encryptionKey encryption keys}, still read (never written) so that secrets encrypted
     * with them keep working until re-encrypted.
     *
     * @param base64Keys 32-byte keys, base64; {@code null} for none
     * @return this builder
     */
    public Builder previousEncryptionKeys(List<String> base64Keys) {
      previousEncryptionKeys = base64Keys == null ? List.of() : List.copyOf(base64Keys);
      return this;
    }

    private static void aesKey(String name, String base64) {
      if (base64 == null) {
        return;
      }
      byte[] key;
      try {
        key = java.util.Base64.getDecoder().decode(base64.trim());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(name + ": not base64 (generate one with: openssl rand -base64 32)");
      }
      if (key.length != 32) {
        throw new IllegalArgumentException(name + ": must be 32 bytes (base64 of 32 random bytes), was "
            + key.length + " bytes");
      }
    }

    private static Duration positive(String name, Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + ": must be a positive duration, was " + d);
      }
      return d;
    }

    /**
     * Validates the settings together and builds them.
     *
     * @return the settings
     * @throws IllegalArgumentException naming the first invalid setting
     */
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
      if (pairwiseSalt != null && pairwiseSalt.length() < 16) {
        throw new IllegalArgumentException("pairwiseSalt: must have at least 16 characters");
      }
      aesKey("encryptionKey", encryptionKey);
      for (String previous : previousEncryptionKeys) {
        aesKey("previousEncryptionKeys", previous);
      }
      if (!previousEncryptionKeys.isEmpty() && encryptionKey == null) {
        throw new IllegalArgumentException("previousEncryptionKeys: needs an encryptionKey to re-encrypt with");
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
      if (productName == null || productName.isBlank() || productName.length() > 100) {
        throw new IllegalArgumentException("productName: must be 1 to 100 characters, was " + productName);
      }
      if (primaryColor == null || !primaryColor.matches("#[0-9a-fA-F]{6}")) {
        throw new IllegalArgumentException("primaryColor: must be #rrggbb, was " + primaryColor);
      }
      double contrast = dev.ssokit.internal.page.Contrast.ratio(primaryColor, "#ffffff");
      if (contrast < MIN_PRIMARY_COLOR_CONTRAST) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "primaryColor: white button text on %s has a contrast of %.2f:1, WCAG 2.2 AA needs %.1f:1; choose a darker colour",
            primaryColor, contrast, MIN_PRIMARY_COLOR_CONTRAST));
      }
      assetUrl("logoUrl", logoUrl);
      assetUrl("stylesheetUrl", stylesheetUrl);
      Objects.requireNonNull(defaultLocale, "defaultLocale");
      Objects.requireNonNull(issuer);
      return new SsoSettings(this);
    }
  }
}
