package dev.ssokit.spring;

import static dev.ssokit.spring.SsoHealthConfiguration.NAME;
import static dev.ssokit.spring.SsoHealthConfiguration.READINESS_GROUP;

import dev.ssokit.SsoProvider;
import java.util.Set;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link SsoHealthConfiguration} on Spring Boot 4, whose health API moved to
 * {@code org.springframework.boot.health.*} (module spring-boot-health): the same contributor
 * {@value SsoHealthConfiguration#NAME}, a member of the {@code readiness} group, off with
 * {@code management.health.sso.enabled=false}.
 *
 * <p>IMPORTANT: guarded by the class name, so on Boot 3.5 it is skipped before any of its types is
 * loaded; the one starter jar carries both generations' configuration.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
class SsoHealth4Configuration {
  /** Nested: its condition's class exists only with Boot 4's health module, which the outer class checks first. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnEnabledHealthIndicator(NAME)
  static class Indicator {
    @Bean(name = NAME + "HealthIndicator")
    HealthIndicator ssoHealthIndicator(SsoProvider provider) {
      return () -> {
        SsoProvider.Readiness readiness = provider.readiness();
        return (readiness.ready() ? Health.up() : Health.down())
            .withDetail("store", readiness.store() ? "UP" : "DOWN")
            .withDetail("cache", readiness.cache() ? "UP" : "DOWN")
            .build();
      };
    }

    /**
     * Adds {@value SsoHealthConfiguration#NAME} to the readiness group, beside what it has (Boot's {@code readinessState}).
     * Unordered like Boot's processor that creates the probe groups, and registered after it (the
     * auto-configuration runs after Boot's availability probes), so the group exists when this runs.
     */
    @Bean
    HealthEndpointGroupsPostProcessor ssoReadinessGroupMember() {
      return groups -> groups.get(READINESS_GROUP) == null ? groups : new WithReadinessMember(groups);
    }
  }

  private record WithReadinessMember(HealthEndpointGroups groups) implements HealthEndpointGroups {
    @Override
    public HealthEndpointGroup getPrimary() {
      return groups.getPrimary();
    }

    @Override
    public Set<String> getNames() {
      return groups.getNames();
    }

    @Override
    public HealthEndpointGroup get(String name) {
      HealthEndpointGroup group = groups.get(name);
      return READINESS_GROUP.equals(name) && group != null ? new Member(group) : group;
    }
  }

  private record Member(HealthEndpointGroup group) implements HealthEndpointGroup {
    @Override
    public boolean isMember(String name) {
      return NAME.equals(name) || group.isMember(name);
    }

    @Override
    public boolean showComponents(SecurityContext securityContext) {
      return group.showComponents(securityContext);
    }

    @Override
    public boolean showDetails(SecurityContext securityContext) {
      return group.showDetails(securityContext);
    }

    @Override
    public StatusAggregator getStatusAggregator() {
      return group.getStatusAggregator();
    }

    @Override
    public HttpCodeStatusMapper getHttpCodeStatusMapper() {
      return group.getHttpCodeStatusMapper();
    }

    @Override
    public AdditionalHealthEndpointPath getAdditionalPath() {
      return group.getAdditionalPath();
    }
  }
}
