/**
 * SSO Kit's facade: an embeddable OAuth 2.1 / OpenID Connect provider.
 *
 * <p>{@link dev.ssokit.SsoSettings} holds the configuration (every default a named constant,
 * validated at {@code build()}); {@link dev.ssokit.SsoProvider} is the provider itself, answering
 * every endpoint through {@code handle(HTTPRequest)} on Nimbus' HTTP model, so any transport can
 * mount it. {@link dev.ssokit.Clients}, {@link dev.ssokit.Users} and {@link dev.ssokit.Interactions}
 * manage applications, built-in accounts and host-owned login and consent;
 * {@link dev.ssokit.Maintenance} runs the periodic work (key rotation, purge, logout delivery).
 *
 * <p>IMPORTANT: the public API is this package, {@link dev.ssokit.spi}, {@link dev.ssokit.memory}
 * and the adapters' packages ({@code dev.ssokit.postgres}, {@code dev.ssokit.redis},
 * {@code dev.ssokit.servlet}, {@code dev.ssokit.spring}). {@code dev.ssokit.internal.*} is not API
 * and changes in any release.
 */
package dev.ssokit;
