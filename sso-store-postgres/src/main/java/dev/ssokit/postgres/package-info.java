/**
 * The durable SSO Kit stores on PostgreSQL: {@link dev.ssokit.postgres.PostgresStore} creates
 * every store of {@link dev.ssokit.spi} on one connection pool and migrates the schema with Flyway.
 *
 * <p>IMPORTANT: any number of provider instances may share one database; migrations run only when
 * {@code migrate} is called.
 */
package dev.ssokit.postgres;
