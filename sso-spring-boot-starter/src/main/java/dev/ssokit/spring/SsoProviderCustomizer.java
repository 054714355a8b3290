package dev.ssokit.spring;

import dev.ssokit.SsoProvider;

/**
 * A bean that adjusts the {@link SsoProvider.Builder} before {@link SsoAutoConfiguration} builds the
 * provider, e.g. to plug a store of the host's own.
 *
 * <p>IMPORTANT: customizers run in {@code @Order}; the built-in PostgreSQL and Redis ones have order
 * {@link #BACKENDS_ORDER}, so an unordered host customizer runs after them and wins.
 */
@FunctionalInterface
public interface SsoProviderCustomizer {
  /** Order of the built-in backend customizers (PostgreSQL store, Redis cache). */
  int BACKENDS_ORDER = 0;

  /**
   * Adjusts the builder; called once, before {@link SsoProvider.Builder#build()}.
   *
   * @param builder the provider's builder, already holding the settings from {@code sso.*}
   */
  void customize(SsoProvider.Builder builder);
}
