package dev.ssokit.spring;

import org.springframework.util.ClassUtils;

/**
 * Spring Boot's own auto-configurations the tests start beside the starter, by their 3.x name or else
 * their 4.x name (Boot 4 moved them to one module per technology): one test source for both generations.
 */
final class BootAutoConfigurations {
  static final Class<?> DATA_SOURCE = of("org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");
  static final Class<?> FLYWAY = of("org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration",
      "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration");
  /** Spring Security's servlet auto-configuration: Boot's default chain and {@code springSecurityFilterChain}. */
  static final Class<?>[] SERVLET_SECURITY =
      ClassUtils.isPresent("org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration", null)
          ? new Class<?>[] {of("org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration", "")}
          : new Class<?>[] {of("", "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration"),
              of("", "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration")};

  private BootAutoConfigurations() {
  }

  /** An auto-configuration by its Spring Boot 3.x name, else its 4.x name. */
  static Class<?> of(String boot3, String boot4) {
    return ClassUtils.resolveClassName(ClassUtils.isPresent(boot3, null) ? boot3 : boot4, null);
  }
}
