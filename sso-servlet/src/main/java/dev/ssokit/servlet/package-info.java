/**
 * SSO Kit in any Jakarta Servlet 6 container: {@link dev.ssokit.servlet.SsoFilter} answers the
 * provider's endpoints under the issuer's path and passes every other request through;
 * {@link dev.ssokit.servlet.BearerTokenFilter} protects the host's own API with the provider's
 * access tokens.
 */
package dev.ssokit.servlet;
