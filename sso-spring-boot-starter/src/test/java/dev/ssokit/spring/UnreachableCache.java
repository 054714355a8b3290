package dev.ssokit.spring;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A cache whose every call fails as an unreachable server's would: the health contributor reports it DOWN. */
@Configuration(proxyBeanMethods = false)
class UnreachableCache {
  @Bean
  SsoProviderCustomizer unreachableCacheCustomizer() {
    return builder -> builder.cache(new dev.ssokit.testkit.UnreachableCache());
  }
}
