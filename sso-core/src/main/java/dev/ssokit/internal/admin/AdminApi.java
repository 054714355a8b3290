package dev.ssokit.internal.admin;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import dev.ssokit.Clients;
import dev.ssokit.Users;
import dev.ssokit.VerifiedAccessToken;
import dev.ssokit.internal.api.ApiRoutes;
import dev.ssokit.internal.api.BearerCaller;
import dev.ssokit.internal.client.ClientRemoval;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.interaction.BrowserSession;
import dev.ssokit.internal.token.AccessTokenVerifier;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.ClientRegistrationStore;
import dev.ssokit.spi.ClientStore;
import dev.ssokit.spi.ConsentStore;
import dev.ssokit.spi.SigningKeyStore;
import dev.ssokit.spi.UserStore;
import java.time.Clock;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The admin API's assembly: applications, users, signing keys and audit events under
 * {@code {issuer}/api}, for callers holding an access token of this provider with scope
 * {@code sso:admin} (everything) or {@code sso:apps} (the applications they own).
 *
 * <p>IMPORTANT: a user's {@code sso:admin} counts only while the user holds the {@code admin} role,
 * checked at every call, so removing the role takes effect at once; a client's {@code sso:admin}
 * (client_credentials) counts as long as the client is registered with that scope.
 */
public final class AdminApi {
  /** The provider route that owns every path below {@code /api}. */
  public static final String ROUTE = "/api/*";

  /**
   * What the admin API works on.
   *
   * @param issuer      the issuer URL (the API's URLs are below it)
   * @param basePath    the issuer's path ({@code ""} at the root)
   * @param endSessions ends every session of a subject ({@code SsoProvider.endSessions}), returns how many
   * @param rotateNow   rotates the signing key now ({@code SsoProvider.rotateSigningKeyNow}), returns its kid
   * @param sessions    lists and ends one browser session of a user
   * @param registrationStore initial access tokens and registration access tokens of dynamic registration
   * @param removal     deletes an application and ends what it was granted
   */
  public record Parts(String issuer, String basePath, AccessTokenVerifier verifier, Clients clients, Users users,
      ClientStore clientStore, UserStore userStore, ConsentStore consentStore, SigningKeyStore signingKeyStore,
      AuditLog auditLog, ApplicationStats stats, ToIntFunction<String> endSessions, Supplier<String> rotateNow, UserSessions sessions,
      ClientRegistrationStore registrationStore, ClientRemoval removal, Clock clock) {}

  /** A user's browser sessions, for {@code /api/users/{id}/sessions}. */
  public interface UserSessions {
    /** The live sessions of {@code subject}. */
    java.util.List<BrowserSession> list(String subject);

    /** Ends session {@code sid} of {@code subject} and what was issued in it; false when it is not one of theirs. */
    boolean end(String subject, String sid);
  }

  private AdminApi() {}

  /** The endpoint answering every path below {@code /api}. */
  public static Endpoint endpoint(Parts p) {
    String issuer = p.issuer().endsWith("/") ? p.issuer().substring(0, p.issuer().length() - 1) : p.issuer();
    BearerCaller bearer = new BearerCaller(p.verifier());
    UserStore userStore = p.userStore();
    ApiRoutes routes = new ApiRoutes(p.basePath() + "/api", request -> caller(bearer, userStore, request));
    AdminAudit audit = new AdminAudit(p.auditLog(), p.clock());
    new ApplicationsResource(p.clients(), p.clientStore(), p.removal(), p.stats(), audit, issuer + "/api/applications")
        .addTo(routes);
    new InitialAccessTokensResource(p.registrationStore(), audit, issuer + "/api/initial-access-tokens", p.clock())
        .addTo(routes);
    new UsersResource(p.users(), userStore, p.consentStore(), p.endSessions(), p.sessions(), audit,
        issuer + "/api/users").addTo(routes);
    new SigningKeysResource(p.signingKeyStore(), p.rotateNow(), audit).addTo(routes);
    new AuditEventsResource(p.auditLog()).addTo(routes);
    return routes;
  }

  private static AdminCaller caller(BearerCaller bearer, UserStore users, HTTPRequest request) {
    VerifiedAccessToken token = bearer.authenticate(request);
    BearerCaller.requireAnyScope(token, AdminCaller.SCOPE_ADMIN, AdminCaller.SCOPE_APPS);
    boolean admin = token.scopes().contains(AdminCaller.SCOPE_ADMIN)
        && (token.subject().equals(token.clientId()) // client_credentials: the client itself
            || users.roles(token.subject()).contains(AdminCaller.ROLE_ADMIN));
    return new AdminCaller(token, admin);
  }
}
