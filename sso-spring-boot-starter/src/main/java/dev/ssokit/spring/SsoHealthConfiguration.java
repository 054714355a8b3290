package dev.ssokit.spring;

import dev.ssokit.SsoProvider;
import java.util.Set;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.health.AdditionalHealthEndpointPath;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthEndpointGroup;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.actuate.health.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.HttpCodeStatusMapper;
import org.springframework.boot.actuate.health.StatusAggregator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Actuator, the health contributor {@value #NAME}: the durable store and the cache each answer
 * ({@link SsoProvider#readiness()}), and it is a member of the {@code readiness} group, so a load
 * balancer stops sending requests to an instance that cannot serve them. Off with
 * {@code management.health.sso.enabled=false}.
 *
 * <p>IMPORTANT: Spring Boot 3.x's health API ({@code org.springframework.boot.actuate.health.*}); on Boot 4
 * {@link SsoHealth4Configuration} does the same with the API's new package.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
class SsoHealthConfiguration {
  /** The contributor's name, as in {@code /actuator/health/sso}. */
  static final String NAME = "sso";
  /** Boot's readiness probe group, present on Kubernetes or with {@code management.endpoint.health.probes.enabled}. */
  static final String READINESS_GROUP = "readiness";

  /** Nested: its condition's class exists only with Actuator, which the outer class checks first. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnEnabledHealthIndicator(SsoHealthConfiguration.NAME)
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
     * Adds {@value #NAME} to the readiness group, beside what it has (Boot's {@code readinessState}).
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
