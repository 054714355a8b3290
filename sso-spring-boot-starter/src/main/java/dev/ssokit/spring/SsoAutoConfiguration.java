package dev.ssokit.spring;

import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoProvider;
import dev.ssokit.Maintenance;
import dev.ssokit.SsoSettings;
import dev.ssokit.Users;
import dev.ssokit.postgres.PostgresStore;
import dev.ssokit.redis.RedisCache;
import dev.ssokit.servlet.BearerTokenFilter;
import dev.ssokit.servlet.SsoFilter;
import dev.ssokit.spi.TokenCustomizer;
import dev.ssokit.spi.UserDirectory;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.util.ClassUtils;

/**
 * Makes a Spring Boot servlet application an OpenID Connect provider: an {@link SsoProvider} bean
 * built from {@link SsoProperties}, {@link SsoFilter} on {@code /*} and, when
 * {@code sso.bearer.paths} is set, {@link BearerTokenFilter} on those paths (Spring path patterns such
 * as {@code /api/**}; with Spring Security as a resource-server chain of their own).
 *
 * <p>Backends: PostgreSQL through the application's {@link DataSource} when one exists and
 * {@code dev.ssokit:sso-store-postgres} is on the classpath (schema migrated at start), Redis or
 * Dragonfly when {@code sso.redis.url} is set, the host's {@link UserDirectory} bean when it has
 * one, and in memory for everything else.
 *
 * <p>IMPORTANT: a host's own {@link SsoProvider} bean replaces the whole provider part (and
 * {@code sso.issuer} is then not read); the filters are still registered for it.
 */
@AutoConfiguration(afterName = {
    // Spring Boot 3.x names, then 4.x names (its auto-configurations moved to one module per technology)
    "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
    "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
    // after it, so Boot's default chain is still decided on the host's chains alone (ours are added beside it)
    "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
    "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
    // after it, so the provider's health contributor can join the readiness group it creates
    "org.springframework.boot.actuate.autoconfigure.availability.AvailabilityProbesAutoConfiguration",
    "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration"})
@ConditionalOnClass(SsoProvider.class)
@EnableConfigurationProperties(SsoProperties.class)
@Import({SsoSecurityConfiguration.class, SsoMetricsConfiguration.class, SsoHealthConfiguration.class,
    SsoHealth4Configuration.class})
public class SsoAutoConfiguration {
  /**
   * Order of the {@link SsoFilter} registration: after Spring's character-encoding and observation
   * filters, before Spring Security's filter chain (-100), so a host's security rules (CSRF,
   * login redirects) never intercept the protocol endpoints.
   */
  public static final int SSO_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;
  /** Order of the {@link BearerTokenFilter} registration: right after {@link SsoFilter}. */
  public static final int BEARER_FILTER_ORDER = SSO_FILTER_ORDER + 1;
  /**
   * With Spring Security: order of the {@code SecurityFilterChain} of the provider's endpoints, before
   * the host's chains (unordered ones come last, Boot's default at {@code BASIC_AUTH_ORDER}).
   */
  public static final int PROVIDER_SECURITY_CHAIN_ORDER = Ordered.HIGHEST_PRECEDENCE + 10;
  /** With Spring Security: order of the {@code SecurityFilterChain} of {@code sso.bearer.paths}, right after it. */
  public static final int BEARER_SECURITY_CHAIN_ORDER = PROVIDER_SECURITY_CHAIN_ORDER + 1;

  private static final Logger LOG = LoggerFactory.getLogger(SsoAutoConfiguration.class);
  /** One clock for the provider and the Redis cache: expiry is checked against it. */
  static final Clock CLOCK = Clock.systemUTC();
  /** Settings whose values must never appear in a log line or a start-up failure report. */
  private static final Set<String> SECRET_SETTINGS = Set.of("keyEncryptionSecret", "pairwiseSalt", "encryptionKey",
      "previousEncryptionKeys");

  /**
   * The provider, built from {@code sso.*}, the backend customizers and the host's beans.
   *
   * @param properties    the {@code sso.*} properties
   * @param userDirectory the host's own users, if it has a bean; the built-in accounts otherwise
   * @param dataSources   the application's DataSource, checked against {@code sso.postgres.enabled}
   * @param customizers   adjust the builder in their {@code @Order}
   * @param tokenCustomizer the host's {@link TokenCustomizer} bean, if any: its claims go into the tokens
   * @return the provider
   */
  @Bean
  @ConditionalOnMissingBean
  public SsoProvider ssoProvider(SsoProperties properties, ObjectProvider<UserDirectory> userDirectory,
      ObjectProvider<DataSource> dataSources, ObjectProvider<SsoProviderCustomizer> customizers,
      ObjectProvider<TokenCustomizer> tokenCustomizer) {
    checkBackends(properties, dataSources);
    SsoProvider.Builder builder = SsoProvider.builder(settings(properties)).clock(CLOCK);
    UserDirectory directory = userDirectory.getIfAvailable();
    if (directory != null) {
      builder.userDirectory(directory);
    }
    tokenCustomizer.ifAvailable(builder::tokenCustomizer);
    customizers.orderedStream().forEach(c -> c.customize(builder));
    SsoProvider provider = builder.build();
    LOG.info("SSO Kit provider: {}", provider);
    return provider;
  }

  /**
   * The provider's housekeeping thread: expired rows purged every {@code sso.purge-interval}, signing
   * keys maintained (rotated, re-read from the shared store) every minute. Stopped with the context.
   *
   * @param provider   the provider to maintain
   * @param properties the {@code sso.*} properties ({@code sso.purge-interval})
   * @return the running maintenance
   * @throws InvalidConfigurationPropertyValueException when {@code sso.purge-interval} is not a positive duration
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Maintenance ssoMaintenance(SsoProvider provider, SsoProperties properties) {
    Duration purge = properties.getPurgeInterval();
    if (purge == null || purge.isNegative() || purge.isZero()) {
      throw invalid("purgeInterval", String.valueOf(purge), "must be a positive duration");
    }
    return Maintenance.start(provider, purge);
  }

  /**
   * The clients of {@code sso.clients.<id>.*}, created once the provider exists (whether the starter's or
   * the host's) unless a client of that id is already stored: restarts and several instances agree.
   * With {@code sso.seed-mode=apply} an existing client is updated to match its properties.
   */
  @Bean
  SmartInitializingSingleton ssoDeclaredClients(SsoProvider provider, SsoProperties properties) {
    String mode = properties.getSeedMode() == null ? SsoProperties.SEED_MODE_CREATE
        : properties.getSeedMode().trim().toLowerCase(java.util.Locale.ROOT);
    if (!mode.equals(SsoProperties.SEED_MODE_CREATE) && !mode.equals(SsoProperties.SEED_MODE_APPLY)) {
      throw new InvalidConfigurationPropertyValueException(SsoProperties.PREFIX + ".seed-mode",
          properties.getSeedMode(), "must be create or apply");
    }
    boolean authoritative = mode.equals(SsoProperties.SEED_MODE_APPLY);
    return () -> properties.getClients().forEach((id, declared) -> declare(provider, id, declared, authoritative));
  }

  /** The first administrator of {@code sso.admin.*}, once the provider and the declared clients exist. */
  @Bean
  SmartInitializingSingleton ssoBootstrapAdministrator(SsoProvider provider, SsoProperties properties) {
    return () -> {
      SsoProperties.Admin admin = properties.getAdmin();
      boolean named = admin.getUsername() != null && !admin.getUsername().isBlank();
      boolean secret = admin.getPassword() != null && !admin.getPassword().isBlank();
      if (!named && !secret) {
        return;
      }
      if (!named || !secret) {
        throw invalid(named ? "admin.password" : "admin.username", "", "sso.admin needs both username and password");
      }
      try {
        provider.users().bootstrapAdministrator(admin.getUsername(), admin.getPassword())
            .ifPresent(u -> LOG.info("SSO Kit administrator {} has role {}", u.username(), Users.ADMIN_ROLE));
      } catch (IllegalArgumentException e) {
        // the password itself is never part of the report
        throw new IllegalStateException(SsoProperties.PREFIX + ".admin.password: "
            + String.valueOf(e.getMessage()).replaceFirst("^password: ", "") + " (value not shown)");
      }
    };
  }

  private static void declare(SsoProvider provider, String clientId, SsoProperties.DeclaredClient declared,
      boolean authoritative) {
    String prefix = SsoProperties.PREFIX + ".clients." + clientId + ".";
    String secret = declared.getClientSecret() == null || declared.getClientSecret().isBlank()
        ? null : declared.getClientSecret();
    String outcome;
    try {
      ClientRegistration registration = ClientRegistration.fromMetadata(declared.toMetadata(clientId));
      if (provider.clients().importClient(registration, secret)) {
        outcome = "created from " + prefix + "*";
      } else if (authoritative) {
        outcome = provider.clients().apply(registration, secret) ? "updated to match " + prefix + "*"
            : "already matches " + prefix + "*";
      } else {
        outcome = "already exists: left as it is";
      }
    } catch (IllegalArgumentException e) {
      // ClientRegistration and Clients name the RFC 7591 field first ("redirect_uris: ..."): report its property
      String message = String.valueOf(e.getMessage());
      int colon = message.indexOf(':');
      String head = colon > 0 ? message.substring(0, colon) : "";
      String field = head.matches("[a-z_]+( of client .*)?") ? head.split(" ", 2)[0] : "";
      String property = prefix + field.replace('_', '-');
      String reason = colon > 0 ? message.substring(colon + 1).trim() : message;
      if (field.isEmpty() || field.equals("client_secret")) {
        // a plain exception: Spring's report of InvalidConfigurationPropertyValueException prints the value
        throw new IllegalStateException((field.isEmpty() ? prefix + "*" : property) + ": " + reason + " (value not shown)");
      }
      throw new InvalidConfigurationPropertyValueException(property, null, reason);
    }
    LOG.info("SSO Kit client {} {}", clientId, outcome);
  }

  /** Turns {@code sso.*} into {@link SsoSettings}; every rejected value is reported by its property name. */
  static SsoSettings settings(SsoProperties p) {
    String issuer = p.getIssuer();
    if (issuer == null || issuer.isBlank()) {
      throw new InvalidConfigurationPropertyValueException(property("issuer"), issuer,
          "required: the issuer URL of this provider, e.g. https://login.example.com");
    }
    if (!issuer.startsWith("https://") && !issuer.startsWith("http://")) {
      throw new InvalidConfigurationPropertyValueException(property("issuer"), issuer,
          "must be an absolute https URL (http only for localhost)");
    }
    SsoSettings.Builder b = checked("issuer", issuer, () -> SsoSettings.builder(issuer));
    set("signingAlgorithm", p.getSigningAlgorithm(), b::signingAlgorithm);
    set("accessTokenLifetime", p.getAccessTokenLifetime(), b::accessTokenLifetime);
    set("refreshTokenLifetime", p.getRefreshTokenLifetime(), b::refreshTokenLifetime);
    set("sessionLifetime", p.getSessionLifetime(), b::sessionLifetime);
    set("refreshTokenAbsoluteLifetime", p.getRefreshTokenAbsoluteLifetime(), b::refreshTokenAbsoluteLifetime);
    set("refreshTokenReuseGrace", p.getRefreshTokenReuseGrace(), b::refreshTokenReuseGrace);
    b.requirePushedAuthorizationRequests(p.isRequirePushedAuthorizationRequests());
    b.dpopNonces(p.isDpopNonces());
    b.apiDocs(p.isApiDocs());
    set("sessionIdleTimeout", p.getSessionIdleTimeout(), b::sessionIdleTimeout);
    set("keyEncryptionSecret", p.getKeyEncryptionSecret(), b::keyEncryptionSecret);
    set("pairwiseSalt", p.getPairwiseSalt(), b::pairwiseSalt);
    set("interactionUrl", p.getInteractionUrl(), b::interactionUrl);
    set("templateDirectory", p.getTemplateDirectory(), b::templateDirectory);
    set("productName", p.getProductName(), b::productName);
    set("logoUrl", p.getLogoUrl(), b::logoUrl);
    set("primaryColor", p.getPrimaryColor(), b::primaryColor);
    set("stylesheetUrl", p.getStylesheetUrl(), b::stylesheetUrl);
    set("defaultLocale", p.getDefaultLocale(), b::defaultLocale);
    set("passwordMinLength", p.getPasswordMinLength(), b::passwordMinLength);
    // 0 means: rotate only when the application calls rotateSigningKey()
    set("keyRotationInterval", p.getKeyRotationInterval(), d -> b.keyRotationInterval(d.isZero() ? null : d));
    set("trustedProxies", p.getTrustedProxies(), b::trustedProxies);
    set("rateLimitPerIp", p.getRateLimitPerIp(), v -> b.rateLimitPerIp(SsoSettings.RateLimit.parse(v)));
    set("rateLimitPerClient", p.getRateLimitPerClient(), v -> b.rateLimitPerClient(SsoSettings.RateLimit.parse(v)));
    set("failureLimitPerIp", p.getFailureLimitPerIp(), v -> b.failureLimitPerIp(SsoSettings.RateLimit.parse(v)));
    set("loginFreeFailures", p.getLoginFreeFailures(), b::loginFreeFailures);
    set("loginMaxBackoff", p.getLoginMaxBackoff(), b::loginMaxBackoff);
    set("loginAccountSlowdown", p.getLoginAccountSlowdown(), b::loginAccountSlowdown);
    set("loginFailureWindow", p.getLoginFailureWindow(), b::loginFailureWindow);
    set("idTokenLifetime", p.getIdTokenLifetime(), b::idTokenLifetime);
    set("authorizationCodeLifetime", p.getAuthorizationCodeLifetime(), b::authorizationCodeLifetime);
    set("interactionLifetime", p.getInteractionLifetime(), b::interactionLifetime);
    set("consentLifetime", p.getConsentLifetime(), b::consentLifetime);
    set("keyPublishAhead", p.getKeyPublishAhead(), b::keyPublishAhead);
    set("sessionCookieName", p.getSessionCookieName(), b::sessionCookieName);
    set("secureCookies", p.getSecureCookies(), b::secureCookies);
    set("maxParameterLength", p.getMaxParameterLength(), b::maxParameterLength);
    set("registration", p.getRegistration(), b::registration);
    b.openClientRegistration(p.isOpenClientRegistration());
    set("emailVerificationRequired", p.isEmailVerificationRequired(), b::emailVerificationRequired);
    set("encryptionKey", p.getEncryptionKey(), b::encryptionKey);
    set("previousEncryptionKeys", p.getPreviousEncryptionKeys(), b::previousEncryptionKeys);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      // SsoSettings names the setting first ("signingAlgorithm: must be one of ..."): report it as sso.signing-algorithm
      String message = String.valueOf(e.getMessage());
      int colon = message.indexOf(':');
      String setting = colon > 0 ? message.substring(0, colon) : "issuer";
      String reason = colon > 0 ? message.substring(colon + 1).trim() : message;
      throw invalid(setting, shown(setting, p), reason);
    }
  }

  private static <T> void set(String setting, T value, Consumer<T> setter) {
    if (value != null) {
      checked(setting, value, () -> {
        setter.accept(value);
        return null;
      });
    }
  }

  private static <T> T checked(String setting, Object value, Supplier<T> call) {
    try {
      return call.get();
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      String reason = message.startsWith(setting + ":") ? message.substring(setting.length() + 1).trim() : message;
      throw invalid(setting, value, reason);
    }
  }

  private static Object shown(String setting, SsoProperties p) {
    return switch (setting) {
      case "issuer" -> p.getIssuer();
      case "signingAlgorithm" -> p.getSigningAlgorithm();
      case "accessTokenLifetime" -> p.getAccessTokenLifetime();
      case "refreshTokenLifetime" -> p.getRefreshTokenLifetime();
      case "sessionLifetime" -> p.getSessionLifetime();
      case "refreshTokenAbsoluteLifetime" -> p.getRefreshTokenAbsoluteLifetime();
      case "refreshTokenReuseGrace" -> p.getRefreshTokenReuseGrace();
      case "sessionIdleTimeout" -> p.getSessionIdleTimeout();
      case "interactionUrl" -> p.getInteractionUrl();
      case "templateDirectory" -> p.getTemplateDirectory();
      case "productName" -> p.getProductName();
      case "logoUrl" -> p.getLogoUrl();
      case "primaryColor" -> p.getPrimaryColor();
      case "stylesheetUrl" -> p.getStylesheetUrl();
      case "defaultLocale" -> p.getDefaultLocale();
      case "passwordMinLength" -> p.getPasswordMinLength();
      case "loginFreeFailures" -> p.getLoginFreeFailures();
      case "loginAccountSlowdown" -> p.getLoginAccountSlowdown();
      case "loginMaxBackoff" -> p.getLoginMaxBackoff();
      case "idTokenLifetime" -> p.getIdTokenLifetime();
      case "authorizationCodeLifetime" -> p.getAuthorizationCodeLifetime();
      case "interactionLifetime" -> p.getInteractionLifetime();
      case "consentLifetime" -> p.getConsentLifetime();
      case "keyPublishAhead" -> p.getKeyPublishAhead();
      case "sessionCookieName" -> p.getSessionCookieName();
      case "maxParameterLength" -> p.getMaxParameterLength();
      default -> null;
    };
  }

  /**
   * A start failure naming the property. Spring's failure report of
   * {@link InvalidConfigurationPropertyValueException} prints the value as found in the
   * Environment, so secret-bearing properties get a plain exception that never shows it.
   */
  private static RuntimeException invalid(String setting, Object value, String reason) {
    if (SECRET_SETTINGS.contains(setting)) {
      return new IllegalStateException(property(setting) + ": " + reason + " (value not shown)");
    }
    return new InvalidConfigurationPropertyValueException(property(setting), value, reason);
  }

  /** {@code accessTokenLifetime} → {@code sso.access-token-lifetime}. */
  static String property(String setting) {
    return SsoProperties.PREFIX + "." + setting.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /** Explicitly requested backends that cannot be provided fail the start instead of silently staying in memory. */
  private static void checkBackends(SsoProperties properties, ObjectProvider<DataSource> dataSources) {
    ClassLoader loader = SsoAutoConfiguration.class.getClassLoader();
    if (Boolean.TRUE.equals(properties.getPostgres().getEnabled())) {
      if (!ClassUtils.isPresent("dev.ssokit.postgres.PostgresStore", loader)) {
        throw new InvalidConfigurationPropertyValueException("sso.postgres.enabled", true,
            "needs dev.ssokit:sso-store-postgres on the classpath");
      }
      if (dataSources.getIfAvailable() == null) {
        throw new InvalidConfigurationPropertyValueException("sso.postgres.enabled", true,
            "needs a DataSource bean (spring.datasource.url or the host's own)");
      }
    }
    if (properties.getRedis().getUrl() != null && !ClassUtils.isPresent("dev.ssokit.redis.RedisCache", loader)) {
      // a plain exception: the URL may carry a password, and Spring's report would print it
      throw new IllegalStateException("sso.redis.url: needs dev.ssokit:sso-cache-redis on the classpath");
    }
  }

  /**
   * Clients, users, grants, keys and audit events in the application's PostgreSQL database. Beside the
   * host's own Flyway (or Liquibase, or SQL scripts): SSO Kit's tables have their own history table
   * ({@value PostgresStore#SCHEMA_HISTORY_TABLE}) and are migrated after the host's initializers ran.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(PostgresStore.class)
  @ConditionalOnBean(DataSource.class)
  @ConditionalOnMissingBean(SsoProvider.class)
  @ConditionalOnProperty(prefix = "sso.postgres", name = "enabled", havingValue = "true", matchIfMissing = true)
  static class PostgresBackendConfiguration {
    /** The host's Flyway, if any, accepts a schema that SSO Kit migrated first. */
    @Bean
    static HostFlywayBaseline ssoHostFlywayBaseline() {
      return new HostFlywayBaseline();
    }

    /**
     * After the host's database initializers (Boot's Flyway, Liquibase, schema.sql): a host Flyway then
     * finds the schema as its own migrations left it, never SSO Kit's tables in an empty schema.
     */
    @Bean
    @Order(SsoProviderCustomizer.BACKENDS_ORDER)
    @DependsOnDatabaseInitialization
    SsoProviderCustomizer ssoPostgresStore(DataSource dataSource, SsoProperties properties) {
      if (properties.getPostgres().isMigrate()) {
        PostgresStore.migrate(dataSource);
      }
      PostgresStore store = PostgresStore.create(dataSource);
      LOG.debug("SSO Kit stores clients, users, grants and keys in the application's DataSource (PostgreSQL)");
      return builder -> builder.clientStore(store.clients()).userStore(store.users())
          .consentStore(store.consents()).refreshTokenStore(store.refreshTokens())
          .signingKeyStore(store.signingKeys()).auditLog(store.auditLog())
          .logoutDeliveryStore(store.logoutDeliveries()).applicationStatsStore(store.applicationStats())
          .accountTokenStore(store.accountTokens()).mfaStore(store.mfa())
          .clientRegistrationStore(store.clientRegistrations());
    }
  }

  /** Account mails through the application's {@code JavaMailSender} (spring-boot-starter-mail). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.mail.javamail.JavaMailSender")
  @ConditionalOnMissingBean(SsoProvider.class)
  static class MailConfiguration {
    @Bean
    @Order(SsoProviderCustomizer.BACKENDS_ORDER)
    @ConditionalOnBean(org.springframework.mail.javamail.JavaMailSender.class)
    SsoProviderCustomizer ssoMailSender(org.springframework.mail.javamail.JavaMailSender mail, SsoProperties properties) {
      if (properties.getMailFrom() == null || properties.getMailFrom().isBlank()) {
        throw new IllegalArgumentException("sso.mail-from: required when a JavaMailSender is configured"
            + " (e.g. \"SSO <no-reply@example.com>\")");
      }
      LOG.info("SSO Kit sends account mails through the application's JavaMailSender");
      SpringMailSender sender = new SpringMailSender(mail, properties.getMailFrom());
      return builder -> builder.mailSender(sender);
    }
  }

  /** Sessions, authorization codes, interactions and counters in Redis or Dragonfly. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(RedisCache.class)
  @ConditionalOnMissingBean(SsoProvider.class)
  @ConditionalOnProperty(prefix = "sso.redis", name = "url")
  static class RedisBackendConfiguration {
    /** Closed with the context: the pool is ours. */
    @Bean(destroyMethod = "close")
    RedisCache ssoRedisCache(SsoProperties properties) {
      RedisCache cache = RedisCache.connect(properties.getRedis().getUrl(), properties.getRedis().getKeyPrefix(), CLOCK);
      LOG.debug("SSO Kit keeps sessions, codes and counters in Redis (key prefix {})", properties.getRedis().getKeyPrefix());
      return cache;
    }

    @Bean
    @Order(SsoProviderCustomizer.BACKENDS_ORDER)
    SsoProviderCustomizer ssoRedisCacheCustomizer(RedisCache ssoRedisCache) {
      return builder -> builder.cache(ssoRedisCache);
    }
  }

  /** The filter of {@code sso.bearer.*}: the audience (the issuer when unset) and scopes every token must carry. */
  static BearerTokenFilter bearerTokenFilter(SsoProvider provider, SsoProperties properties) {
    SsoProperties.Bearer bearer = properties.getBearer();
    String audience = bearer.getAudience() != null ? bearer.getAudience() : provider.settings().issuer().toString();
    return new BearerTokenFilter(provider, audience, Set.copyOf(bearer.getScopes()));
  }

  /** The servlet filters: the provider's endpoints and, optionally, the host's protected APIs. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  static class ServletConfiguration {
    @Bean
    @ConditionalOnMissingBean(name = "ssoFilterRegistration")
    FilterRegistrationBean<SsoFilter> ssoFilterRegistration(SsoProvider provider) {
      FilterRegistrationBean<SsoFilter> registration = new FilterRegistrationBean<>(new SsoFilter(provider));
      registration.setName("ssoFilter");
      registration.addUrlPatterns("/*");
      registration.setOrder(SSO_FILTER_ORDER);
      return registration;
    }

    /**
     * Without Spring Security only: with it, the bearer paths get their own chain (SsoSecurityConfiguration).
     * On every path, matching {@code sso.bearer.paths} with Spring's path patterns as the chain does.
     */
    @Bean
    @Conditional(OnBearerPathsCondition.class)
    @ConditionalOnMissingBean(name = {"ssoBearerTokenFilterRegistration", SsoSecurityConfiguration.SPRING_SECURITY_FILTER})
    FilterRegistrationBean<BearerPathsFilter> ssoBearerTokenFilterRegistration(SsoProvider provider,
        SsoProperties properties) {
      BearerPaths paths = BearerPaths.of(properties.getBearer().getPaths());
      FilterRegistrationBean<BearerPathsFilter> registration =
          new FilterRegistrationBean<>(new BearerPathsFilter(paths, bearerTokenFilter(provider, properties)));
      registration.setName("ssoBearerTokenFilter");
      registration.addUrlPatterns("/*");
      registration.setOrder(BEARER_FILTER_ORDER);
      return registration;
    }
  }
}
