package dev.ssokit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * The Actuator health contributor on Spring Boot 4.x ({@link SsoHealth4Configuration}, the health API in
 * {@code org.springframework.boot.health.*}); compiled and run with -Pboot4 only.
 */
class SsoHealth4Test {
  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SsoAutoConfiguration.class))
      .withPropertyValues("sso.issuer=http://localhost:8080");

  private final WebApplicationContextRunner actuator = web.withConfiguration(AutoConfigurations.of(
      ApplicationAvailabilityAutoConfiguration.class,
      HealthContributorAutoConfiguration.class,
      HealthContributorRegistryAutoConfiguration.class,
      HealthEndpointAutoConfiguration.class,
      AvailabilityProbesAutoConfiguration.class));

  @Test
  void whenActuatorIsPresentThenTheHealthContributorReportsStoreAndCacheAndIsInTheReadinessGroup() {
    actuator.withPropertyValues("management.endpoint.health.probes.enabled=true").run(context -> {
      Health health = context.getBean("ssoHealthIndicator", HealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("store", "UP").containsEntry("cache", "UP");
      HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
      assertThat(groups.get("readiness").isMember("sso")).isTrue();
      assertThat(groups.get("readiness").isMember("readinessState")).isTrue();
      assertThat(groups.get("liveness").isMember("sso")).isFalse();
    });
  }

  @Test
  void whenTheCacheIsUnreachableThenTheHealthContributorIsDownNamingIt() {
    actuator.withUserConfiguration(UnreachableCache.class).run(context -> {
      Health health = context.getBean("ssoHealthIndicator", HealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      assertThat(health.getDetails()).containsEntry("store", "UP").containsEntry("cache", "DOWN");
    });
  }

  @Test
  void whenActuatorIsAbsentOrTheIndicatorDisabledThenThereIsNone() {
    web.withClassLoader(new FilteredClassLoader("org.springframework.boot.health")).run(context ->
        assertThat(context).hasNotFailed().doesNotHaveBean("ssoHealthIndicator"));
    actuator.withPropertyValues("management.health.sso.enabled=false").run(context ->
        assertThat(context).hasNotFailed().doesNotHaveBean("ssoHealthIndicator"));
  }
}
