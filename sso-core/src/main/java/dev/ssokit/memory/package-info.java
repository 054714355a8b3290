/**
 * In-memory implementations of every SPI in {@link dev.ssokit.spi}: the provider's defaults, for
 * tests, demos and single-instance development.
 *
 * <p>IMPORTANT: state lives in one JVM and is lost at restart; several instances behind a load
 * balancer need the PostgreSQL store and the Redis cache instead.
 */
package dev.ssokit.memory;
