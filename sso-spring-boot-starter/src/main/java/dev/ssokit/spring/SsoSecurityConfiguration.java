package dev.ssokit.spring;

import dev.ssokit.SsoProvider;
import dev.ssokit.VerifiedAccessToken;
import dev.ssokit.servlet.BearerTokenFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * With Spring Security active, the provider's endpoints and the bearer paths get chains of their
 * own, ordered before the host's: the host's chains are untouched and never see those requests.
 *
 * <p>IMPORTANT: each chain backs off when the host defines a bean of the same name
 * ({@code ssoSecurityFilterChain}, {@code ssoBearerSecurityFilterChain}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = {"org.springframework.security.web.SecurityFilterChain",
    "org.springframework.security.config.annotation.web.builders.HttpSecurity"})
@ConditionalOnBean(name = SsoSecurityConfiguration.SPRING_SECURITY_FILTER)
class SsoSecurityConfiguration {
  /** The bean name of Spring Security's filter, present when web security is enabled. */
  static final String SPRING_SECURITY_FILTER = "springSecurityFilterChain";

  /**
   * The provider's endpoints (those {@link SsoProvider#handles} claims): open to everyone, since the
   * provider authenticates its own requests (client authentication, login, bearer tokens).
   */
  @Bean
  @Order(SsoAutoConfiguration.PROVIDER_SECURITY_CHAIN_ORDER)
  @ConditionalOnMissingBean(name = "ssoSecurityFilterChain")
  SecurityFilterChain ssoSecurityFilterChain(HttpSecurity http, SsoProvider provider) throws Exception {
    http.securityMatcher(request -> provider.handles(request.getRequestURI()))
        .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
        // the provider has its own CSRF protection (a token per login/consent form, bound to the
        // interaction) and its own CORS rules per endpoint; Spring's would refuse POST /token
        .csrf(AbstractHttpConfigurer::disable)
        .cors(AbstractHttpConfigurer::disable)
        // the provider writes its own Cache-Control, frame-ancestors and nosniff headers per endpoint
        .headers(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    return http.build();
  }

  /**
   * {@code sso.bearer.paths} (Spring path patterns, {@link BearerPaths}) as resource-server paths: a request needs a valid access token of this
   * provider (checked in-process by {@link BearerTokenFilter}, revocation included) and then runs as
   * an {@link SsoAccessTokenAuthentication}, so {@code @PreAuthorize("hasAuthority('SCOPE_api')")} works.
   */
  @Bean
  @Order(SsoAutoConfiguration.BEARER_SECURITY_CHAIN_ORDER)
  @Conditional(OnBearerPathsCondition.class)
  @ConditionalOnMissingBean(name = "ssoBearerSecurityFilterChain")
  SecurityFilterChain ssoBearerSecurityFilterChain(HttpSecurity http, SsoProvider provider, SsoProperties properties)
      throws Exception {
    BearerPaths paths = BearerPaths.of(properties.getBearer().getPaths());
    BearerTokenFilter bearer = SsoAutoConfiguration.bearerTokenFilter(provider, properties);
    // RFC 9728: the filter answers the API's protected resource metadata itself, before any authorization
    http.securityMatcher(request -> paths.matches(request)
            || ProtectedResourceMetadata.requested(request, bearer))
        .addFilterBefore(new BearerAuthenticationFilter(bearer), AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
        // RFC 6750 §3.1: a rule (e.g. @PreAuthorize) refusing a valid token is insufficient_scope, written here:
        // a sendError would be re-dispatched to /error, which the host's chain answers 401
        .exceptionHandling(exceptions -> exceptions.accessDeniedHandler((request, response, denied) ->
            insufficientScope(response, provider, bearer)))
        // RFC 6750: the token is sent explicitly in a header, no ambient cookie a forged request could ride on
        .csrf(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    return http.build();
  }

  private static void insufficientScope(HttpServletResponse response, SsoProvider provider, BearerTokenFilter bearer)
      throws IOException {
    response.setStatus(403);
    response.setHeader("WWW-Authenticate", "Bearer realm=\"" + provider.settings().issuer()
        + "\", error=\"insufficient_scope\", error_description=\"the access token lacks a required scope\""
        + ProtectedResourceMetadata.challengeParameter(bearer));
    response.setHeader("Cache-Control", "no-store");
    response.setContentType("application/json;charset=UTF-8");
    response.getWriter().write("{\"error\":\"insufficient_scope\",\"error_description\":\"the access token lacks a required scope\"}");
  }

  /**
   * Runs {@link BearerTokenFilter} (which answers every failure with its RFC 6750 challenge) and, for a
   * verified token, continues the chain with it as the request's {@code Authentication}.
   */
  static final class BearerAuthenticationFilter implements Filter {
    private final BearerTokenFilter bearer;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    BearerAuthenticationFilter(BearerTokenFilter bearer) {
      this.bearer = bearer;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
      bearer.doFilter(req, res, (request, response) -> {
        VerifiedAccessToken token = (VerifiedAccessToken) request.getAttribute(BearerTokenFilter.TOKEN_ATTRIBUTE);
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new SsoAccessTokenAuthentication(token));
        contexts.setContext(context);
        chain.doFilter(request, response);
      });
    }
  }
}
