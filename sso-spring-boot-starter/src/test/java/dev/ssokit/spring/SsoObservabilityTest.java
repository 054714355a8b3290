package dev.ssokit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.common.contenttype.ContentType;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoProvider;
import dev.ssokit.SsoSettings;
import dev.ssokit.servlet.MicrometerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Micrometer meters, present only when Micrometer is (the health contributor: SsoHealthTest, SsoHealth4Test). */
class SsoObservabilityTest {
  private static final String SECRET = "7f3c9a1e5b2d8f604e1a9c3b7d5f2e80";

  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SsoAutoConfiguration.class))
      .withPropertyValues("sso.issuer=http://localhost:8080");

  @Test
  void whenAMeterRegistryExistsThenTokensSignaturesAndStoreCallsAreMeasured() {
    web.withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
      SsoProvider provider = context.getBean(SsoProvider.class);
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      provider.clients().importClient(new ClientRegistration("svc", null, null, null,
          Set.of("client_credentials"), Set.of("api"), null, null, null), SECRET);

      assertThat(provider.handle(clientCredentials(SECRET)).getStatusCode()).isEqualTo(200);
      assertThat(provider.handle(clientCredentials("wrong-" + SECRET)).getStatusCode()).isEqualTo(401);

      assertThat(registry.get(MicrometerMetrics.TOKENS_ISSUED).tags("grant", "client_credentials", "client", "svc")
          .counter().count()).isEqualTo(1);
      assertThat(registry.get(MicrometerMetrics.CLIENT_AUTHENTICATION_FAILURES).tag("endpoint", "token")
          .counter().count()).isEqualTo(1);
      assertThat(registry.get(MicrometerMetrics.ERRORS).tags("endpoint", "token", "error", "invalid_client")
          .counter().count()).isEqualTo(1);
      assertThat(registry.get(MicrometerMetrics.SIGNING).tag("algorithm", "RS256").timer().count()).isEqualTo(1);
      assertThat(registry.get(MicrometerMetrics.STORE_CALLS).tags("operation", "ClientStore.find", "outcome", "success")
          .timer().count()).isGreaterThanOrEqualTo(2);
      assertThat(registry.get(MicrometerMetrics.CACHE_CALLS).tag("outcome", "success").timers()).isNotEmpty();
    });
  }

  @Test
  void whenMicrometerIsAbsentThenTheProviderStartsWithoutMeters() {
    web.withClassLoader(new FilteredClassLoader("io.micrometer")).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(SsoProvider.class).doesNotHaveBean("ssoMicrometerMetrics");
    });
  }

  @Test
  void whenMicrometerIsPresentWithoutARegistryThenNothingIsMeasured() {
    web.run(context -> {
      assertThat(context).hasNotFailed().hasBean("ssoMicrometerMetrics").doesNotHaveBean(MeterRegistry.class);
      assertThat(context.getBean(SsoProvider.class).readiness().ready()).isTrue();
    });
  }

  @Test
  void whenTheHostDefinesTheProviderThenTheStarterDoesNotSetItsMetrics() {
    web.withBean(MeterRegistry.class, SimpleMeterRegistry::new).withUserConfiguration(HostProvider.class)
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("ssoMicrometerMetrics"));
  }

  private static HTTPRequest clientCredentials(String secret) {
    HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, URI.create("http://localhost:8080/token"));
    request.setEntityContentType(ContentType.APPLICATION_URLENCODED);
    request.setBody("grant_type=client_credentials&scope=api");
    request.setAuthorization("Basic " + Base64.getEncoder().encodeToString(
        ("svc:" + secret).getBytes(StandardCharsets.UTF_8)));
    return request;
  }

  @Configuration(proxyBeanMethods = false)
  static class HostProvider {
    @Bean
    SsoProvider ssoProvider() {
      return SsoProvider.builder(SsoSettings.builder("http://localhost:8080").build()).build();
    }
  }
}
