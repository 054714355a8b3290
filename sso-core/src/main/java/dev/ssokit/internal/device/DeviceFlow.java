package dev.ssokit.internal.device;

import dev.ssokit.SsoSettings;
import dev.ssokit.internal.authorization.AuthorizationRequestChecks;
import dev.ssokit.internal.client.ClientAuthenticator;
import dev.ssokit.internal.grant.GrantHandler;
import dev.ssokit.internal.grant.TokenIssuer;
import dev.ssokit.internal.http.Cookies;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.interaction.AuthorizationCodeStore;
import dev.ssokit.internal.interaction.AuthorizationFlow;
import dev.ssokit.internal.limit.UserCodeThrottle;
import dev.ssokit.internal.page.PageRenderer;
import dev.ssokit.spi.Cache;
import dev.ssokit.spi.ClientStore;
import dev.ssokit.spi.RefreshTokenStore;
import dev.ssokit.spi.UserDirectory;
import java.net.URI;
import java.time.Clock;
import java.util.Map;

/**
 * The device authorization grant (RFC 8628), assembled: its endpoints ({@value #DEVICE_AUTHORIZATION_PATH},
 * {@value #VERIFICATION_PATH} and the browser's return {@value #CALLBACK_PATH}) and its grant handler.
 * All its state lives in the {@link Cache}, so any instance serves any step.
 */
public final class DeviceFlow {
  /** RFC 8628 §3.1 device authorization endpoint. */
  public static final String DEVICE_AUTHORIZATION_PATH = "/device_authorization";
  /** RFC 8628 §3.2 {@code verification_uri}. */
  public static final String VERIFICATION_PATH = "/device";
  /** Where the browser's authorization flow for a device returns. */
  public static final String CALLBACK_PATH = "/device/callback";

  private final Map<String, Endpoint> routes;
  private final GrantHandler grant;

  /** The parts of the device flow, sharing the provider's checks, interaction flow, codes and token issuer. */
  public DeviceFlow(SsoSettings settings, ClientStore clients, ClientAuthenticator authenticator,
                    AuthorizationRequestChecks checks, AuthorizationFlow flow, AuthorizationCodeStore codes,
                    RefreshTokenStore refreshTokens, UserDirectory users, TokenIssuer issuer, PageRenderer pages,
                    Cookies cookies, Cache cache, Clock clock) {
    String iss = settings.issuer().toString();
    int max = settings.maxParameterLength();
    DeviceAuthorizations authorizations = new DeviceAuthorizations(cache, clock);
    this.routes = Map.of(
        DEVICE_AUTHORIZATION_PATH, new DeviceAuthorizationEndpoint(authenticator, checks, authorizations,
            URI.create(iss + VERIFICATION_PATH), max),
        VERIFICATION_PATH, new DeviceVerificationEndpoint(authorizations, flow, clients,
            new UserCodeThrottle(cache, clock), pages, cookies, settings.sessionCookieName(),
            URI.create(iss + VERIFICATION_PATH), URI.create(iss + CALLBACK_PATH), max),
        CALLBACK_PATH, new DeviceCallbackEndpoint(authorizations, codes, pages, max));
    this.grant = new DeviceCodeGrant(settings, authorizations, refreshTokens, users, issuer, clock);
  }

  /** The endpoints, by path below the issuer. */
  public Map<String, Endpoint> routes() {
    return routes;
  }

  /** The token endpoint's handler of the device_code grant. */
  public GrantHandler grant() {
    return grant;
  }
}
