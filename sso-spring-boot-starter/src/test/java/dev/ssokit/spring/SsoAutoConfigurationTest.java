package dev.ssokit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.SsoProvider;
import dev.ssokit.servlet.SsoFilter;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.ssokit.spi.TokenCustomizer;
import dev.ssokit.spi.UserAccount;
import dev.ssokit.spi.UserDirectory;
import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoSettings;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;

class SsoAutoConfigurationTest {
  private static final String ISSUER = "sso.issuer=http://localhost:8080";

  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SsoAutoConfiguration.class));
  private final ApplicationContextRunner plain = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SsoAutoConfiguration.class));

  @Test
  void whenOnlyIssuerIsSetThenAnInMemoryProviderServesDiscoveryForIt() {
    web.withPropertyValues(ISSUER).run(context -> {
      SsoProvider provider = context.getBean(SsoProvider.class);
      HTTPResponse response = provider.handle(
          new HTTPRequest(HTTPRequest.Method.GET, URI.create("http://localhost:8080/.well-known/openid-configuration")));

      assertThat(response.getStatusCode()).isEqualTo(200);
      assertThat(response.getBodyAsJSONObject()).containsEntry("issuer", "http://localhost:8080");
      // in memory: clients registered now are found again
      assertThat(provider.clients().register(new ClientRegistration("c1", null, null, null,
          Set.of("client_credentials"), null, null, null, null)).clientSecret()).isNotBlank();
      assertThat(provider.clients().find("c1")).isPresent();
    });
  }

  @Test
  void whenPropertiesAreSetThenTheSettingsCarryThem() {
    web.withPropertyValues(ISSUER, "sso.signing-algorithm=ES256", "sso.access-token-lifetime=2m",
        "sso.refresh-token-lifetime=1d", "sso.session-lifetime=1h",
        "sso.refresh-token-absolute-lifetime=7d", "sso.session-idle-timeout=20m", "sso.interaction-url=http://localhost:8080/login")
        .run(context -> {
          var settings = context.getBean(SsoProvider.class).settings();
          assertThat(settings.signingAlgorithm()).isEqualTo("ES256");
          assertThat(settings.accessTokenLifetime()).hasMinutes(2);
          assertThat(settings.refreshTokenLifetime()).hasDays(1);
          assertThat(settings.sessionLifetime()).hasHours(1);
          assertThat(settings.refreshTokenAbsoluteLifetime()).hasDays(7);
          assertThat(settings.sessionIdleTimeout()).hasMinutes(20);
          assertThat(settings.interactionUrl()).hasToString("http://localhost:8080/login");
          assertThat(settings.keyRotationInterval()).isEqualTo(SsoSettings.DEFAULT_KEY_ROTATION_INTERVAL);
          assertThat(context).hasSingleBean(dev.ssokit.Maintenance.class);
        });
  }

  @Test
  void whenLifetimeCookieAndKeyPropertiesAreSetThenTheSettingsCarryThem() {
    web.withPropertyValues(ISSUER, "sso.id-token-lifetime=5m", "sso.authorization-code-lifetime=30s",
        "sso.interaction-lifetime=5m", "sso.consent-lifetime=30d", "sso.key-publish-ahead=2h",
        "sso.session-cookie-name=host_sso", "sso.secure-cookies=true", "sso.max-parameter-length=2048").run(context -> {
          SsoSettings s = context.getBean(SsoProvider.class).settings();
          assertThat(s.idTokenLifetime()).hasMinutes(5);
          assertThat(s.authorizationCodeLifetime()).hasSeconds(30);
          assertThat(s.interactionLifetime()).hasMinutes(5);
          assertThat(s.consentLifetime()).hasDays(30);
          assertThat(s.keyPublishAhead()).hasHours(2);
          assertThat(s.sessionCookieName()).isEqualTo("host_sso");
          assertThat(s.secureCookies()).isTrue();
          assertThat(s.maxParameterLength()).isEqualTo(2048);
        });
    web.withPropertyValues(ISSUER, "sso.authorization-code-lifetime=0s").run(context ->
        assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("sso.authorization-code-lifetime"));
    web.withPropertyValues(ISSUER, "sso.authorization-code-lifetime=11m").run(context ->
        assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("sso.authorization-code-lifetime")
            .hasMessageContaining("at most PT10M"));
  }

  @Test
  void whenKeyRotationIntervalIsZeroThenKeysRotateOnlyOnRequest() {
    web.withPropertyValues(ISSUER, "sso.key-rotation-interval=0", "sso.purge-interval=30m").run(context ->
        assertThat(context.getBean(SsoProvider.class).settings().keyRotationInterval()).isNull());
  }

  @Test
  void whenPurgeIntervalIsNotPositiveThenStartFailsNamingTheProperty() {
    web.withPropertyValues(ISSUER, "sso.purge-interval=0s").run(context ->
        assertThat(context).hasFailed().getFailure().hasStackTraceContaining("sso.purge-interval"));
  }

  @Test
  void whenIssuerIsMissingThenStartFailsNamingTheProperty() {
    web.run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause()
          .isInstanceOf(InvalidConfigurationPropertyValueException.class)
          .hasMessageContaining("sso.issuer");
    });
  }

  @Test
  void whenAValueIsRejectedThenStartFailsNamingItsProperty() {
    web.withPropertyValues(ISSUER, "sso.signing-algorithm=HS256").run(context ->
        assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("sso.signing-algorithm"));
    web.withPropertyValues(ISSUER, "sso.access-token-lifetime=0s").run(context ->
        assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("sso.access-token-lifetime"));
    web.withPropertyValues("sso.issuer=http://login.example.com").run(context ->
        assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("sso.issuer"));
  }

  @Test
  void whenAbuseLimitPropertiesAreSetThenTheProviderUsesThemAndBadValuesNameTheProperty() {
    web.withPropertyValues(ISSUER, "sso.trusted-proxies=10.0.0.0/8,::1", "sso.rate-limit-per-ip=5/PT1M",
        "sso.failure-limit-per-ip=3/60", "sso.login-free-failures=1", "sso.login-max-backoff=2m").run(context -> {
          SsoSettings s = context.getBean(SsoProvider.class).settings();
          assertThat(s.trustedProxies()).containsExactly("10.0.0.0/8", "::1");
          assertThat(s.rateLimitPerIp()).isEqualTo(new SsoSettings.RateLimit(5, Duration.ofMinutes(1)));
          assertThat(s.failureLimitPerIp()).isEqualTo(new SsoSettings.RateLimit(3, Duration.ofMinutes(1)));
          assertThat(s.loginFreeFailures()).isEqualTo(1);
          assertThat(s.loginMaxBackoff()).isEqualTo(Duration.ofMinutes(2));
        });
    web.withPropertyValues(ISSUER, "sso.trusted-proxies=proxy.internal").run(context ->
        assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("sso.trusted-proxies"));
    web.withPropertyValues(ISSUER, "sso.rate-limit-per-client=many").run(context ->
        assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("sso.rate-limit-per-client"));
    web.withPropertyValues(ISSUER, "sso.login-account-slowdown=0").run(context ->
        assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("sso.login-account-slowdown"));
  }

  @Test
  void whenKeyEncryptionSecretIsTooShortThenTheFailureDoesNotEchoIt() {
    web.withPropertyValues(ISSUER, "sso.key-encryption-secret=tiny-secret").run(context ->
        assertThat(context.getStartupFailure()).rootCause()
            .hasMessageContaining("sso.key-encryption-secret")
            .hasMessageNotContaining("tiny-secret")
            // Spring's report of that exception type prints the value found in the Environment
            .isNotInstanceOf(InvalidConfigurationPropertyValueException.class));
  }

  @Test
  void whenHostDefinesAUserDirectoryThenTheLoginPageAuthenticatesAgainstIt() {
    web.withPropertyValues(ISSUER).withUserConfiguration(HostUsers.class).run(context -> {
      SsoProvider provider = context.getBean(SsoProvider.class);
      provider.clients().importClient(new ClientRegistration("web", null, List.of(URI.create("http://localhost:9000/cb")),
          null, null, Set.of("openid", "profile"), null, null, null), "7f3c9a1e5b2d8f604e1a9c3b7d5f2e80");

      // the built-in accounts know nobody: only the host's directory knows alice
      assertThat(provider.users().findByUsername("alice")).isEmpty();
      assertThat(submitLogin(provider, "alice", "wrong").getStatusCode()).isEqualTo(401);
      HTTPResponse accepted = submitLogin(provider, "alice", "wonderland");
      assertThat(accepted.getStatusCode()).isBetween(300, 399);
      assertThat(accepted.getLocation()).isNotNull();
    });
  }

  @Test
  void whenBearerPathsAreSetThenTheBearerFilterIsRegisteredAndMatchesThem() {
    web.withPropertyValues(ISSUER, "sso.bearer.paths=/api/**,/admin/{section}", "sso.bearer.scopes=api").run(context -> {
      FilterRegistrationBean<?> bearer = context.getBean("ssoBearerTokenFilterRegistration", FilterRegistrationBean.class);
      assertThat(bearer.getFilter()).isInstanceOf(BearerPathsFilter.class);
      assertThat(((BearerPathsFilter) bearer.getFilter()).paths().patterns()).containsExactly("/api/**", "/admin/{section}");
      // the filter sees every request and matches Spring's patterns itself: servlet URL patterns cannot express them
      assertThat(bearer.getUrlPatterns()).containsExactly("/*");
      assertThat(bearer.getOrder()).isGreaterThan(SsoAutoConfiguration.SSO_FILTER_ORDER);
    });
    web.withPropertyValues(ISSUER, "sso.bearer.paths[0]=/api/**").run(context -> {
      FilterRegistrationBean<?> bearer = context.getBean("ssoBearerTokenFilterRegistration", FilterRegistrationBean.class);
      assertThat(((BearerPathsFilter) bearer.getFilter()).paths().patterns()).containsExactly("/api/**");
    });
  }

  @Test
  void whenTheBearerAudienceHasAPathThenTheFilterAlsoServesThePathSuffixedMetadata() {
    web.withPropertyValues(ISSUER, "sso.bearer.paths=/v1/**", "sso.bearer.audience=https://api.example.com/v1")
        .run(context -> {
          FilterRegistrationBean<?> bearer = context.getBean("ssoBearerTokenFilterRegistration",
              FilterRegistrationBean.class);
          BearerPathsFilter filter = (BearerPathsFilter) bearer.getFilter();
          // RFC 9728 §3.1: the well-known segment goes between the host and the resource's path
          assertThat(filter.bearer().resourceMetadataUrl())
              .isEqualTo("https://api.example.com/.well-known/oauth-protected-resource/v1");
          // the filter sees every request: the metadata path, outside the bearer paths, is answered by it
          var request = new org.springframework.mock.web.MockHttpServletRequest("GET",
              "/.well-known/oauth-protected-resource/v1");
          var response = new org.springframework.mock.web.MockHttpServletResponse();
          var chain = new org.springframework.mock.web.MockFilterChain();
          filter.doFilter(request, response, chain);
          assertThat(chain.getRequest()).as("not passed on").isNull();
          assertThat(response.getStatus()).isEqualTo(200);
          assertThat(response.getContentAsString()).contains("\"resource\":\"https://api.example.com/v1\"");
        });
  }

  @Test
  void whenABearerPathCannotBeHonouredThenStartFailsNamingTheProperty() {
    // not starting with /, a servlet extension pattern, unparseable, a servlet /* whose meaning differs in Spring
    for (String pattern : List.of("api/**", "*.json", "/api/{id", "/api/{*rest}/x", "/api/*", "/*")) {
      web.withPropertyValues(ISSUER, "sso.bearer.paths=" + pattern).run(context ->
          assertThat(context.getStartupFailure()).as(pattern).rootCause()
              .isInstanceOf(InvalidConfigurationPropertyValueException.class)
              .hasMessageContaining("sso.bearer.paths[0]").hasMessageContaining(pattern));
    }
    web.withPropertyValues(ISSUER, "sso.bearer.paths=/api/*").run(context ->
        assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("write /api/** for"));
    web.withPropertyValues(ISSUER, "sso.bearer.paths[0]=/api/**", "sso.bearer.paths[1]= ").run(context ->
        assertThat(context.getStartupFailure()).rootCause()
            .isInstanceOf(InvalidConfigurationPropertyValueException.class)
            .hasMessageContaining("sso.bearer.paths[1]").hasMessageContaining("empty pattern"));
  }

  @Test
  void whenBearerPathsAreSpringPatternsThenTheyMatchAsSpringMvcRoutes() {
    BearerPaths paths = BearerPaths.of(List.of("/api/**", "/users/{id}", "/files/*.json", "/v{version}/orders"));
    assertThat(paths.patterns()).containsExactly("/api/**", "/users/{id}", "/files/*.json", "/v{version}/orders");
    assertThat(List.of("/api", "/api/", "/api/me", "/api/a/b", "/users/42", "/files/a.json", "/v2/orders"))
        .allMatch(paths::matches);
    assertThat(List.of("/apis", "/users/42/x", "/users", "/", "/files/a/b.json", "/files/a.xml", "/v2/orders/1"))
        .noneMatch(paths::matches);
  }

  @Test
  void whenARequestReachesAProtectedPathThenBearerPathsMatchItAsSpringOrTheContainerWould() {
    BearerPaths paths = BearerPaths.of(List.of("/api/**"));
    // Spring MVC matches the URI without the context path
    assertThat(paths.matches(request("/app", "/app/api/me", "/api/me"))).isTrue();
    // the container routes /public/../api/me to /api/me: protected although the raw URI does not match
    assertThat(paths.matches(request("", "/public/../api/me", "/api/me"))).isTrue();
    // encoded characters are decoded before matching, as both do
    assertThat(paths.matches(request("", "/%61pi/me", "/api/me"))).isTrue();
    // a decoded % or ; is a literal character of the container's path, never an error (no 500)
    assertThat(paths.matches(request("", "/api/%25zz", "/api/%zz"))).isTrue();
    assertThat(paths.matches(request("", "/api%3Bx/me", "/api;x/me"))).isFalse();
    assertThat(paths.matches(request("", "/public/me", "/public/me"))).isFalse();
  }

  private static MockHttpServletRequest request(String contextPath, String uri, String servletPath) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", uri);
    request.setContextPath(contextPath);
    request.setServletPath(servletPath);
    return request;
  }

  @Test
  void whenAnUnknownSsoPropertyIsSetThenStartFailsNamingIt() {
    for (String typo : List.of("sso.bearer.path", "sso.acess-token-lifetime", "sso.redis.uri", "sso.postgres.enable")) {
      web.withPropertyValues(ISSUER, typo + "=x").run(context ->
          assertThat(context.getStartupFailure()).as(typo).hasStackTraceContaining(typo));
    }
  }

  @Test
  void whenClientsAreDeclaredInPropertiesThenTheyAreCreatedOnceWithTheirMetadata() {
    String secret = "7f3c9a1e5b2d8f604e1a9c3b7d5f2e80";
    web.withPropertyValues(ISSUER, "sso.clients.web.client-secret=" + secret, "sso.clients.web.client-name=Web",
        "sso.clients.web.redirect-uris=http://localhost:9000/cb,http://localhost:9000/cb2",
        "sso.clients.web.post-logout-redirect-uris[0]=http://localhost:9000/",
        "sso.clients.web.grant-types=authorization_code,refresh_token", "sso.clients.web.scope=openid profile api",
        "sso.clients.web.access-token-typ=JWT",
        "sso.clients.spa.token-endpoint-auth-method=none", "sso.clients.spa.redirect-uris=http://localhost:3000/cb")
        .run(context -> {
          assertThat(context).hasNotFailed();
          SsoProvider provider = context.getBean(SsoProvider.class);
          var web = provider.clients().find("web").orElseThrow();
          assertThat(web.clientName()).isEqualTo("Web");
          assertThat(web.redirectUris()).containsExactly(URI.create("http://localhost:9000/cb"), URI.create("http://localhost:9000/cb2"));
          assertThat(web.postLogoutRedirectUris()).containsExactly(URI.create("http://localhost:9000/"));
          assertThat(web.grantTypes()).containsExactlyInAnyOrder("authorization_code", "refresh_token");
          assertThat(web.scopes()).containsExactlyInAnyOrder("openid", "profile", "api");
          assertThat(web.options().accessTokenTyp()).isEqualTo("JWT");
          assertThat(provider.clients().find("spa").orElseThrow().tokenEndpointAuthMethod()).isEqualTo("none");
          // idempotent: a second start on the same store neither fails nor changes the client
          context.getBean("ssoDeclaredClients", org.springframework.beans.factory.SmartInitializingSingleton.class)
              .afterSingletonsInstantiated();
          assertThat(provider.clients().find("web").orElseThrow()).isEqualTo(web);
        });
  }

  @Test
  void whenClientSettingsAndATokenCustomizerAreDeclaredThenTheProviderUsesThem() {
    String secret = "7f3c9a1e5b2d8f604e1a9c3b7d5f2e80";
    web.withPropertyValues(ISSUER, "sso.clients.svc.client-secret=" + secret,
        "sso.clients.svc.grant-types=client_credentials", "sso.clients.svc.scope=api",
        "sso.clients.svc.access-token-lifetime=1m", "sso.clients.svc.id-token-lifetime=2m",
        "sso.clients.svc.refresh-token-lifetime=1d", "sso.clients.svc.first-party=true",
        "sso.clients.svc.consent-policy=skip", "sso.clients.svc.allowed-acr-values=urn:ssokit:acr:pwd",
        "sso.clients.svc.default-acr-values=urn:ssokit:acr:pwd",
        "sso.clients.svc.client-uri=https://svc.example/", "sso.clients.svc.policy-uri=https://svc.example/privacy",
        "sso.clients.svc.tos-uri=https://svc.example/terms", "sso.clients.svc.logo-uri=https://svc.example/logo.png")
        .withBean(TokenCustomizer.class, () -> context -> Map.of("tenant", "acme"))
        .run(context -> {
          assertThat(context).hasNotFailed();
          SsoProvider provider = context.getBean(SsoProvider.class);
          var options = provider.clients().find("svc").orElseThrow().options();
          assertThat(options.accessTokenLifetime()).isEqualTo(Duration.ofMinutes(1));
          assertThat(options.idTokenLifetime()).isEqualTo(Duration.ofMinutes(2));
          assertThat(options.refreshTokenLifetime()).isEqualTo(Duration.ofDays(1));
          assertThat(options.firstParty()).isTrue();
          assertThat(options.consentPolicy()).isEqualTo("skip");
          assertThat(options.allowedAcrValues()).containsExactly("urn:ssokit:acr:pwd");
          assertThat(options.defaultAcrValues()).containsExactly("urn:ssokit:acr:pwd");
          assertThat(options.clientUri()).isEqualTo(URI.create("https://svc.example/"));
          assertThat(options.policyUri()).isEqualTo(URI.create("https://svc.example/privacy"));
          assertThat(options.tosUri()).isEqualTo(URI.create("https://svc.example/terms"));
          assertThat(options.logoUri()).isEqualTo(URI.create("https://svc.example/logo.png"));
          HTTPResponse token = provider.handle(new TokenRequest(URI.create("http://localhost:8080/token"),
              new ClientSecretBasic(new ClientID("svc"), new Secret(secret)), new ClientCredentialsGrant())
              .toHTTPRequest());
          assertThat(token.getStatusCode()).isEqualTo(200);
          var claims = SignedJWT.parse(token.getBodyAsJSONObject().get("access_token").toString()).getJWTClaimsSet();
          assertThat(claims.getStringClaim("tenant")).isEqualTo("acme");
          assertThat(token.getBodyAsJSONObject()).containsEntry("expires_in", 60L);
        });
  }

  @Test
  void whenADeclaredClientIsInvalidThenStartFailsNamingItsPropertyWithoutTheSecret() {
    web.withPropertyValues(ISSUER, "sso.clients.web.client-secret=short-secret",
        "sso.clients.web.redirect-uris=http://localhost:9000/cb").run(context ->
        assertThat(org.assertj.core.util.Throwables.getStackTrace(context.getStartupFailure()))
            .contains("sso.clients.web.client-secret").doesNotContain("short-secret"));
    web.withPropertyValues(ISSUER, "sso.clients.web.client-secret=7f3c9a1e5b2d8f604e1a9c3b7d5f2e80",
        "sso.clients.web.grant-types=password").run(context ->
        assertThat(context.getStartupFailure()).hasStackTraceContaining("sso.clients.web.grant-types"));
    web.withPropertyValues(ISSUER, "sso.clients.web.client-secret=7f3c9a1e5b2d8f604e1a9c3b7d5f2e80",
        "sso.clients.web.redirect-uri=http://localhost:9000/cb").run(context ->
        assertThat(context.getStartupFailure()).hasStackTraceContaining("sso.clients.web.redirect-uri"));
  }

  @Test
  void whenBearerPathsAreNotSetThenOnlyTheSsoFilterIsRegistered() {
    web.withPropertyValues(ISSUER).run(context -> {
      assertThat(context).doesNotHaveBean("ssoBearerTokenFilterRegistration");
      FilterRegistrationBean<?> sso = context.getBean("ssoFilterRegistration", FilterRegistrationBean.class);
      assertThat(sso.getFilter()).isInstanceOf(SsoFilter.class);
      assertThat(sso.getUrlPatterns()).containsExactly("/*");
      assertThat(sso.getOrder()).isLessThan(-100); // before Spring Security's filter chain
    });
  }

  @Test
  void whenNotAWebApplicationThenTheProviderExistsWithoutFilters() {
    plain.withPropertyValues(ISSUER, "sso.bearer.paths=/api/**").run(context -> {
      assertThat(context).hasSingleBean(SsoProvider.class);
      assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
    });
  }

  @Test
  void whenHostDefinesItsOwnProviderThenItIsUsedAndIssuerIsNotRequired() {
    web.withUserConfiguration(HostProvider.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(SsoProvider.class).settings().issuer()).hasToString("https://login.example.com");
      assertThat(context).hasBean("ssoFilterRegistration");
    });
  }

  @Test
  void whenPostgresIsDisabledThenTheDataSourceIsNotTouched() {
    web.withPropertyValues(ISSUER, "sso.postgres.enabled=false").withUserConfiguration(UntouchableDataSource.class)
        .run(context -> {
          assertThat(context).hasNotFailed();
          SsoProvider provider = context.getBean(SsoProvider.class);
          provider.clients().importClient(new ClientRegistration("c2", null, null, null,
              Set.of("client_credentials"), null, null, null, null), "7f3c9a1e5b2d8f604e1a9c3b7d5f2e80");
          assertThat(provider.clients().find("c2")).isPresent();
        });
  }

  @Test
  void whenPostgresIsRequestedWithoutADataSourceThenStartFailsNamingTheProperty() {
    web.withPropertyValues(ISSUER, "sso.postgres.enabled=true").run(context ->
        assertThat(context.getStartupFailure()).rootCause()
            .hasMessageContaining("sso.postgres.enabled").hasMessageContaining("DataSource"));
  }

  @Test
  void whenRedisIsUnreachableThenStartFails() {
    web.withPropertyValues(ISSUER, "sso.redis.url=redis://127.0.0.1:1").run(context ->
        assertThat(context).hasFailed());
  }

  @Test
  void propertyNamesAreTheKebabCaseOfTheSettings() {
    assertThat(SsoAutoConfiguration.property("accessTokenLifetime")).isEqualTo("sso.access-token-lifetime");
    assertThat(SsoAutoConfiguration.property("issuer")).isEqualTo("sso.issuer");
  }

  /**
   * Drives the built-in login page as a browser would: /authorize (binding cookie and redirect),
   * the login form (CSRF token), then the form POST.
   */
  private static HTTPResponse submitLogin(SsoProvider provider, String username, String password) throws Exception {
    HTTPResponse authorize = provider.handle(new HTTPRequest(HTTPRequest.Method.GET, URI.create(
        "http://localhost:8080/authorize?response_type=code&client_id=web"
            + "&redirect_uri=http%3A%2F%2Flocalhost%3A9000%2Fcb&scope=openid&state=s"
            + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256")));
    assertThat(authorize.getStatusCode()).as("authorize").isBetween(300, 399);
    String cookies = String.join("; ", authorize.getHeaderValues("Set-Cookie").stream()
        .map(c -> c.split(";", 2)[0]).toList());
    HTTPRequest page = new HTTPRequest(HTTPRequest.Method.GET, authorize.getLocation());
    page.setHeader("Cookie", cookies);
    String html = provider.handle(page).getBody();
    String interaction = field(html, "interaction");
    String csrf = field(html, "csrf_token");

    HTTPRequest post = new HTTPRequest(HTTPRequest.Method.POST, URI.create("http://localhost:8080/interaction/login"));
    post.setHeader("Cookie", cookies);
    post.setEntityContentType(com.nimbusds.common.contenttype.ContentType.APPLICATION_URLENCODED);
    post.setBody("interaction=" + enc(interaction) + "&csrf_token=" + enc(csrf)
        + "&username=" + enc(username) + "&password=" + enc(password));
    return provider.handle(post);
  }

  private static String field(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    assertThat(m.find()).as("form field " + name).isTrue();
    return m.group(1);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Configuration(proxyBeanMethods = false)
  static class HostUsers {
    @Bean
    UserDirectory hostUsers() {
      return new UserDirectory() {
        @Override
        public Optional<UserAccount> authenticate(String username, String password) {
          return "alice".equals(username) && "wonderland".equals(password)
              ? find("alice-id") : Optional.empty();
        }

        @Override
        public Optional<UserAccount> find(String subject) {
          return "alice-id".equals(subject) ? Optional.of(new UserAccount("alice-id", Map.of("name", "Alice")))
              : Optional.empty();
        }
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class HostProvider {
    @Bean
    SsoProvider hostProvider() {
      return SsoProvider.builder(SsoSettings.builder("https://login.example.com").build()).build();
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class UntouchableDataSource {
    @Bean
    DataSource dataSource() {
      return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
          (proxy, method, args) -> {
            if (method.getName().equals("toString")) {
              return "untouchable";
            }
            throw new AssertionError("DataSource used: " + method.getName());
          });
    }
  }
}
