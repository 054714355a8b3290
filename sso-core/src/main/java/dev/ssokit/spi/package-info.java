/**
 * The storage and extension contracts a host implements or picks an adapter for: durable stores
 * ({@link dev.ssokit.spi.ClientStore}, {@link dev.ssokit.spi.UserStore},
 * {@link dev.ssokit.spi.ConsentStore}, {@link dev.ssokit.spi.RefreshTokenStore},
 * {@link dev.ssokit.spi.SigningKeyStore}, {@link dev.ssokit.spi.LogoutDeliveryStore},
 * {@link dev.ssokit.spi.AuditLog}), the short-lived {@link dev.ssokit.spi.Cache}, and
 * {@link dev.ssokit.spi.UserDirectory} for hosts that own their users; the records they exchange.
 *
 * <p>IMPORTANT: every implementation must pass the matching abstract {@code *Contract} suite of
 * sso-core's test-jar; a store failure is a {@link dev.ssokit.spi.StoreException}, never a silent
 * default.
 */
package dev.ssokit.spi;
