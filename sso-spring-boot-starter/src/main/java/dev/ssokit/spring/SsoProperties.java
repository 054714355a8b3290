package dev.ssokit.spring;

import dev.ssokit.Maintenance;
import dev.ssokit.SsoSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code sso.*} configuration properties read by {@link SsoAutoConfiguration}; each maps onto
 * one {@link SsoSettings} setting or one backend choice.
 *
 * <p>IMPORTANT: {@code sso.issuer} is required (the context fails at start naming it); every other
 * property has a safe default. Invalid values fail at start with a message naming the property, and
 * so does an unknown {@code sso.*} property (a typo such as {@code sso.bearer.path} would otherwise
 * leave an API unprotected without a word).
 */
@ConfigurationProperties(prefix = SsoProperties.PREFIX, ignoreUnknownFields = false)
public class SsoProperties {
  /** The prefix of every property of this class. */
  public static final String PREFIX = "sso";
  /** {@code sso.seed-mode=create}: only missing declared clients are created (the default). */
  public static final String SEED_MODE_CREATE = "create";
  /** {@code sso.seed-mode=apply}: existing clients are updated to match {@code sso.clients.*}. */
  public static final String SEED_MODE_APPLY = "apply";

  /**
   * The issuer URL of this provider, e.g. https://login.example.com: the "iss" of every token and
   * the base of every endpoint URL. http is accepted for localhost only. Required.
   */
  private String issuer;

  /** Algorithm of the signing key: RS256, ES256 or EdDSA. */
  private String signingAlgorithm = SsoSettings.DEFAULT_SIGNING_ALGORITHM;

  /** Lifetime of access tokens (default 10m). */
  private Duration accessTokenLifetime = SsoSettings.DEFAULT_ACCESS_TOKEN_LIFETIME;

  /**
   * Idle lifetime of refresh tokens (default 30d): each rotation extends the family by at most this,
   * never past its absolute lifetime.
   */
  private Duration refreshTokenLifetime = SsoSettings.DEFAULT_REFRESH_TOKEN_LIFETIME;

  /** Absolute lifetime of a refresh-token family, from the original grant (default 90d). */
  private Duration refreshTokenAbsoluteLifetime = SsoSettings.DEFAULT_REFRESH_TOKEN_ABSOLUTE_LIFETIME;

  /**
   * Grace window (default 0s: off, at most 2m) in which a rotated-away refresh token presented again by
   * its client gets a fresh token of the same family instead of revoking the family.
   */
  private Duration refreshTokenReuseGrace = SsoSettings.DEFAULT_REFRESH_TOKEN_REUSE_GRACE;
  /**
   * Whether every client must send its authorization requests through /par (RFC 9126 pushed authorization
   * requests; FAPI 2.0 requires it). A client can also require it for itself.
   */
  private boolean requirePushedAuthorizationRequests;
  /**
   * Whether DPoP proofs must carry a nonce the provider handed out in a DPoP-Nonce header (RFC 9449 §8, §9):
   * limits proofs made in advance, at the cost of one more round trip per client and nonce rotation.
   */
  private boolean dpopNonces;
  /** Whether the OpenAPI document (/api/openapi.json) and Swagger UI (/docs, with org.webjars:swagger-ui) are served. */
  private boolean apiDocs = true;
  /** Lifetime of ID tokens (default 10m). */
  private Duration idTokenLifetime = SsoSettings.DEFAULT_ID_TOKEN_LIFETIME;

  /** Lifetime of authorization codes, single use (default 60s; OAuth 2.1 recommends at most 10 minutes). */
  private Duration authorizationCodeLifetime = SsoSettings.DEFAULT_AUTHORIZATION_CODE_LIFETIME;

  /** How long a login or consent interaction may take before the user must start again (default 15m). */
  private Duration interactionLifetime = SsoSettings.DEFAULT_INTERACTION_LIFETIME;

  /** How long a user's consent to a client's scopes is remembered (default 365d). */
  private Duration consentLifetime = SsoSettings.DEFAULT_CONSENT_LIFETIME;

  /**
   * How long a new signing key is published in the JWKS before it signs, so verifiers' caches have
   * it (default 1h).
   */
  private Duration keyPublishAhead = SsoSettings.DEFAULT_KEY_PUBLISH_AHEAD;

  /** Name of the provider's browser session cookie. */
  private String sessionCookieName = SsoSettings.DEFAULT_SESSION_COOKIE_NAME;

  /** Forces the Secure attribute of the provider's cookies on or off; by default on when the issuer is https. */
  private Boolean secureCookies;

  /** Longest accepted value of one request parameter, in characters; longer ones are refused with invalid_request. */
  private int maxParameterLength = SsoSettings.DEFAULT_MAX_PARAMETER_LENGTH;

  /** Lifetime of the browser login session at the provider (default 12h). */
  private Duration sessionLifetime = SsoSettings.DEFAULT_SESSION_LIFETIME;

  /** The browser login session ends after this long without use, before its lifetime (default 30m). */
  private Duration sessionIdleTimeout = SsoSettings.DEFAULT_SESSION_IDLE_TIMEOUT;

  /**
   * Secret (at least 16 characters) that encrypts the private signing keys at rest in the key
   * store. Without it keys are stored unencrypted. Never logged.
   */
  private String keyEncryptionSecret;

  /**
   * Secret salt (at least 16 characters) of pairwise subject identifiers (OIDC Core §8): clients with
   * subject_type pairwise see a sub derived from it. Keep it stable and equal on every instance; without it
   * pairwise clients are refused. Never logged.
   */
  private String pairwiseSalt;

  /**
   * Absolute URL of the host's own login page (headless mode): the provider redirects there with
   * the interaction id instead of showing its built-in login page.
   */
  private String interactionUrl;

  /**
   * Directory of templates overriding the built-in login, consent and error pages; its
   * messages_<language>.properties files add page languages or override texts.
   */
  private Path templateDirectory;

  /** Product name shown on the built-in pages. */
  private String productName = SsoSettings.DEFAULT_PRODUCT_NAME;

  /** Absolute https URL of a logo image shown on the built-in pages (the page CSP allows exactly it). */
  private URI logoUrl;

  /** Button colour of the built-in pages, #rrggbb; white text on it needs a contrast of at least 4.5:1. */
  private String primaryColor = SsoSettings.DEFAULT_PRIMARY_COLOR;

  /** Absolute https URL of a stylesheet added to the built-in pages (the page CSP allows it and fonts from its origin). */
  private URI stylesheetUrl;

  /** Language of the built-in pages when neither ui_locales nor Accept-Language names a supported one. */
  private Locale defaultLocale = SsoSettings.DEFAULT_LOCALE;

  /**
   * Age at which the signing key gets a successor (published an hour before it signs, the old key
   * kept while its tokens live). 0 rotates only when the application calls rotateSigningKey().
   */
  private Duration keyRotationInterval = SsoSettings.DEFAULT_KEY_ROTATION_INTERVAL;

  /**
   * Shortest password the built-in accounts accept, 8 to 64 (default 8; 15 recommended). Common
   * passwords and the username or e-mail are refused at any length.
   */
  private int passwordMinLength = SsoSettings.DEFAULT_PASSWORD_MIN_LENGTH;

  /** How often expired refresh tokens, consents, account links and initial access tokens are deleted. */
  private Duration purgeInterval = Maintenance.DEFAULT_PURGE_INTERVAL;

  /**
   * IP addresses and CIDR blocks (10.0.0.0/8, 2001:db8::/32) of the reverse proxies in front of
   * the provider: only requests from them have their client address read from Forwarded /
   * X-Forwarded-For (right-most untrusted hop); those headers are ignored from anyone else.
   */
  private List<String> trustedProxies = new ArrayList<>(SsoSettings.DEFAULT_TRUSTED_PROXIES);

  /**
   * Requests per client address at each of /authorize, /token, /introspect, /revoke and
   * /interaction/login, as requests/window (ISO-8601 duration or seconds); 429 beyond.
   */
  private String rateLimitPerIp = SsoSettings.DEFAULT_RATE_LIMIT_PER_IP.toString();

  /** Requests per client id at each of those endpoints, as requests/window; 429 beyond. */
  private String rateLimitPerClient = SsoSettings.DEFAULT_RATE_LIMIT_PER_CLIENT.toString();

  /** Failed client-secret and password checks per client address, as requests/window; 429 beyond. */
  private String failureLimitPerIp = SsoSettings.DEFAULT_FAILURE_LIMIT_PER_IP.toString();

  /** Wrong passwords per (account, client address) before that pair backs off exponentially. */
  private int loginFreeFailures = SsoSettings.DEFAULT_LOGIN_FREE_FAILURES;

  /** Longest back-off of one (account, client address) pair after wrong passwords. */
  private Duration loginMaxBackoff = SsoSettings.DEFAULT_LOGIN_MAX_BACKOFF;

  /** Wrong passwords per account (all addresses) from which every failing address backs off at once. */
  private int loginAccountSlowdown = SsoSettings.DEFAULT_LOGIN_ACCOUNT_SLOWDOWN;

  /** Window over which wrong passwords are counted. */
  private Duration loginFailureWindow = SsoSettings.DEFAULT_LOGIN_FAILURE_WINDOW;

  /**
   * Clients created at start unless they exist (by id), with RFC 7591 metadata names in kebab case:
   * sso.clients.web.client-secret, .redirect-uris, .grant-types, .scope, ...
   */
  private Map<String, DeclaredClient> clients = new LinkedHashMap<>();

  /**
   * How sso.clients.* meet clients that exist already: create (only missing ones are created, the
   * default) or apply (the properties are authoritative: an existing client is updated to match them;
   * its secret only when client-secret is given and no longer matches), as the standalone server's
   * SSO_SEED_MODE does with its seed file.
   */
  private String seedMode = SEED_MODE_CREATE;

  /**
   * The first administrator (role admin), created at start while no user holds that role: the admin
   * API at {issuer}/api then accepts their sso:admin tokens. Needs username and password.
   */
  private final Admin admin = new Admin();
  /** Who may register a built-in account through /auth/register and /account/register: open, invite or closed. */
  private SsoSettings.Registration registration = SsoSettings.DEFAULT_REGISTRATION;
  /**
   * Whether anyone may register a client at {issuer}/register without an initial access token (RFC 7591
   * open registration); off by default: initial access tokens are issued through the admin API.
   */
  private boolean openClientRegistration = SsoSettings.DEFAULT_OPEN_CLIENT_REGISTRATION;

  /** Whether a self-registered account must confirm its e-mail address before it signs in. */
  private boolean emailVerificationRequired = SsoSettings.DEFAULT_EMAIL_VERIFICATION_REQUIRED;

  /**
   * AES-256 key (base64 of 32 random bytes) that encrypts TOTP secrets at rest. Without it, a durable
   * store (PostgreSQL) refuses TOTP enrolment. Never logged.
   */
  private String encryptionKey;

  /** Former encryption keys (base64), still read so their secrets keep working until re-encrypted. */
  private List<String> previousEncryptionKeys = new ArrayList<>();

  /**
   * Sender address of account mails (verification, password reset), e.g. "SSO <no-reply@example.com>";
   * the mails go through the application's JavaMailSender (spring-boot-starter-mail, spring.mail.*).
   */
  private String mailFrom;

  private final Bearer bearer = new Bearer();
  private final Postgres postgres = new Postgres();
  private final Redis redis = new Redis();

  /** {@return the issuer URL of this provider, e.g. https://login.example.com; required} */
  public String getIssuer() { return issuer; }
  /**
   * Sets {@code sso.issuer}.
   *
   * @param issuer the issuer URL of this provider, e.g. https://login.example.com; required
   */
  public void setIssuer(String issuer) { this.issuer = issuer; }
  /** {@return the algorithm of the signing key: RS256, ES256 or EdDSA} */
  public String getSigningAlgorithm() { return signingAlgorithm; }
  /**
   * Sets {@code sso.signing-algorithm}.
   *
   * @param signingAlgorithm the algorithm of the signing key: RS256, ES256 or EdDSA
   */
  public void setSigningAlgorithm(String signingAlgorithm) { this.signingAlgorithm = signingAlgorithm; }
  /** {@return the lifetime of access tokens} */
  public Duration getAccessTokenLifetime() { return accessTokenLifetime; }
  /**
   * Sets {@code sso.access-token-lifetime}.
   *
   * @param d the lifetime of access tokens
   */
  public void setAccessTokenLifetime(Duration d) { this.accessTokenLifetime = d; }
  /** {@return the idle lifetime of refresh tokens} */
  public Duration getRefreshTokenLifetime() { return refreshTokenLifetime; }
  /**
   * Sets {@code sso.refresh-token-lifetime}.
   *
   * @param d the idle lifetime of refresh tokens
   */
  public void setRefreshTokenLifetime(Duration d) { this.refreshTokenLifetime = d; }
  /** {@return the lifetime of ID tokens} */
  public Duration getIdTokenLifetime() { return idTokenLifetime; }
  /**
   * Sets {@code sso.id-token-lifetime}.
   *
   * @param d the lifetime of ID tokens
   */
  public void setIdTokenLifetime(Duration d) { this.idTokenLifetime = d; }
  /** {@return the lifetime of authorization codes} */
  public Duration getAuthorizationCodeLifetime() { return authorizationCodeLifetime; }
  /**
   * Sets {@code sso.authorization-code-lifetime}.
   *
   * @param d the lifetime of authorization codes
   */
  public void setAuthorizationCodeLifetime(Duration d) { this.authorizationCodeLifetime = d; }
  /** {@return how long a login or consent interaction may take} */
  public Duration getInteractionLifetime() { return interactionLifetime; }
  /**
   * Sets {@code sso.interaction-lifetime}.
   *
   * @param d how long a login or consent interaction may take
   */
  public void setInteractionLifetime(Duration d) { this.interactionLifetime = d; }
  /** {@return how long a user's consent is remembered} */
  public Duration getConsentLifetime() { return consentLifetime; }
  /**
   * Sets {@code sso.consent-lifetime}.
   *
   * @param d how long a user's consent is remembered
   */
  public void setConsentLifetime(Duration d) { this.consentLifetime = d; }
  /** {@return how long a new signing key is published before it signs} */
  public Duration getKeyPublishAhead() { return keyPublishAhead; }
  /**
   * Sets {@code sso.key-publish-ahead}.
   *
   * @param d how long a new signing key is published before it signs
   */
  public void setKeyPublishAhead(Duration d) { this.keyPublishAhead = d; }
  /** {@return the name of the provider's browser session cookie} */
  public String getSessionCookieName() { return sessionCookieName; }
  /**
   * Sets {@code sso.session-cookie-name}.
   *
   * @param name the name of the provider's browser session cookie
   */
  public void setSessionCookieName(String name) { this.sessionCookieName = name; }
  /** {@return the Secure attribute of the cookies, or null for on with an https issuer} */
  public Boolean getSecureCookies() { return secureCookies; }
  /**
   * Sets {@code sso.secure-cookies}.
   *
   * @param secure the Secure attribute of the cookies, or null for on with an https issuer
   */
  public void setSecureCookies(Boolean secure) { this.secureCookies = secure; }
  /** {@return the longest accepted value of one request parameter, in characters} */
  public int getMaxParameterLength() { return maxParameterLength; }
  /**
   * Sets {@code sso.max-parameter-length}.
   *
   * @param n the longest accepted value of one request parameter, in characters
   */
  public void setMaxParameterLength(int n) { this.maxParameterLength = n; }
  /** {@return the lifetime of the browser login session at the provider} */
  public Duration getSessionLifetime() { return sessionLifetime; }
  /**
   * Sets {@code sso.session-lifetime}.
   *
   * @param d the lifetime of the browser login session at the provider
   */
  public void setSessionLifetime(Duration d) { this.sessionLifetime = d; }
  /** {@return the absolute lifetime of a refresh-token family} */
  public Duration getRefreshTokenAbsoluteLifetime() { return refreshTokenAbsoluteLifetime; }
  /**
   * Sets {@code sso.refresh-token-absolute-lifetime}.
   *
   * @param d the absolute lifetime of a refresh-token family
   */
  public void setRefreshTokenAbsoluteLifetime(Duration d) { this.refreshTokenAbsoluteLifetime = d; }
  /** {@return the time a rotated-away refresh token may be presented again by its client without revoking its family (zero: off)} */
  public Duration getRefreshTokenReuseGrace() { return refreshTokenReuseGrace; }
  /** {@return whether every client must push its authorization requests through /par} */
  public boolean isRequirePushedAuthorizationRequests() { return requirePushedAuthorizationRequests; }
  /**
   * Sets {@code sso.require-pushed-authorization-requests}.
   *
   * @param b whether every client must push its authorization requests through /par
   */
  public void setRequirePushedAuthorizationRequests(boolean b) { this.requirePushedAuthorizationRequests = b; }
  /** {@return whether DPoP proofs must carry a server-provided nonce} */
  public boolean isDpopNonces() { return dpopNonces; }
  /**
   * Sets {@code sso.dpop-nonces}.
   *
   * @param b whether DPoP proofs must carry a server-provided nonce
   */
  public void setDpopNonces(boolean b) { this.dpopNonces = b; }
  /** {@return whether the OpenAPI document and Swagger UI are served} */
  public boolean isApiDocs() { return apiDocs; }
  /**
   * Sets {@code sso.api-docs}.
   *
   * @param b whether the OpenAPI document and Swagger UI are served
   */
  public void setApiDocs(boolean b) { this.apiDocs = b; }
  /**
   * Sets {@code sso.refresh-token-reuse-grace}.
   *
   * @param d the time a rotated-away refresh token may be presented again by its client without revoking its family (zero: off)
   */
  public void setRefreshTokenReuseGrace(Duration d) { this.refreshTokenReuseGrace = d; }
  /** {@return the time without use after which the browser login session ends} */
  public Duration getSessionIdleTimeout() { return sessionIdleTimeout; }
  /**
   * Sets {@code sso.session-idle-timeout}.
   *
   * @param d the time without use after which the browser login session ends
   */
  public void setSessionIdleTimeout(Duration d) { this.sessionIdleTimeout = d; }
  /** {@return the secret that encrypts the private signing keys at rest, or null to store them unencrypted} */
  public String getKeyEncryptionSecret() { return keyEncryptionSecret; }
  /**
   * Sets {@code sso.key-encryption-secret}.
   *
   * @param secret the secret that encrypts the private signing keys at rest, or null to store them unencrypted
   */
  public void setKeyEncryptionSecret(String secret) { this.keyEncryptionSecret = secret; }
  /** {@return the secret salt of pairwise subject identifiers, or null to refuse pairwise clients} */
  public String getPairwiseSalt() { return pairwiseSalt; }
  /**
   * Sets {@code sso.pairwise-salt}.
   *
   * @param salt the secret salt of pairwise subject identifiers, or null to refuse pairwise clients
   */
  public void setPairwiseSalt(String salt) { this.pairwiseSalt = salt; }
  /** {@return the absolute URL of the host's own login page, or null for the built-in pages} */
  public String getInteractionUrl() { return interactionUrl; }
  /**
   * Sets {@code sso.interaction-url}.
   *
   * @param interactionUrl the absolute URL of the host's own login page, or null for the built-in pages
   */
  public void setInteractionUrl(String interactionUrl) { this.interactionUrl = interactionUrl; }
  /** {@return the directory of templates overriding the built-in pages, or null} */
  public Path getTemplateDirectory() { return templateDirectory; }
  /**
   * Sets {@code sso.template-directory}.
   *
   * @param templateDirectory the directory of templates overriding the built-in pages, or null
   */
  public void setTemplateDirectory(Path templateDirectory) { this.templateDirectory = templateDirectory; }
  /** {@return the product name on the built-in pages} */
  public String getProductName() { return productName; }
  /**
   * Sets {@code sso.product-name}.
   *
   * @param productName the product name on the built-in pages
   */
  public void setProductName(String productName) { this.productName = productName; }
  /** {@return the https URL of the logo on the built-in pages, or null} */
  public URI getLogoUrl() { return logoUrl; }
  /**
   * Sets {@code sso.logo-url}.
   *
   * @param logoUrl the https URL of the logo on the built-in pages, or null
   */
  public void setLogoUrl(URI logoUrl) { this.logoUrl = logoUrl; }
  /** {@return the button colour of the built-in pages, #rrggbb} */
  public String getPrimaryColor() { return primaryColor; }
  /**
   * Sets {@code sso.primary-color}.
   *
   * @param primaryColor the button colour of the built-in pages, #rrggbb
   */
  public void setPrimaryColor(String primaryColor) { this.primaryColor = primaryColor; }
  /** {@return the https URL of a stylesheet added to the built-in pages, or null} */
  public URI getStylesheetUrl() { return stylesheetUrl; }
  /**
   * Sets {@code sso.stylesheet-url}.
   *
   * @param stylesheetUrl the https URL of a stylesheet added to the built-in pages, or null
   */
  public void setStylesheetUrl(URI stylesheetUrl) { this.stylesheetUrl = stylesheetUrl; }
  /** {@return the language of the pages when the request names no supported one} */
  public Locale getDefaultLocale() { return defaultLocale; }
  /**
   * Sets {@code sso.default-locale}.
   *
   * @param defaultLocale the language of the pages when the request names no supported one
   */
  public void setDefaultLocale(Locale defaultLocale) { this.defaultLocale = defaultLocale; }
  /** {@return the age at which the signing key gets a successor; zero rotates only on demand} */
  public Duration getKeyRotationInterval() { return keyRotationInterval; }
  /**
   * Sets {@code sso.key-rotation-interval}.
   *
   * @param keyRotationInterval the age at which the signing key gets a successor; zero rotates only on demand
   */
  public void setKeyRotationInterval(Duration keyRotationInterval) { this.keyRotationInterval = keyRotationInterval; }
  /** {@return the shortest password the built-in accounts accept, 8 to 64} */
  public int getPasswordMinLength() { return passwordMinLength; }
  /**
   * Sets {@code sso.password-min-length}.
   *
   * @param passwordMinLength the shortest password the built-in accounts accept, 8 to 64
   */
  public void setPasswordMinLength(int passwordMinLength) { this.passwordMinLength = passwordMinLength; }
  /** {@return how often expired refresh tokens, consents, account links and initial access tokens are deleted} */
  public Duration getPurgeInterval() { return purgeInterval; }
  /**
   * Sets {@code sso.purge-interval}.
   *
   * @param purgeInterval how often expired refresh tokens, consents, account links and initial access tokens
   *                      are deleted
   */
  public void setPurgeInterval(Duration purgeInterval) { this.purgeInterval = purgeInterval; }
  /** {@return the IP addresses and CIDR blocks of the trusted reverse proxies} */
  public List<String> getTrustedProxies() { return trustedProxies; }
  /**
   * Sets {@code sso.trusted-proxies}.
   *
   * @param trustedProxies the IP addresses and CIDR blocks of the trusted reverse proxies
   */
  public void setTrustedProxies(List<String> trustedProxies) { this.trustedProxies = trustedProxies; }
  /** {@return the requests per client address and window at each limited endpoint, as requests/window} */
  public String getRateLimitPerIp() { return rateLimitPerIp; }
  /**
   * Sets {@code sso.rate-limit-per-ip}.
   *
   * @param rateLimitPerIp the requests per client address and window at each limited endpoint, as requests/window
   */
  public void setRateLimitPerIp(String rateLimitPerIp) { this.rateLimitPerIp = rateLimitPerIp; }
  /** {@return the requests per client id and window at each limited endpoint, as requests/window} */
  public String getRateLimitPerClient() { return rateLimitPerClient; }
  /**
   * Sets {@code sso.rate-limit-per-client}.
   *
   * @param rateLimitPerClient the requests per client id and window at each limited endpoint, as requests/window
   */
  public void setRateLimitPerClient(String rateLimitPerClient) { this.rateLimitPerClient = rateLimitPerClient; }
  /** {@return the failed secret and password checks per client address, as requests/window} */
  public String getFailureLimitPerIp() { return failureLimitPerIp; }
  /**
   * Sets {@code sso.failure-limit-per-ip}.
   *
   * @param failureLimitPerIp the failed secret and password checks per client address, as requests/window
   */
  public void setFailureLimitPerIp(String failureLimitPerIp) { this.failureLimitPerIp = failureLimitPerIp; }
  /** {@return the wrong passwords per account and client address before back-off starts} */
  public int getLoginFreeFailures() { return loginFreeFailures; }
  /**
   * Sets {@code sso.login-free-failures}.
   *
   * @param loginFreeFailures the wrong passwords per account and client address before back-off starts
   */
  public void setLoginFreeFailures(int loginFreeFailures) { this.loginFreeFailures = loginFreeFailures; }
  /** {@return the longest back-off of one account and client address after wrong passwords} */
  public Duration getLoginMaxBackoff() { return loginMaxBackoff; }
  /**
   * Sets {@code sso.login-max-backoff}.
   *
   * @param loginMaxBackoff the longest back-off of one account and client address after wrong passwords
   */
  public void setLoginMaxBackoff(Duration loginMaxBackoff) { this.loginMaxBackoff = loginMaxBackoff; }
  /** {@return the wrong passwords per account from which every failing address backs off} */
  public int getLoginAccountSlowdown() { return loginAccountSlowdown; }
  /**
   * Sets {@code sso.login-account-slowdown}.
   *
   * @param loginAccountSlowdown the wrong passwords per account from which every failing address backs off
   */
  public void setLoginAccountSlowdown(int loginAccountSlowdown) { this.loginAccountSlowdown = loginAccountSlowdown; }
  /** {@return the window over which wrong passwords are counted} */
  public Duration getLoginFailureWindow() { return loginFailureWindow; }
  /**
   * Sets {@code sso.login-failure-window}.
   *
   * @param loginFailureWindow the window over which wrong passwords are counted
   */
  public void setLoginFailureWindow(Duration loginFailureWindow) { this.loginFailureWindow = loginFailureWindow; }
  /** {@return who may register a built-in account} */
  public SsoSettings.Registration getRegistration() { return registration; }
  /**
   * Sets {@code sso.registration}.
   *
   * @param registration open, invite or closed
   */
  public void setRegistration(SsoSettings.Registration registration) { this.registration = registration; }
  /** {@return whether a client may register at {issuer}/register without an initial access token} */
  public boolean isOpenClientRegistration() { return openClientRegistration; }
  /**
   * Sets {@code sso.open-client-registration}.
   *
   * @param open whether open dynamic client registration is allowed
   */
  public void setOpenClientRegistration(boolean open) { this.openClientRegistration = open; }
  /** {@return whether a self-registered account must confirm its e-mail address before it signs in} */
  public boolean isEmailVerificationRequired() { return emailVerificationRequired; }
  /**
   * Sets {@code sso.email-verification-required}.
   *
   * @param required whether confirmation is required
   */
  public void setEmailVerificationRequired(boolean required) { this.emailVerificationRequired = required; }
  /** {@return the key that encrypts TOTP secrets at rest (base64), or {@code null}} */
  public String getEncryptionKey() { return encryptionKey; }
  /**
   * Sets {@code sso.encryption-key}.
   *
   * @param encryptionKey base64 of 32 random bytes
   */
  public void setEncryptionKey(String encryptionKey) { this.encryptionKey = encryptionKey; }
  /** {@return the former encryption keys (base64)} */
  public List<String> getPreviousEncryptionKeys() { return previousEncryptionKeys; }
  /**
   * Sets {@code sso.previous-encryption-keys}.
   *
   * @param keys base64 keys used before the current one
   */
  public void setPreviousEncryptionKeys(List<String> keys) { this.previousEncryptionKeys = keys; }
  /** {@return the sender address of account mails, or {@code null}} */
  public String getMailFrom() { return mailFrom; }
  /**
   * Sets {@code sso.mail-from}.
   *
   * @param mailFrom the sender address, e.g. "SSO &lt;no-reply@example.com&gt;"
   */
  public void setMailFrom(String mailFrom) { this.mailFrom = mailFrom; }
  /** {@return the clients created at start unless they exist, by client id} */
  public Map<String, DeclaredClient> getClients() { return clients; }
  /**
   * Sets {@code sso.clients}.
   *
   * @param clients the clients created at start unless they exist, by client id
   */
  public void setClients(Map<String, DeclaredClient> clients) { this.clients = clients; }
  /** {@return how sso.clients.* meet existing clients: create or apply} */
  public String getSeedMode() { return seedMode; }
  /**
   * Sets {@code sso.seed-mode}.
   *
   * @param seedMode {@value #SEED_MODE_CREATE} (the default) or {@value #SEED_MODE_APPLY}
   */
  public void setSeedMode(String seedMode) { this.seedMode = seedMode; }
  /** {@return the {@code sso.admin.*} properties: the bootstrap administrator} */
  public Admin getAdmin() { return admin; }
  /** {@return the {@code sso.bearer.*} properties} */
  public Bearer getBearer() { return bearer; }
  /** {@return the {@code sso.postgres.*} properties} */
  public Postgres getPostgres() { return postgres; }
  /** {@return the {@code sso.redis.*} properties} */
  public Redis getRedis() { return redis; }

  /**
   * {@code sso.clients.<client-id>.*}: one client, RFC 7591 metadata in kebab case. Created at start
   * when no client of that id exists; an existing one is left as it is (so restarts and several
   * instances agree).
   */
  public static class DeclaredClient {
    /**
     * The client's secret, at least 128 bits (e.g. openssl rand -hex 32), best from the environment
     * (SSO_CLIENTS_<ID>_CLIENTSECRET); none for token-endpoint-auth-method none. Never logged.
     */
    private String clientSecret;

    /** client_name: shown on the consent page. */
    private String clientName;

    /** redirect_uris: exact redirect URIs of the code flow. */
    private List<String> redirectUris = new ArrayList<>();

    /** post_logout_redirect_uris: where RP-initiated logout may return. */
    private List<String> postLogoutRedirectUris = new ArrayList<>();

    /** grant_types: authorization_code, refresh_token, client_credentials (default authorization_code). */
    private List<String> grantTypes = new ArrayList<>();

    /** scope: the scopes the client may ask for (a list, or one space-separated value). */
    private List<String> scope = new ArrayList<>();

    /** token_endpoint_auth_method: client_secret_basic (default), client_secret_post or none (public client, PKCE). */
    private String tokenEndpointAuthMethod;

    /** application_type: web (default) or native. */
    private String applicationType;

    /** access_token_format: jwt (default, RFC 9068) or opaque. */
    private String accessTokenFormat;

    /** access_token_typ: at+jwt (default, RFC 9068) or JWT for resource servers that accept only that. */
    private String accessTokenTyp;

    /** require_pkce: PKCE S256 even for a confidential OpenID client sending a nonce. */
    private boolean requirePkce;

    /** allowed_resources: RFC 8707 resource URIs the client may ask tokens for. */
    private List<String> allowedResources = new ArrayList<>();

    /** access_token_lifetime: the client's access-token lifetime; can only shorten sso.access-token-lifetime. */
    private Duration accessTokenLifetime;

    /** id_token_lifetime: the client's ID-token lifetime; can only shorten sso.id-token-lifetime. */
    private Duration idTokenLifetime;

    /** refresh_token_lifetime: the idle lifetime of the client's refresh tokens. */
    private Duration refreshTokenLifetime;

    /** consent_policy: once (default, remembered), always, or skip (first-party clients only). */
    private String consentPolicy;

    /** first_party: the operator's own application (may skip consent, may be allowed the password grant). */
    private boolean firstParty;

    /** default_acr_values: acr values required when a request names none. */
    private List<String> defaultAcrValues = new ArrayList<>();

    /** allowed_acr_values: the only acr values the client may ask for. */
    private List<String> allowedAcrValues = new ArrayList<>();

    /** token_exchange_audiences: the RFC 8693 audience values the client may exchange tokens for. */
    private List<String> tokenExchangeAudiences = new ArrayList<>();
    /** {@code logo_uri}: https URL of the client's logo (stored, never fetched). */
    private String logoUri;
    /** {@code client_uri}: https URL of the client's home page, linked from its name on the consent page. */
    private String clientUri;
    /** {@code policy_uri}: https URL of the client's privacy policy, linked from the consent page. */
    private String policyUri;
    /** {@code tos_uri}: https URL of the client's terms of service, linked from the consent page. */
    private String tosUri;

    /** {@return the client's secret, or null for a public client; never logged} */
    public String getClientSecret() { return clientSecret; }
    /**
     * Sets {@code sso.clients.<id>.client-secret}.
     *
     * @param clientSecret the client's secret, or null for a public client; never logged
     */
    public void setClientSecret(String clientSecret) { this.clientSecret = clientSecret; }
    /** {@return the client's name shown on the consent page} */
    public String getClientName() { return clientName; }
    /**
     * Sets {@code sso.clients.<id>.client-name}.
     *
     * @param clientName the client's name shown on the consent page
     */
    public void setClientName(String clientName) { this.clientName = clientName; }
    /** {@return the exact redirect URIs of the code flow} */
    public List<String> getRedirectUris() { return redirectUris; }
    /**
     * Sets {@code sso.clients.<id>.redirect-uris}.
     *
     * @param redirectUris the exact redirect URIs of the code flow
     */
    public void setRedirectUris(List<String> redirectUris) { this.redirectUris = redirectUris; }
    /** {@return where RP-initiated logout may return} */
    public List<String> getPostLogoutRedirectUris() { return postLogoutRedirectUris; }
    /**
     * Sets {@code sso.clients.<id>.post-logout-redirect-uris}.
     *
     * @param uris where RP-initiated logout may return
     */
    public void setPostLogoutRedirectUris(List<String> uris) { this.postLogoutRedirectUris = uris; }
    /** {@return the grant types the client may use; empty for authorization_code} */
    public List<String> getGrantTypes() { return grantTypes; }
    /**
     * Sets {@code sso.clients.<id>.grant-types}.
     *
     * @param grantTypes the grant types the client may use; empty for authorization_code
     */
    public void setGrantTypes(List<String> grantTypes) { this.grantTypes = grantTypes; }
    /** {@return the scopes the client may ask for} */
    public List<String> getScope() { return scope; }
    /**
     * Sets {@code sso.clients.<id>.scope}.
     *
     * @param scope the scopes the client may ask for
     */
    public void setScope(List<String> scope) { this.scope = scope; }
    /** {@return the token endpoint authentication method, or null for client_secret_basic} */
    public String getTokenEndpointAuthMethod() { return tokenEndpointAuthMethod; }
    /**
     * Sets {@code sso.clients.<id>.token-endpoint-auth-method}.
     *
     * @param method the token endpoint authentication method, or null for client_secret_basic
     */
    public void setTokenEndpointAuthMethod(String method) { this.tokenEndpointAuthMethod = method; }
    /** {@return web or native, or null for web} */
    public String getApplicationType() { return applicationType; }
    /**
     * Sets {@code sso.clients.<id>.application-type}.
     *
     * @param applicationType web or native, or null for web
     */
    public void setApplicationType(String applicationType) { this.applicationType = applicationType; }
    /** {@return jwt or opaque, or null for jwt} */
    public String getAccessTokenFormat() { return accessTokenFormat; }
    /**
     * Sets {@code sso.clients.<id>.access-token-format}.
     *
     * @param accessTokenFormat jwt or opaque, or null for jwt
     */
    public void setAccessTokenFormat(String accessTokenFormat) { this.accessTokenFormat = accessTokenFormat; }
    /** {@return the typ header of JWT access tokens: at+jwt or JWT, or null for at+jwt} */
    public String getAccessTokenTyp() { return accessTokenTyp; }
    /**
     * Sets {@code sso.clients.<id>.access-token-typ}.
     *
     * @param accessTokenTyp the typ header of JWT access tokens: at+jwt or JWT, or null for at+jwt
     */
    public void setAccessTokenTyp(String accessTokenTyp) { this.accessTokenTyp = accessTokenTyp; }
    /** {@return whether PKCE S256 is required even for a confidential OpenID client sending a nonce} */
    public boolean isRequirePkce() { return requirePkce; }
    /**
     * Sets {@code sso.clients.<id>.require-pkce}.
     *
     * @param requirePkce whether PKCE S256 is required even for a confidential OpenID client sending a nonce
     */
    public void setRequirePkce(boolean requirePkce) { this.requirePkce = requirePkce; }
    /** {@return the RFC 8707 resource URIs the client may ask tokens for} */
    public List<String> getAllowedResources() { return allowedResources; }
    /**
     * Sets {@code sso.clients.<id>.allowed-resources}.
     *
     * @param allowedResources the RFC 8707 resource URIs the client may ask tokens for
     */
    public void setAllowedResources(List<String> allowedResources) { this.allowedResources = allowedResources; }
    /** {@return the client's access-token lifetime (only shorter than the provider's), or null} */
    public Duration getAccessTokenLifetime() { return accessTokenLifetime; }
    /**
     * Sets {@code sso.clients.<id>.access-token-lifetime}.
     *
     * @param d the client's access-token lifetime (only shorter than the provider's), or null
     */
    public void setAccessTokenLifetime(Duration d) { this.accessTokenLifetime = d; }
    /** {@return the client's ID-token lifetime (only shorter than the provider's), or null} */
    public Duration getIdTokenLifetime() { return idTokenLifetime; }
    /**
     * Sets {@code sso.clients.<id>.id-token-lifetime}.
     *
     * @param d the client's ID-token lifetime (only shorter than the provider's), or null
     */
    public void setIdTokenLifetime(Duration d) { this.idTokenLifetime = d; }
    /** {@return the idle lifetime of the client's refresh tokens, or null} */
    public Duration getRefreshTokenLifetime() { return refreshTokenLifetime; }
    /**
     * Sets {@code sso.clients.<id>.refresh-token-lifetime}.
     *
     * @param d the idle lifetime of the client's refresh tokens, or null
     */
    public void setRefreshTokenLifetime(Duration d) { this.refreshTokenLifetime = d; }
    /** {@return once (default), always, or skip (first-party clients only)} */
    public String getConsentPolicy() { return consentPolicy; }
    /**
     * Sets {@code sso.clients.<id>.consent-policy}.
     *
     * @param consentPolicy once (default), always, or skip (first-party clients only)
     */
    public void setConsentPolicy(String consentPolicy) { this.consentPolicy = consentPolicy; }
    /** {@return whether the client is the operator's own application} */
    public boolean isFirstParty() { return firstParty; }
    /**
     * Sets {@code sso.clients.<id>.first-party}.
     *
     * @param firstParty whether the client is the operator's own application
     */
    public void setFirstParty(boolean firstParty) { this.firstParty = firstParty; }
    /** {@return the acr values required when a request names none} */
    public List<String> getDefaultAcrValues() { return defaultAcrValues; }
    /**
     * Sets {@code sso.clients.<id>.default-acr-values}.
     *
     * @param values the acr values required when a request names none
     */
    public void setDefaultAcrValues(List<String> values) { this.defaultAcrValues = values; }
    /** {@return the only acr values the client may ask for (empty: any)} */
    public List<String> getAllowedAcrValues() { return allowedAcrValues; }
    /**
     * Sets {@code sso.clients.<id>.allowed-acr-values}.
     *
     * @param values the only acr values the client may ask for (empty: any)
     */
    public void setAllowedAcrValues(List<String> values) { this.allowedAcrValues = values; }
    /** {@return the RFC 8693 audiences the client may exchange tokens for} */
    public List<String> getTokenExchangeAudiences() { return tokenExchangeAudiences; }
    /**
     * Sets {@code sso.clients.<id>.token-exchange-audiences}.
     *
     * @param values the RFC 8693 audiences the client may exchange tokens for
     */
    public void setTokenExchangeAudiences(List<String> values) { this.tokenExchangeAudiences = values; }
    /** {@return the https URL of the client's logo, or null} */
    public String getLogoUri() { return logoUri; }
    /**
     * Sets {@code sso.clients.<id>.logo-uri}.
     *
     * @param uri the https URL of the client's logo, or null
     */
    public void setLogoUri(String uri) { this.logoUri = uri; }
    /** {@return the https URL of the client's home page, or null} */
    public String getClientUri() { return clientUri; }
    /**
     * Sets {@code sso.clients.<id>.client-uri}.
     *
     * @param uri the https URL of the client's home page, or null
     */
    public void setClientUri(String uri) { this.clientUri = uri; }
    /** {@return the https URL of the client's privacy policy, or null} */
    public String getPolicyUri() { return policyUri; }
    /**
     * Sets {@code sso.clients.<id>.policy-uri}.
     *
     * @param uri the https URL of the client's privacy policy, or null
     */
    public void setPolicyUri(String uri) { this.policyUri = uri; }
    /** {@return the https URL of the client's terms of service, or null} */
    public String getTosUri() { return tosUri; }
    /**
     * Sets {@code sso.clients.<id>.tos-uri}.
     *
     * @param uri the https URL of the client's terms of service, or null
     */
    public void setTosUri(String uri) { this.tosUri = uri; }

    /** The RFC 7591 metadata of this client (unset fields left out), without the secret. */
    Map<String, Object> toMetadata(String clientId) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("client_id", clientId);
      putIfSet(m, "client_name", clientName);
      putIfSet(m, "redirect_uris", redirectUris);
      putIfSet(m, "post_logout_redirect_uris", postLogoutRedirectUris);
      putIfSet(m, "grant_types", grantTypes);
      putIfSet(m, "scope", scope == null || scope.isEmpty() ? null : String.join(" ", scope));
      putIfSet(m, "token_endpoint_auth_method", tokenEndpointAuthMethod);
      putIfSet(m, "application_type", applicationType);
      putIfSet(m, "access_token_format", accessTokenFormat);
      putIfSet(m, "access_token_typ", accessTokenTyp);
      if (requirePkce) {
        m.put("require_pkce", true);
      }
      putIfSet(m, "allowed_resources", allowedResources);
      putIfSet(m, "access_token_lifetime", accessTokenLifetime == null ? null : accessTokenLifetime.getSeconds());
      putIfSet(m, "id_token_lifetime", idTokenLifetime == null ? null : idTokenLifetime.getSeconds());
      putIfSet(m, "refresh_token_lifetime", refreshTokenLifetime == null ? null : refreshTokenLifetime.getSeconds());
      putIfSet(m, "consent_policy", consentPolicy);
      if (firstParty) {
        m.put("first_party", true);
      }
      putIfSet(m, "default_acr_values", defaultAcrValues);
      putIfSet(m, "allowed_acr_values", allowedAcrValues);
      putIfSet(m, "token_exchange_audiences", tokenExchangeAudiences);
      putIfSet(m, "logo_uri", logoUri);
      putIfSet(m, "client_uri", clientUri);
      putIfSet(m, "policy_uri", policyUri);
      putIfSet(m, "tos_uri", tosUri);
      return m;
    }

    private static void putIfSet(Map<String, Object> m, String name, Object value) {
      if (value != null && !(value instanceof List<?> list && list.isEmpty())) {
        m.put(name, value instanceof List<?> list ? List.copyOf(list) : value);
      }
    }
  }

  /** {@code sso.bearer.*}: the host's own API paths protected by access tokens of this provider. */
  public static class Bearer {
    /**
     * Spring path patterns where a valid bearer access token is required: /api/** (/api and
     * everything below), /orders/{id}, /files/*.json, an exact path. No API is protected when
     * empty; an empty entry, a pattern not starting with /, an unparseable one or a servlet-style
     * /api/* (one segment for Spring, everything below for a servlet container) fails the start.
     */
    private List<String> paths = new ArrayList<>();

    /** Scopes every token must carry on those paths. */
    private List<String> scopes = new ArrayList<>();

    /** The "aud" tokens must carry on those paths; the issuer when unset. */
    private String audience;

    /** {@return the Spring path patterns where a valid bearer access token is required} */
    public List<String> getPaths() { return paths; }
    /**
     * Sets {@code sso.bearer.paths}.
     *
     * @param paths the Spring path patterns (e.g. {@code /api/**}) where a valid bearer access token is required
     */
    public void setPaths(List<String> paths) { this.paths = paths; }
    /** {@return the scopes every token must carry on those paths} */
    public List<String> getScopes() { return scopes; }
    /**
     * Sets {@code sso.bearer.scopes}.
     *
     * @param scopes the scopes every token must carry on those paths
     */
    public void setScopes(List<String> scopes) { this.scopes = scopes; }
    /** {@return the aud tokens must carry on those paths, or null for the issuer} */
    public String getAudience() { return audience; }
    /**
     * Sets {@code sso.bearer.audience}.
     *
     * @param audience the aud tokens must carry on those paths, or null for the issuer
     */
    public void setAudience(String audience) { this.audience = audience; }
  }

  /** {@code sso.postgres.*}: durable storage in the application's PostgreSQL DataSource. */
  public static class Postgres {
    /**
     * Whether clients, users, grants and keys are stored through the application's DataSource
     * (needs dev.ssokit:sso-store-postgres). Default: true when a DataSource bean exists.
     */
    private Boolean enabled;

    /** Whether the SSO Kit tables are created or upgraded at start (Flyway, own history table). */
    private boolean migrate = true;

    /** {@return whether storage goes through the application's DataSource, or null to decide by the presence of a DataSource bean} */
    public Boolean getEnabled() { return enabled; }
    /**
     * Sets {@code sso.postgres.enabled}.
     *
     * @param enabled whether storage goes through the application's DataSource, or null to decide by the presence of a DataSource bean
     */
    public void setEnabled(Boolean enabled) { this.enabled = enabled; }
    /** {@return whether the SSO Kit tables are created or upgraded at start} */
    public boolean isMigrate() { return migrate; }
    /**
     * Sets {@code sso.postgres.migrate}.
     *
     * @param migrate whether the SSO Kit tables are created or upgraded at start
     */
    public void setMigrate(boolean migrate) { this.migrate = migrate; }
  }

  /** {@code sso.redis.*}: sessions, codes and counters in Redis or Dragonfly. */
  public static class Redis {
    /**
     * redis://[user:password@]host:port[/db] or rediss:// for TLS (needs
     * dev.ssokit:sso-cache-redis). In memory when unset.
     */
    private String url;

    /** Prefix of every key SSO Kit writes, so several applications can share one server. */
    private String keyPrefix = "ssokit:";

    /** {@return the Redis or Dragonfly URL, or null to keep sessions, codes and counters in memory} */
    public String getUrl() { return url; }
    /**
     * Sets {@code sso.redis.url}.
     *
     * @param url the Redis or Dragonfly URL, or null to keep sessions, codes and counters in memory
     */
    public void setUrl(String url) { this.url = url; }
    /** {@return the prefix of every key SSO Kit writes} */
    public String getKeyPrefix() { return keyPrefix; }
    /**
     * Sets {@code sso.redis.key-prefix}.
     *
     * @param keyPrefix the prefix of every key SSO Kit writes
     */
    public void setKeyPrefix(String keyPrefix) { this.keyPrefix = keyPrefix; }
  }

  /** {@code sso.admin.*}: the bootstrap administrator of the admin API. */
  public static class Admin {
    /** Username of the first administrator; unset: none is created. */
    private String username;

    /** Password of the first administrator (the password policy applies; used only when the account is created). */
    private String password;

    /** {@return the username of the first administrator, or null when none is created} */
    public String getUsername() { return username; }
    /**
     * Sets {@code sso.admin.username}: while no user has the {@code admin} role, this account gets it
     * at start (created when it does not exist). Needs {@code sso.admin.password} too.
     *
     * @param v the username, or null (or blank) to create no administrator
     */
    public void setUsername(String v) { username = v; }
    /** {@return the password of the first administrator, or null when unset} */
    public String getPassword() { return password; }
    /**
     * Sets {@code sso.admin.password}: used only when the administrator's account is created, and must
     * pass the password policy (otherwise the start fails, without showing the value). Needs
     * {@code sso.admin.username} too.
     *
     * @param v the password, or null (or blank) to create no administrator
     */
    public void setPassword(String v) { password = v; }
  }
}
