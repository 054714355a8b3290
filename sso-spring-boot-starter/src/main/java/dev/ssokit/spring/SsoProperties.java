package dev.ssokit.spring;

import dev.ssokit.Maintenance;
import dev.ssokit.SsoSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
   * Absolute URL of the host's own login page (headless mode): the provider redirects there with
   * the interaction id instead of showing its built-in login page.
   */
  private String interactionUrl;

  /** Directory of templates overriding the built-in login, consent and error pages. */
  private Path templateDirectory;

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

  /** How often expired refresh tokens and consents are deleted. */
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

  /** Who may register a built-in account through /auth/register and /account/register: open, invite or closed. */
  private SsoSettings.Registration registration = SsoSettings.DEFAULT_REGISTRATION;

  /** Whether a self-registered account must confirm its e-mail address before it signs in. */
  private boolean emailVerificationRequired = SsoSettings.DEFAULT_EMAIL_VERIFICATION_REQUIRED;

  /**
   * Sender address of account mails (verification, password reset), e.g. "SSO <no-reply@example.com>";
   * the mails go through the application's JavaMailSender (spring-boot-starter-mail, spring.mail.*).
   */
  private String mailFrom;

  private final Bearer bearer = new Bearer();
  private final Postgres postgres = new Postgres();
  private final Redis redis = new Redis();

  public String getIssuer() { return issuer; }
  public void setIssuer(String issuer) { this.issuer = issuer; }
  public String getSigningAlgorithm() { return signingAlgorithm; }
  public void setSigningAlgorithm(String signingAlgorithm) { this.signingAlgorithm = signingAlgorithm; }
  public Duration getAccessTokenLifetime() { return accessTokenLifetime; }
  public void setAccessTokenLifetime(Duration d) { this.accessTokenLifetime = d; }
  public Duration getRefreshTokenLifetime() { return refreshTokenLifetime; }
  public void setRefreshTokenLifetime(Duration d) { this.refreshTokenLifetime = d; }
  public Duration getSessionLifetime() { return sessionLifetime; }
  public void setSessionLifetime(Duration d) { this.sessionLifetime = d; }
  public Duration getRefreshTokenAbsoluteLifetime() { return refreshTokenAbsoluteLifetime; }
  public void setRefreshTokenAbsoluteLifetime(Duration d) { this.refreshTokenAbsoluteLifetime = d; }
  public Duration getSessionIdleTimeout() { return sessionIdleTimeout; }
  public void setSessionIdleTimeout(Duration d) { this.sessionIdleTimeout = d; }
  public String getKeyEncryptionSecret() { return keyEncryptionSecret; }
  public void setKeyEncryptionSecret(String secret) { this.keyEncryptionSecret = secret; }
  public String getInteractionUrl() { return interactionUrl; }
  public void setInteractionUrl(String interactionUrl) { this.interactionUrl = interactionUrl; }
  public Path getTemplateDirectory() { return templateDirectory; }
  public void setTemplateDirectory(Path templateDirectory) { this.templateDirectory = templateDirectory; }
  public Duration getKeyRotationInterval() { return keyRotationInterval; }
  public void setKeyRotationInterval(Duration keyRotationInterval) { this.keyRotationInterval = keyRotationInterval; }
  public int getPasswordMinLength() { return passwordMinLength; }
  public void setPasswordMinLength(int passwordMinLength) { this.passwordMinLength = passwordMinLength; }
  public Duration getPurgeInterval() { return purgeInterval; }
  public void setPurgeInterval(Duration purgeInterval) { this.purgeInterval = purgeInterval; }
  public List<String> getTrustedProxies() { return trustedProxies; }
  public void setTrustedProxies(List<String> trustedProxies) { this.trustedProxies = trustedProxies; }
  public String getRateLimitPerIp() { return rateLimitPerIp; }
  public void setRateLimitPerIp(String rateLimitPerIp) { this.rateLimitPerIp = rateLimitPerIp; }
  public String getRateLimitPerClient() { return rateLimitPerClient; }
  public void setRateLimitPerClient(String rateLimitPerClient) { this.rateLimitPerClient = rateLimitPerClient; }
  public String getFailureLimitPerIp() { return failureLimitPerIp; }
  public void setFailureLimitPerIp(String failureLimitPerIp) { this.failureLimitPerIp = failureLimitPerIp; }
  public int getLoginFreeFailures() { return loginFreeFailures; }
  public void setLoginFreeFailures(int loginFreeFailures) { this.loginFreeFailures = loginFreeFailures; }
  public Duration getLoginMaxBackoff() { return loginMaxBackoff; }
  public void setLoginMaxBackoff(Duration loginMaxBackoff) { this.loginMaxBackoff = loginMaxBackoff; }
  public int getLoginAccountSlowdown() { return loginAccountSlowdown; }
  public void setLoginAccountSlowdown(int loginAccountSlowdown) { this.loginAccountSlowdown = loginAccountSlowdown; }
  public Duration getLoginFailureWindow() { return loginFailureWindow; }
  public void setLoginFailureWindow(Duration loginFailureWindow) { this.loginFailureWindow = loginFailureWindow; }
  public SsoSettings.Registration getRegistration() { return registration; }
  public void setRegistration(SsoSettings.Registration registration) { this.registration = registration; }
  public boolean isEmailVerificationRequired() { return emailVerificationRequired; }
  public void setEmailVerificationRequired(boolean required) { this.emailVerificationRequired = required; }
  public String getMailFrom() { return mailFrom; }
  public void setMailFrom(String mailFrom) { this.mailFrom = mailFrom; }
  public Map<String, DeclaredClient> getClients() { return clients; }
  public void setClients(Map<String, DeclaredClient> clients) { this.clients = clients; }
  public Bearer getBearer() { return bearer; }
  public Postgres getPostgres() { return postgres; }
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

    public String getClientSecret() { return clientSecret; }
    public void setClientSecret(String clientSecret) { this.clientSecret = clientSecret; }
    public String getClientName() { return clientName; }
    public void setClientName(String clientName) { this.clientName = clientName; }
    public List<String> getRedirectUris() { return redirectUris; }
    public void setRedirectUris(List<String> redirectUris) { this.redirectUris = redirectUris; }
    public List<String> getPostLogoutRedirectUris() { return postLogoutRedirectUris; }
    public void setPostLogoutRedirectUris(List<String> uris) { this.postLogoutRedirectUris = uris; }
    public List<String> getGrantTypes() { return grantTypes; }
    public void setGrantTypes(List<String> grantTypes) { this.grantTypes = grantTypes; }
    public List<String> getScope() { return scope; }
    public void setScope(List<String> scope) { this.scope = scope; }
    public String getTokenEndpointAuthMethod() { return tokenEndpointAuthMethod; }
    public void setTokenEndpointAuthMethod(String method) { this.tokenEndpointAuthMethod = method; }
    public String getApplicationType() { return applicationType; }
    public void setApplicationType(String applicationType) { this.applicationType = applicationType; }
    public String getAccessTokenFormat() { return accessTokenFormat; }
    public void setAccessTokenFormat(String accessTokenFormat) { this.accessTokenFormat = accessTokenFormat; }
    public String getAccessTokenTyp() { return accessTokenTyp; }
    public void setAccessTokenTyp(String accessTokenTyp) { this.accessTokenTyp = accessTokenTyp; }
    public boolean isRequirePkce() { return requirePkce; }
    public void setRequirePkce(boolean requirePkce) { this.requirePkce = requirePkce; }
    public List<String> getAllowedResources() { return allowedResources; }
    public void setAllowedResources(List<String> allowedResources) { this.allowedResources = allowedResources; }

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
     * Servlet URL patterns where a valid bearer access token is required: /api/* (/api and
     * everything below), an exact path (/status), *.json (an extension) or / (everything). No API
     * is protected when empty; any other form (e.g. /api/**) fails the start.
     */
    private List<String> paths = new ArrayList<>();

    /** Scopes every token must carry on those paths. */
    private List<String> scopes = new ArrayList<>();

    /** The "aud" tokens must carry on those paths; the issuer when unset. */
    private String audience;

    public List<String> getPaths() { return paths; }
    public void setPaths(List<String> paths) { this.paths = paths; }
    public List<String> getScopes() { return scopes; }
    public void setScopes(List<String> scopes) { this.scopes = scopes; }
    public String getAudience() { return audience; }
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

    public Boolean getEnabled() { return enabled; }
    public void setEnabled(Boolean enabled) { this.enabled = enabled; }
    public boolean isMigrate() { return migrate; }
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

    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public String getKeyPrefix() { return keyPrefix; }
    public void setKeyPrefix(String keyPrefix) { this.keyPrefix = keyPrefix; }
  }
}
