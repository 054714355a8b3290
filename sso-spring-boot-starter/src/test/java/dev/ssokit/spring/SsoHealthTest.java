package dev.ssokit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.availability.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthEndpointGroups;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/**
 * The Actuator health contributor on Spring Boot 3.x ({@link SsoHealthConfiguration}); compiled and run in
 * the default build only (profile boot3), {@code SsoHealth4Test} is its Boot 4 twin.
 */
class SsoHealthTest {
  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SsoAutoConfiguration.class))
      .withPropertyValues("sso.issuer=http://localhost:8080");

  private final WebApplicationContextRunner actuator = web.withConfiguration(AutoConfigurations.of(
      ApplicationAvailabilityAutoConfiguration.class,
      HealthContributorAutoConfiguration.class,
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
    web.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate")).run(context ->
        assertThat(context).hasNotFailed().doesNotHaveBean("ssoHealthIndicator"));
    actuator.withPropertyValues("management.health.sso.enabled=false").run(context ->
        assertThat(context).hasNotFailed().doesNotHaveBean("ssoHealthIndicator"));
  }
}
