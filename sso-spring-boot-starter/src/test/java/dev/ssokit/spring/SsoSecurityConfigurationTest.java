package dev.ssokit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.VerifiedAccessToken;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.SecurityFilterChain;

class SsoSecurityConfigurationTest {
  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(BootAutoConfigurations.SERVLET_SECURITY))
      .withConfiguration(AutoConfigurations.of(SsoAutoConfiguration.class))
      .withPropertyValues("sso.issuer=http://localhost:8080");

  @Test
  void whenSpringSecurityIsActiveThenTheProviderAndBearerPathsGetTheirOwnChainsBesideTheDefault() {
    web.withPropertyValues("sso.bearer.paths=/api/**").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context).hasBean("ssoSecurityFilterChain").hasBean("ssoBearerSecurityFilterChain");
      // the bearer paths are a chain now: a servlet filter in front of Spring Security would be refused by it
      assertThat(context).doesNotHaveBean("ssoBearerTokenFilterRegistration");
      // the host's side is untouched: Boot's default chain (everything authenticated) is still there
      assertThat(context).hasBean("defaultSecurityFilterChain");
      List<SecurityFilterChain> ordered = context.getBeanProvider(SecurityFilterChain.class).orderedStream().toList();
      assertThat(ordered).startsWith(context.getBean("ssoSecurityFilterChain", SecurityFilterChain.class),
          context.getBean("ssoBearerSecurityFilterChain", SecurityFilterChain.class));
    });
  }

  @Test
  void whenNoBearerPathsThenOnlyTheProviderChainIsAdded() {
    web.run(context -> {
      assertThat(context).hasBean("ssoSecurityFilterChain").doesNotHaveBean("ssoBearerSecurityFilterChain");
      assertThat(context).doesNotHaveBean("ssoBearerTokenFilterRegistration");
    });
  }

  @Test
  void whenTheHostDefinesTheChainsThenTheStarterBacksOff() {
    web.withPropertyValues("sso.bearer.paths=/api/**").withUserConfiguration(HostChains.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean("ssoSecurityFilterChain")).isSameAs(HostChains.provider);
      assertThat(context.getBean("ssoBearerSecurityFilterChain")).isSameAs(HostChains.bearer);
    });
  }

  @Test
  void whenSpringSecurityIsAbsentThenTheBearerPathsGetTheServletFilter() {
    web.withPropertyValues("sso.bearer.paths=/api/**")
        .withClassLoader(new FilteredClassLoader("org.springframework.security"))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean("ssoSecurityFilterChain").doesNotHaveBean("ssoBearerSecurityFilterChain");
          assertThat(context).hasBean("ssoBearerTokenFilterRegistration");
        });
  }

  @Test
  void whenSpringSecurityIsPresentButNotEnabledThenTheBearerPathsGetTheServletFilter() {
    new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(SsoAutoConfiguration.class))
        .withPropertyValues("sso.issuer=http://localhost:8080", "sso.bearer.paths=/api/**").run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean("ssoSecurityFilterChain");
          assertThat(context).hasBean("ssoBearerTokenFilterRegistration");
        });
  }

  @Test
  void whenABearerPathCannotBeHonouredUnderSpringSecurityThenStartFailsNamingTheProperty() {
    for (String pattern : List.of("/api/*", "api/**", "/api/{*rest}/x")) {
      web.withPropertyValues("sso.bearer.paths=" + pattern).run(context ->
          assertThat(context.getStartupFailure()).as(pattern).rootCause()
              .hasMessageContaining("sso.bearer.paths[0]").hasMessageContaining(pattern));
    }
  }

  @Test
  void whenBearerPathsAreSpringPatternsThenTheyAreTheResourceServerChainsPaths() {
    web.withPropertyValues("sso.bearer.paths=/api/**,/orders/{id}").run(context -> {
      SecurityFilterChain chain = context.getBean("ssoBearerSecurityFilterChain", SecurityFilterChain.class);
      assertThat(List.of("/api", "/api/me", "/api/a/b", "/orders/42")).allMatch(path -> chain.matches(request(path)));
      assertThat(List.of("/apis", "/orders/42/items", "/orders", "/")).noneMatch(path -> chain.matches(request(path)));
    });
  }

  private static MockHttpServletRequest request(String path) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
    request.setServletPath(path);
    return request;
  }

  @Test
  void whenATokenIsVerifiedThenItsAuthenticationCarriesSubjectScopeAuthoritiesAndClaims() {
    VerifiedAccessToken token = new VerifiedAccessToken("alice-id", "web", Set.of("api", "openid"),
        List.of("http://localhost:8080"), Instant.EPOCH, Instant.EPOCH.plusSeconds(600), "j1",
        Map.of("sub", "alice-id", "acr", "1"));
    SsoAccessTokenAuthentication authentication = new SsoAccessTokenAuthentication(token);
    assertThat(authentication.isAuthenticated()).isTrue();
    assertThat(authentication.getName()).isEqualTo("alice-id");
    assertThat(authentication.getPrincipal()).isEqualTo("alice-id");
    assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
        .containsExactly("SCOPE_api", "SCOPE_openid");
    assertThat(authentication.getTokenAttributes()).containsEntry("acr", "1");
    assertThat(authentication.getToken().clientId()).isEqualTo("web");
  }

  @Configuration(proxyBeanMethods = false)
  static class HostChains {
    static SecurityFilterChain provider;
    static SecurityFilterChain bearer;

    @Bean
    SecurityFilterChain ssoSecurityFilterChain(HttpSecurity http) throws Exception {
      provider = http.securityMatcher(request -> request.getRequestURI().startsWith("/oauth/")).build();
      return provider;
    }

    @Bean
    SecurityFilterChain ssoBearerSecurityFilterChain(HttpSecurity http) throws Exception {
      bearer = http.securityMatcher(request -> request.getRequestURI().startsWith("/api/")).build();
      return bearer;
    }
  }
}
