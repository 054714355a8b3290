package dev.ssokit.internal.registration;

import dev.ssokit.Clients;
import dev.ssokit.internal.client.ClientRemoval;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.SafeFetcher;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.ClientRegistrationStore;
import dev.ssokit.spi.ClientStore;
import java.time.Clock;
import java.util.Map;

/**
 * Dynamic client registration's assembly: the registration endpoint {@code {issuer}/register}
 * (RFC 7591) and the client configuration endpoint {@code {issuer}/register/{client_id}} (RFC 7592).
 *
 * <p>IMPORTANT: without an initial access token a registration is refused unless open registration
 * is enabled ({@code SsoSettings.openClientRegistration}); every registration is held to a
 * {@link RegistrationPolicy}.
 */
public final class ClientRegistrationApi {
  /** The registration endpoint's route. */
  public static final String PATH = "/register";
  /** The route of every client configuration endpoint, below {@link #PATH}. */
  public static final String CONFIGURATION_ROUTE = PATH + "/*";

  /**
   * What registration works on.
   *
   * @param issuer   the issuer URL ({@code registration_client_uri} is below it)
   * @param basePath the issuer's path ({@code ""} at the root)
   * @param open     whether a registration without an initial access token is allowed
   * @param fetcher  fetches a registered {@code jwks_uri} to check it
   */
  public record Parts(String issuer, String basePath, boolean open, Clients clients, ClientStore clientStore,
      ClientRegistrationStore store, ClientRemoval removal, SafeFetcher fetcher, AuditLog auditLog, Clock clock) {}

  private ClientRegistrationApi() {}

  /** The two endpoints by provider route. */
  public static Map<String, Endpoint> routes(Parts p) {
    String issuer = p.issuer().endsWith("/") ? p.issuer().substring(0, p.issuer().length() - 1) : p.issuer();
    RegisteredClients registered = new RegisteredClients(issuer + PATH + "/", p.clients(), p.clientStore(), p.store(),
        p.removal(), p.fetcher(), p.auditLog(), p.clock());
    return Map.of(PATH, new RegistrationEndpoint(registered, p.store(), p.open(), p.clock()),
        CONFIGURATION_ROUTE, new ClientConfigurationEndpoint(registered, p.basePath() + PATH + "/"));
  }
}
