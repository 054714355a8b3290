/**
 * Spring Boot auto-configuration: {@link dev.ssokit.spring.SsoAutoConfiguration} makes a servlet
 * application the OpenID Connect provider from {@code sso.*} properties
 * ({@link dev.ssokit.spring.SsoProperties}); a {@link dev.ssokit.spring.SsoProviderCustomizer} bean
 * adjusts the provider before it is built.
 */
package dev.ssokit.spring;
