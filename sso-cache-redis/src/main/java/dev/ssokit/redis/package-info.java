/**
 * The short-lived SSO Kit state (codes, sessions, interactions, replay guards, rate limits) on
 * Redis or Dragonfly: {@link dev.ssokit.redis.RedisCache} implements {@link dev.ssokit.spi.Cache}.
 *
 * <p>IMPORTANT: expiry follows the provider's injected clock; the native TTL only collects garbage.
 */
package dev.ssokit.redis;
