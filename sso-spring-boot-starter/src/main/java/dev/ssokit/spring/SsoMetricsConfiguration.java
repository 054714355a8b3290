package dev.ssokit.spring;

import dev.ssokit.SsoProvider;
import dev.ssokit.servlet.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * With Micrometer, the provider reports to the application's {@link MeterRegistry} (Actuator's, or
 * the host's own): the {@code sso.*} meters of {@link MicrometerMetrics}.
 *
 * <p>IMPORTANT: without a {@link MeterRegistry} bean nothing is measured; a host's own
 * {@link SsoProvider} bean sets its metrics itself.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
@ConditionalOnMissingBean(SsoProvider.class)
class SsoMetricsConfiguration {

  @Bean
  @Order(SsoProviderCustomizer.BACKENDS_ORDER)
  SsoProviderCustomizer ssoMicrometerMetrics(ObjectProvider<MeterRegistry> registry) {
    return builder -> registry.ifUnique(r -> builder.metrics(new MicrometerMetrics(r)));
  }
}
