package dev.ssokit;

import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.apidocs.ApiDocs;
import dev.ssokit.internal.admin.AdminApi;
import dev.ssokit.internal.admin.ApplicationStats;
import dev.ssokit.internal.account.AccountAssembly;
import dev.ssokit.internal.authorization.AuthorizationRequestChecks;
import dev.ssokit.internal.client.BuiltInClients;
import dev.ssokit.internal.client.CachedClientStore;
import dev.ssokit.internal.authorization.PushedRequests;
import dev.ssokit.internal.client.ClientAuthenticator;
import dev.ssokit.internal.client.ClientKeys;
import dev.ssokit.internal.dpop.DPoPNonces;
import dev.ssokit.internal.client.ClientSecretCipher;
import dev.ssokit.internal.client.ClientRemoval;
import dev.ssokit.internal.registration.ClientRegistrationApi;
import dev.ssokit.internal.interaction.BrowserSession;
import dev.ssokit.internal.dpop.DPoPProofCheck;
import dev.ssokit.internal.client.ClientOrigins;
import dev.ssokit.internal.device.DeviceFlow;
import dev.ssokit.internal.endpoint.AuthorizationEndpoint;
import dev.ssokit.internal.endpoint.ConsentEndpoint;
import dev.ssokit.internal.endpoint.DiscoveryEndpoint;
import dev.ssokit.internal.endpoint.EndSessionEndpoint;
import dev.ssokit.internal.endpoint.IntrospectionEndpoint;
import dev.ssokit.internal.endpoint.JwksEndpoint;
import dev.ssokit.internal.endpoint.LoginEndpoint;
import dev.ssokit.internal.endpoint.ParEndpoint;
import dev.ssokit.internal.endpoint.ResumeEndpoint;
import dev.ssokit.internal.endpoint.RevocationEndpoint;
import dev.ssokit.internal.endpoint.TokenEndpoint;
import dev.ssokit.internal.endpoint.UserInfoEndpoint;
import dev.ssokit.internal.grant.AuthorizationCodeGrant;
import dev.ssokit.internal.grant.ClientCredentialsGrant;
import dev.ssokit.internal.grant.RefreshTokenGrant;
import dev.ssokit.internal.grant.ResourceOwnerPasswordGrant;
import dev.ssokit.internal.grant.TokenExchangeGrant;
import dev.ssokit.internal.grant.TokenIssuer;
import dev.ssokit.internal.http.Cookies;
import dev.ssokit.internal.http.Cors;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.OAuthException;
import dev.ssokit.internal.http.Parameters;
import dev.ssokit.internal.http.Redacted;
import dev.ssokit.internal.http.RequestTarget;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.http.SafeFetcher;
import dev.ssokit.internal.subject.SectorIdentifiers;
import dev.ssokit.internal.subject.SubjectIdentifiers;
import dev.ssokit.internal.interaction.AuthorizationCodeStore;
import dev.ssokit.internal.interaction.AuthorizationFlow;
import dev.ssokit.internal.interaction.InteractionStore;
import dev.ssokit.internal.interaction.SessionStore;
import dev.ssokit.internal.logout.SessionLogout;
import dev.ssokit.internal.mfa.SecondFactor;
import dev.ssokit.internal.limit.AbuseLimits;
import dev.ssokit.internal.limit.ClientAddress;
import dev.ssokit.internal.limit.LimitExceeded;
import dev.ssokit.internal.limit.LoginThrottle;
import dev.ssokit.internal.metrics.MeteredAuditLog;
import dev.ssokit.internal.metrics.MeteredTokenUsage;
import dev.ssokit.internal.metrics.MeteredBackend;
import dev.ssokit.internal.metrics.ResponseMetrics;
import dev.ssokit.internal.page.PageRenderer;
import dev.ssokit.internal.token.AccessTokenVerifier;
import dev.ssokit.internal.token.RevocationList;
import dev.ssokit.internal.token.SigningKeys;
import dev.ssokit.internal.user.PasswordAuthentication;
import dev.ssokit.internal.user.PasswordPolicy;
import dev.ssokit.internal.user.StoredUserDirectory;
import dev.ssokit.memory.InMemoryApplicationStatsStore;
import dev.ssokit.memory.InMemoryAccountTokenStore;
import dev.ssokit.memory.InMemoryAuditLog;
import dev.ssokit.memory.InMemoryCache;
import dev.ssokit.memory.InMemoryClientStore;
import dev.ssokit.memory.InMemoryConsentStore;
import dev.ssokit.memory.InMemoryLogoutDeliveryStore;
import dev.ssokit.memory.InMemoryMfaStore;
import dev.ssokit.memory.InMemoryClientRegistrationStore;
import dev.ssokit.memory.InMemoryRefreshTokenStore;
import dev.ssokit.memory.InMemorySigningKeyStore;
import dev.ssokit.memory.InMemoryUserStore;
import dev.ssokit.spi.ApplicationStatsStore;
import dev.ssokit.spi.AccountTokenStore;
import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.Cache;
import dev.ssokit.spi.ClientRegistrationStore;
import dev.ssokit.spi.ClientStore;
import dev.ssokit.spi.ConsentStore;
import dev.ssokit.spi.LogoutDeliveryStore;
import dev.ssokit.spi.ProviderMetrics;
import dev.ssokit.spi.MailSender;
import dev.ssokit.spi.MfaStore;
import dev.ssokit.spi.RefreshTokenStore;
import dev.ssokit.spi.SigningKeyStore;
import dev.ssokit.spi.StoreException;
import dev.ssokit.spi.TokenCustomizer;
import dev.ssokit.spi.UserDirectory;
import dev.ssokit.spi.UserStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OpenID Connect provider: {@link #handle} answers every protocol endpoint below the issuer URL,
 * transport-neutral (Nimbus' HTTP model), so a servlet filter, a Spring app or a test can drive it.
 *
 * <p>IMPORTANT: stores and cache default to in memory (one JVM, lost at restart); give PostgreSQL
 * and Redis adapters to run several instances.
 */
public final class SsoProvider {
  /** Rows {@link #purgeExpired} deletes per store call, so no purge transaction grows large or locks for long. */
  public static final int PURGE_BATCH_SIZE = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(SsoProvider.class);

  private final SsoSettings settings;
  private final String basePath;
  private final Map<String, Endpoint> routes = new HashMap<>();
  private final String rfc8414Path;
  private final PageRenderer pages;
  private final SigningKeys keys;
  private final AccessTokenVerifier verifier;
  private final Interactions interactions;
  private final Clients clients;
  private final Users users;
  private final Clock clock;
  private final RefreshTokenStore refreshTokenStore;
  private final ConsentStore consentStore;
  private final ClientStore clientStore;
  private final ClientOrigins clientOrigins;
  private final Cache cache;
  private final SessionLogout logout;
  private final SessionStore sessions;
  private final RevocationList revocations;
  private final AuditLog auditLog;
  private final ClientAddress proxies;
  private final DPoPProofCheck dpop;
  private final ResponseMetrics responseMetrics;
  private final String description;
  private final ApplicationStats applicationStats;
  private final AccountTokenStore accountTokenStore;
  private final ClientRegistrationStore clientRegistrationStore;

  private SsoProvider(Builder b) {
    this.description = b.description;
    this.settings = b.settings;
    Clock clock = b.clock;
    this.clock = clock;
    this.refreshTokenStore = b.refreshTokenStore;
    this.consentStore = b.consentStore;
    this.basePath = settings.issuer().getRawPath() == null ? "" : settings.issuer().getRawPath();
    this.rfc8414Path = "/.well-known/oauth-authorization-server" + basePath;
    Cache cache = b.cache != null ? b.cache : new InMemoryCache(clock);
    UserDirectory directory = b.userDirectory != null ? b.userDirectory : new StoredUserDirectory(b.userStore, clock);
    this.pages = new PageRenderer(settings);
    if (settings.keyEncryptionSecret() == null && !(b.signingKeyStore instanceof InMemorySigningKeyStore)) {
      LOG.warn("private signing keys are stored UNENCRYPTED in {}: anyone who can read that store can sign tokens;"
          + " set keyEncryptionSecret", b.signingKeyStore.getClass().getSimpleName());
    }
    this.keys = new SigningKeys(b.signingKeyStore, settings.signingAlgorithm(), settings.keyEncryptionSecret(), clock,
        b.metrics);
    this.responseMetrics = new ResponseMetrics(b.metrics, basePath);
    RevocationList revocations = new RevocationList(cache);
    SubjectIdentifiers subjects = new SubjectIdentifiers(settings.pairwiseSalt());
    this.verifier = new AccessTokenVerifier(settings.issuer().toString(), keys, cache, revocations, clock, subjects);
    Cookies cookies = new Cookies(basePath, settings.secureCookies());
    this.logout = new SessionLogout(settings.issuer().toString(), b.clientStore, keys, b.logoutDeliveryStore,
        b.auditLog, clock, subjects);
    this.revocations = revocations;
    this.auditLog = b.auditLog;
    this.accountTokenStore = b.accountTokenStore;
    this.clientRegistrationStore = b.clientRegistrationStore;
    AuthorizationCodeStore codes = new AuthorizationCodeStore(cache, clock, settings.authorizationCodeLifetime());
    this.sessions = new SessionStore(cache, clock, settings.sessionLifetime(), settings.sessionIdleTimeout());
    AuthorizationFlow flow = new AuthorizationFlow(settings, b.consentStore, b.clientStore, directory, sessions,
        new InteractionStore(cache, clock, settings.interactionLifetime()), codes, pages, cookies, clock, logout);
    this.applicationStats = new ApplicationStats(b.applicationStatsStore, b.clientStore, b.refreshTokenStore, clock);
    TokenIssuer tokenIssuer = new TokenIssuer(settings, keys, cache, clock, directory, b.tokenCustomizer,
        applicationStats, subjects);
    SafeFetcher fetcher = b.allowLoopbackFetches ? SafeFetcher.allowingLoopbackForTests() : SafeFetcher.create();
    ClientSecretCipher clientSecrets = new ClientSecretCipher(settings.keyEncryptionSecret());
    ClientAuthenticator authenticator = new ClientAuthenticator(b.clientStore, new ClientKeys(fetcher, clock), cache,
        settings.issuer().toString(), clock, clientSecrets);
    int maxParam = settings.maxParameterLength();
    DPoPProofCheck dpop = new DPoPProofCheck(cache, clock, new DPoPNonces(cache, clock, settings.dpopNonces()));
    this.dpop = dpop;

    DiscoveryEndpoint discovery = new DiscoveryEndpoint(settings, pages.messages().supported());
    routes.put("/.well-known/openid-configuration", discovery);
    routes.put("/.well-known/oauth-authorization-server", discovery);
    routes.put("/jwks", new JwksEndpoint(keys));
    PushedRequests pushed = new PushedRequests(cache, clock);
    AuthorizationRequestChecks checks = new AuthorizationRequestChecks(b.clientStore, keys,
        settings.issuer().toString(), clock, pushed, settings.requirePushedAuthorizationRequests(), subjects);
    routes.put("/authorize", new AuthorizationEndpoint(checks, flow, pages, maxParam));
    routes.put("/par", new ParEndpoint(authenticator, checks, pushed, maxParam, pages.messages(), dpop,
        URI.create(settings.issuer() + "/par")));
    DeviceFlow device = new DeviceFlow(settings, b.clientStore, authenticator, checks, flow, codes,
        b.refreshTokenStore, directory, tokenIssuer, pages, cookies, cache, clock);
    routes.putAll(device.routes());
    SecondFactor mfa = new SecondFactor(b.mfaStore, cache, clock, settings.issuer().getHost(), settings.encryptionKey(),
        settings.previousEncryptionKeys(), b.mfaStore instanceof InMemoryMfaStore);
    if (b.userDirectory == null && !mfa.enrolmentAvailable()) {
      LOG.warn("TOTP enrolment is refused: {} keeps secrets at rest and no encryptionKey is set to encrypt them",
          b.mfaStore.getClass().getSimpleName());
    }
    // issue 10: one password check (one throttle, one audit trail) for the login page, /auth/login and the password grant
    PasswordAuthentication passwords = new PasswordAuthentication(directory, new LoginThrottle(settings, cache, clock),
        b.auditLog, clock, PasswordAuthentication.verifiedEmailRequired(settings, directory));
    routes.put("/token", new TokenEndpoint(authenticator, List.of(
        new AuthorizationCodeGrant(settings, codes, b.refreshTokenStore, revocations, directory, tokenIssuer,
            b.auditLog, clock),
        new RefreshTokenGrant(settings, b.refreshTokenStore, revocations, directory, tokenIssuer, b.auditLog, cache,
            clock),
        new ClientCredentialsGrant(settings, tokenIssuer), device.grant(),
        new ResourceOwnerPasswordGrant(settings, passwords, b.refreshTokenStore, tokenIssuer, b.auditLog, clock, b.userDirectory == null ? mfa::enabled : subject -> false),
        new TokenExchangeGrant(settings, verifier, tokenIssuer)), maxParam, dpop,
        URI.create(settings.issuer() + "/token"), MeteredTokenUsage.wrap(applicationStats, b.metrics)));
    routes.put("/userinfo", new UserInfoEndpoint(verifier, directory, settings.issuer().toString(), dpop));
    routes.put("/introspect", new IntrospectionEndpoint(authenticator, verifier, b.refreshTokenStore,
        settings.issuer().toString(), clock, maxParam, keys, subjects));
    routes.put("/revoke", new RevocationEndpoint(authenticator, verifier, b.refreshTokenStore, revocations, cache,
        b.auditLog, settings, clock));
    routes.put("/logout", new EndSessionEndpoint(settings, flow, b.clientStore, keys, b.refreshTokenStore,
        revocations, cache, pages, cookies, b.auditLog, clock, logout, subjects));
    routes.put("/interaction/login", new LoginEndpoint(flow, pages, b.clientStore, directory, passwords, cache, b.auditLog,
        settings, clock, b.userDirectory == null ? mfa : null));
    routes.put("/interaction/consent", new ConsentEndpoint(flow, pages, b.clientStore, directory, settings));
    routes.put("/interaction/resume", new ResumeEndpoint(flow, pages, maxParam));
    if (settings.apiDocs()) {
      routes.putAll(ApiDocs.routes(settings.issuer()));
    }
    // The account capability (issue 10) serves the built-in accounts only: a host's own UserDirectory owns its users.
    AccountAssembly accountAssembly = b.userDirectory != null ? null : new AccountAssembly(new AccountAssembly.Parts(
        settings, clock, b.userStore, directory, b.accountTokenStore, mfa, b.mailSender, cache, flow, cookies,
        verifier, revocations, b.refreshTokenStore, b.consentStore, b.clientStore, b.auditLog, logout, pages, passwords));
    if (accountAssembly != null) {
      routes.put(AccountAssembly.API_PREFIX + PREFIX_ROUTE, accountAssembly.api().routes(basePath + AccountAssembly.API_PREFIX));
      routes.putAll(accountAssembly.pageRoutes(basePath));
      if (b.mailSender == null && settings.registration() != SsoSettings.Registration.CLOSED) {
        LOG.warn("registration is {} but no mail sender is configured: e-mail verification, password reset and"
            + " e-mail changes answer 503 until one is set (SsoProvider.Builder.mailSender)", settings.registration());
      }
    }
    // every route behind the one abuse-limit mechanism (client address, rate limits).
    // a remote cache (Redis) reads what an endpoint will need with the limits' counters, in one round trip
    AbuseLimits limits = new AbuseLimits(settings, cache, clock, !b.cacheInProcess, b.clientCache);
    routes.replaceAll(limits::guard);

    this.proxies = ClientAddress.trusting(settings.trustedProxies());
    this.clientStore = b.clientStore;
    this.clientOrigins = new ClientOrigins(b.clientStore, clock);
    this.cache = cache;
    this.interactions = new Interactions(flow, b.clientStore, clock);
    ClientRemoval removal = new ClientRemoval(b.clientStore, b.consentStore, b.refreshTokenStore, revocations,
        b.clientRegistrationStore, applicationStats::forget, settings.accessTokenLifetime(), clock);
    this.clients = new Clients(b.clientStore, clock, subjects, new SectorIdentifiers(fetcher), clientSecrets,
        removal);
    this.users = new Users(b.userStore, new PasswordPolicy(settings.passwordMinLength()), b.refreshTokenStore,
        revocations, settings, clock, accountAssembly == null ? null : accountAssembly.accounts());
    routes.put(AdminApi.ROUTE, limits.guard(AdminApi.ROUTE, AdminApi.endpoint(new AdminApi.Parts(
        settings.issuer().toString(), basePath, verifier, clients, users, b.clientStore, b.userStore, b.consentStore,
        b.signingKeyStore, b.auditLog, applicationStats, this::endSessions, this::rotateSigningKeyNow,
        new AdminApi.UserSessions() {
          @Override
          public List<BrowserSession> list(String subject) {
            return sessions.findBySubject(subject);
          }

          @Override
          public boolean end(String subject, String sid) {
            return endSession(subject, sid);
          }
        }, b.clientRegistrationStore, removal, clock))));
    ClientRegistrationApi.routes(new ClientRegistrationApi.Parts(settings.issuer().toString(), basePath,
        settings.openClientRegistration(), clients, b.clientStore, b.clientRegistrationStore, removal, fetcher,
        b.auditLog, clock)).forEach((route, endpoint) -> routes.put(route, limits.guard(route, endpoint)));
  }

  /**
   * A builder of a provider with {@code settings}.
   *
   * @param settings the settings; not null
   * @return the builder, every SPI at its in-memory default
   */
  public static Builder builder(SsoSettings settings) {
    return new Builder(settings);
  }

  /** {@return the settings this provider was built with} */
  public SsoSettings settings() {
    return settings;
  }

  /**
   * One line for a start-up log: the issuer, the store, cache and user-directory classes and the
   * signing algorithm, e.g. {@code issuer https://login.example.com, stores PostgresClientStore, cache
   * RedisCache, users built-in accounts, signing RS256}. Never a secret.
   */
  @Override
  public String toString() {
    return description;
  }

  /**
   * Whether {@code path} is one of this provider's endpoints.
   *
   * @param path the request's absolute path, or null
   * @return true when {@link #handle} answers it
   */
  public boolean handles(String path) {
    return endpointFor(path) != null;
  }

  private Endpoint endpointFor(String path) {
    if (path == null) {
      return null;
    }
    if (!basePath.isEmpty() && path.equals(rfc8414Path)) {
      return routes.get("/.well-known/oauth-authorization-server");
    }
    if (!path.startsWith(basePath)) {
      return null;
    }
    String relative = path.substring(basePath.length());
    Endpoint exact = routes.get(relative);
    if (exact != null) {
      return exact;
    }
    // A JSON API owns every path below its prefix: "/api/*" answers /api/applications/{id} and the like.
    int second = relative.indexOf('/', 1);
    Endpoint prefixed = second > 0 ? routes.get(relative.substring(0, second) + PREFIX_ROUTE) : null;
    // a path the API does not know stays the host's (its own /api/me next to the admin API)
    return prefixed != null && prefixed.owns(path) ? prefixed : null;
  }

  /** Suffix of a route key that matches every path below it ({@code /api/*}). */
  static final String PREFIX_ROUTE = "/*";

  /**
   * Answers one HTTP request to an endpoint of this provider. Never throws: bad input gets an OAuth
   * error or an error page, an unreachable store a 503.
   *
   * @param request the request
   * @return the answer
   */
  public HTTPResponse handle(HTTPRequest request) {
    HTTPResponse response = Responses.finish(request, answer(request), "https".equals(settings.issuer().getScheme()));
    if (endpointFor(request.getURL().getPath()) != null) {
      // only this provider's routes become tag values: a made-up path must not add a meter
      responseMetrics.answered(request, response);
    }
    return response;
  }

  private HTTPResponse answer(HTTPRequest request) {
    // getURL, not getURI: java.net.URI refuses what browsers send unencoded (| { } ^ \), see RequestTarget
    String path = request.getURL().getPath();
    Endpoint endpoint = endpointFor(path);
    if (endpoint == null) {
      return Responses.error(new ErrorObject("not_found", "no such endpoint", 404));
    }
    try {
      return endpoint.handle(RequestTarget.parseable(request));
    } catch (OAuthException e) {
      return e.toResponse();
    } catch (Parameters.BadRequest e) {
      return endpoint.browserFacing()
          ? pages.error(pages.locale(request, null), 400, "invalid_request", "malformed", Map.of("detail", e.getMessage()))
          : Responses.error(OAuth2Error.INVALID_REQUEST, e.getMessage());
    } catch (LimitExceeded e) {
      // RFC 6585 §4 (429) / RFC 9110 §15.6.4 (503), both with Retry-After: a limit, never a 500 or a hang.
      return e.toResponse(endpoint.browserFacing() ? pages : null, pages.locale(request, null));
    } catch (StoreException e) {
      LOG.warn("storage unavailable at {}: {}", path, e.getMessage());
      HTTPResponse r = endpoint.browserFacing()
          ? pages.error(pages.locale(request, null), 503, "unavailable", "storage_unavailable")
          : Responses.error(OAuth2Error.TEMPORARILY_UNAVAILABLE.setHTTPStatusCode(503),
              "storage is temporarily unavailable");
      r.setHeader("Retry-After", "5");
      return r;
    } catch (RuntimeException e) {
      // No token in a log line: an exception's message may quote the request (URL, parameters), so only
      // its type and stack are logged.
      LOG.error("internal error at {}: {}", path, e.getClass().getName(), Redacted.of(e));
      return endpoint.browserFacing() ? pages.error(pages.locale(request, null), 500, "internal", "internal")
          : Responses.error(OAuth2Error.SERVER_ERROR, "internal error");
    }
  }

  /**
   * Answers a CORS preflight ({@code OPTIONS} with {@code Origin} and
   * {@code Access-Control-Request-Method}, which Nimbus' HTTP model cannot carry): the
   * {@code Access-Control-*} headers to send, or an empty map when {@code origin} may not read the
   * answers of the endpoint at {@code path} (the browser then does not send the request). Discovery,
   * JWKS and UserInfo are readable from any origin; the token and revocation endpoints from the
   * origins of registered clients' redirect URIs; the others from none. Never throws: when the
   * store cannot be read, the preflight is refused (the browser retries on the next request).
   *
   * @param path          the request's absolute path
   * @param origin        the {@code Origin} header, or null
   * @param requestMethod the {@code Access-Control-Request-Method} header, or null
   * @return the headers by name, or an empty map
   */
  public Map<String, String> corsPreflight(String path, String origin, String requestMethod) {
    Endpoint endpoint = endpointFor(path);
    if (endpoint == null) {
      return Map.of();
    }
    try {
      return Cors.preflight(endpoint.cors(), origin, requestMethod, clientOrigins::contains);
    } catch (StoreException e) {
      LOG.warn("CORS preflight refused, storage unavailable at {}: {}", path, e.getMessage());
      return Map.of();
    }
  }

  /**
   * Checks an access token this provider issued (signature, issuer, expiry, revocation).
   *
   * @param token the token as sent (without {@code Bearer })
   * @return the verified token, or empty when it is not valid
   * @throws StoreException when the cache holding revocations is unreachable: the token can then be
   *     neither accepted nor rejected, so answer 503 (as {@code BearerTokenFilter} does)
   */
  public Optional<VerifiedAccessToken> verifyAccessToken(String token) {
    return verifier.verify(token);
  }

  /**
   * The address of the client that sent {@code request}: its peer address ({@link
   * HTTPRequest#getClientIPAddress()}), or, when the peer is one of {@code trustedProxies}, the
   * address the proxies' {@code Forwarded} / {@code X-Forwarded-For} headers name — the address the
   * abuse limits and audit events use, for a host's own access log.
   *
   * @param request the request
   * @return the client's IP address
   */
  public String clientAddress(HTTPRequest request) {
    return proxies.resolve(request);
  }

  /**
   * Checks an access token presented to a resource with {@code scheme} {@code Bearer} or {@code DPoP}
   * (RFC 9449 §7): valid as for {@link #verifyAccessToken(String)}, and used as it was bound: a
   * DPoP-bound token only with the DPoP scheme and a valid proof ({@code dpopProof}, the {@code DPoP}
   * header) for {@code method} and {@code url}, an unbound token only as a bearer token. Empty for
   * anything else; never throws for bad input.
   *
   * @param scheme    the authorization scheme the token came with: {@code Bearer} or {@code DPoP}
   * @param token     the access token
   * @param dpopProof the {@code DPoP} header's proof, or {@code null}
   * @param method    the HTTP method of the request to the resource
   * @param url       the URL of the request to the resource, without query and fragment
   * @return the verified token, or empty
   * @throws StoreException when the cache is unreachable (see {@link #verifyAccessToken(String)})
   */
  public Optional<VerifiedAccessToken> verifyAccessToken(String scheme, String token, String dpopProof,
                                                         String method, URI url) {
    return Optional.ofNullable(checkAccessToken(scheme, token, dpopProof, method, url).token());
  }

  /**
   * As {@link #verifyAccessToken(String, String, String, String, URI)}, answering why a token was refused:
   * {@code invalid_token}, {@code invalid_dpop_proof}, or {@code use_dpop_nonce} when only a current
   * server-provided nonce is missing ({@link SsoSettings#dpopNonces()}, RFC 9449 §9), with the nonce a
   * resource sends in its {@code DPoP-Nonce} header. Never throws for bad input.
   *
   * @param scheme    the authorization scheme the token came with: {@code Bearer} or {@code DPoP}
   * @param token     the access token
   * @param dpopProof the {@code DPoP} header's proof, or {@code null}
   * @param method    the HTTP method of the request to the resource
   * @param url       the URL of the request to the resource, without query and fragment
   * @return the verified token, or the error for the resource's challenge
   * @throws StoreException when the cache is unreachable (see {@link #verifyAccessToken(String)})
   */
  public AccessTokenCheck checkAccessToken(String scheme, String token, String dpopProof, String method, URI url) {
    String nonce = dpop.nonce();
    VerifiedAccessToken verified = verifier.verify(token).orElse(null);
    if (verified == null) {
      return new AccessTokenCheck(null, AccessTokenCheck.INVALID_TOKEN, nonce);
    }
    try {
      dpop.verifyPresentation(verified, scheme, token, dpopProof, method, url);
      return new AccessTokenCheck(verified, null, nonce);
    } catch (DPoPProofCheck.InvalidProof e) {
      // a bound token presented as a bearer token, or an unbound one with the DPoP scheme, is an invalid token
      boolean proofChecked = "DPoP".equalsIgnoreCase(scheme) && DPoPProofCheck.boundKey(verified) != null;
      return new AccessTokenCheck(null, proofChecked ? e.error() : AccessTokenCheck.INVALID_TOKEN, nonce);
    }
  }

  /**
   * What {@link #readiness()} reports: each backend reachable or not.
   *
   * @param store true when the durable store answers
   * @param cache true when the cache answers
   */
  public record Readiness(boolean store, boolean cache) {
    /** {@return true when every backend answers: the instance can serve every endpoint} */
    public boolean ready() {
      return store && cache;
    }
  }

  /**
   * Probes the durable store and the cache with one cheap read each, for a load balancer's readiness
   * check. Never throws: an unreachable backend is reported, not raised.
   *
   * @return which backends answered
   */
  public Readiness readiness() {
    return new Readiness(answers(() -> clientStore.find("ssokit-readiness-probe")),
        answers(() -> cache.get("readiness-probe")));
  }

  private static boolean answers(Runnable probe) {
    try {
      probe.run();
      return true;
    } catch (StoreException e) {
      LOG.warn("readiness probe failed: {}", e.getMessage());
      return false;
    }
  }

  /** {@return the headless login and consent API} */
  public Interactions interactions() {
    return interactions;
  }

  /** {@return the application (client) management} */
  public Clients clients() {
    return clients;
  }

  /** {@return the management of the built-in user accounts} */
  public Users users() {
    return users;
  }

  /**
   * Ends every session of user {@code subject} in which a client got a code (administrator action):
   * the browser sessions end, their refresh tokens and access tokens are revoked, and their
   * clients receive Back-Channel Logout tokens from the next {@link #deliverLogoutTokens()}.
   * Returns how many sessions ended.
   *
   * <p>IMPORTANT: a session in which no client got a code yet carries no token; it stays until it
   * expires or the user signs out.
   *
   * @param subject the user
   * @return how many sessions ended
   */
  public int endSessions(String subject) {
    Instant now = clock.instant();
    List<String> sids = logout.subjectEnded(subject);
    for (String sid : sids) {
      sessions.deleteBySid(sid);
      refreshTokenStore.revokeSession(sid);
      revocations.endSession(sid, now.plus(settings.accessTokenLifetime()));
    }
    auditLog.append(new AuditEvent(now, "sessions_ended", subject, null, null,
        Map.of("sessions", String.valueOf(sids.size()))));
    return sids.size();
  }

  /** Ends browser session {@code sid} of {@code subject} and what was issued in it; false when it is not theirs. */
  private boolean endSession(String subject, String sid) {
    Optional<BrowserSession> session = sessions.findBySubject(subject).stream().filter(s -> s.sid().equals(sid))
        .findFirst();
    session.ifPresent(s -> {
      sessions.deleteBySid(sid);
      logout.sessionEnded(s);
      refreshTokenStore.revokeSession(sid);
      revocations.endSession(sid, clock.instant().plus(settings.accessTokenLifetime()));
    });
    return session.isPresent();
  }

  /**
   * Sends the Back-Channel Logout tokens that are due (OIDC Back-Channel Logout 1.0), from the
   * shared {@link LogoutDeliveryStore}: each is claimed by one instance, retried with back-off when
   * the client is unreachable. Returns how many clients accepted theirs. {@link Maintenance} calls
   * it every {@link Maintenance#LOGOUT_DELIVERY_INTERVAL}.
   *
   * @return how many clients accepted their Logout Token
   */
  public int deliverLogoutTokens() {
    return logout.deliverDue();
  }

  /**
   * Adds the application statistics this instance counted since the last call to the shared
   * {@link ApplicationStatsStore}; returns how many rows. {@link Maintenance} calls it every
   * {@link Maintenance#STATISTICS_FLUSH_INTERVAL}; call it before shutdown to keep the last counts.
   *
   * @return how many rows of counts were added, {@code 0} when nothing was counted
   */
  public int flushApplicationStats() {
    return applicationStats.flush();
  }

  /** Extra time a retired key stays published after the last token it signed has expired. */
  public static final Duration RETIRED_KEY_GRACE = Duration.ofDays(1);

  /**
   * Starts a signing-key rotation now: a new key is published in the JWKS at once and signs from
   * the first {@link #maintainSigningKeys()} after {@code keyPublishAhead}. Returns its kid.
   *
   * @return the new key's kid
   */
  public String rotateSigningKey() {
    return keys.rotate();
  }

  /**
   * Rotates the signing key now and signs with the new key at once (no {@code keyPublishAhead}
   * wait): for an operator's explicit request. The previous key stays in the JWKS until no token
   * it signed can be valid; other instances sign with the new key after their next
   * {@link #maintainSigningKeys()} and accept its tokens at once. Returns the new key's kid.
   *
   * <p>IMPORTANT: clients that cached the JWKS see a kid they do not know and must re-fetch it
   * (OIDC Core §10.1.1); prefer {@link #rotateSigningKey()} where that is not certain.
   *
   * @return the new key's kid
   */
  public String rotateSigningKeyNow() {
    return keys.rotateNow();
  }

  /**
   * Runs the signing-key lifecycle and picks up what other instances changed: activates a NEXT key
   * published long enough, starts a rotation when the key is older than {@code keyRotationInterval},
   * deletes retired keys no valid token needs. Call it every minute or so on every instance (the
   * standalone server does); it is one small store read when nothing is due.
   */
  public void maintainSigningKeys() {
    Duration longestToken = settings.accessTokenLifetime().compareTo(settings.idTokenLifetime()) > 0
        ? settings.accessTokenLifetime() : settings.idTokenLifetime();
    keys.maintain(settings.keyRotationInterval(), settings.keyPublishAhead(), longestToken.plus(RETIRED_KEY_GRACE));
  }

  /**
   * Deletes the refresh tokens, consents, account links (verification, reset) and initial access tokens
   * (dynamic registration) that expired before now, in batches of
   * {@value #PURGE_BATCH_SIZE} until a batch comes back short; returns how many rows went.
   * Call it on a schedule (the standalone server does, every {@code SSO_PURGE_INTERVAL}).
   *
   * <p>IMPORTANT: safe on several instances at once (stores share the work); a store failure
   * ends the run with its {@link StoreException}, and what was deleted so far stays deleted.
   *
   * @return how many rows were deleted
   */
  public long purgeExpired() {
    // one "now" for the whole run: it ends even while new rows keep expiring; the next run takes those
    Instant now = clock.instant();
    return purge(refreshTokenStore::purgeExpired, now) + purge(consentStore::purgeExpired, now)
        + purge(accountTokenStore::purgeExpired, now)
        + purge(clientRegistrationStore::purgeExpiredInitialAccessTokens, now);
  }

  private static long purge(PurgeBatch store, Instant now) {
    long total = 0;
    int deleted;
    do {
      deleted = store.purgeExpired(now, PURGE_BATCH_SIZE);
      total += deleted;
    } while (deleted >= PURGE_BATCH_SIZE); // a short batch means nothing expired is left
    return total;
  }

  /** {@code purgeExpired(now, limit)} of one store. */
  @FunctionalInterface
  private interface PurgeBatch {
    int purgeExpired(Instant now, int limit);
  }

  /** Builder of {@link SsoProvider}; every SPI not given is the in-memory implementation. */
  public static final class Builder {
    private final SsoSettings settings;
    private Clock clock = Clock.systemUTC();
    private ClientStore clientStore;
    private UserStore userStore;
    private ConsentStore consentStore;
    private RefreshTokenStore refreshTokenStore;
    private SigningKeyStore signingKeyStore;
    private AuditLog auditLog;
    private LogoutDeliveryStore logoutDeliveryStore;
    private ApplicationStatsStore applicationStatsStore;
    private Cache cache;
    /** The cache is this JVM's memory (the default): a read costs no round trip, so nothing is read ahead. */
    private boolean cacheInProcess;
    /** The clients kept in this instance when store and cache are both remote, else {@code null}. */
    private CachedClientStore clientCache;
    private UserDirectory userDirectory;
    private TokenCustomizer tokenCustomizer;
    private boolean allowLoopbackFetches;
    private ProviderMetrics metrics = ProviderMetrics.NONE;
    private String description;
    private MailSender mailSender;
    private AccountTokenStore accountTokenStore;
    private MfaStore mfaStore;
    private ClientRegistrationStore clientRegistrationStore;

    private Builder(SsoSettings settings) {
      this.settings = java.util.Objects.requireNonNull(settings, "settings");
    }

    /**
     * The clock of every expiry; default the system UTC clock.
     *
     * @param c the clock; the cache must use the same one
     * @return this builder
     */
    public Builder clock(Clock c) { clock = c; return this; }
    /**
     * Where registered clients live; default in memory.
     *
     * @param s the store
     * @return this builder
     */
    public Builder clientStore(ClientStore s) { clientStore = s; return this; }
    /**
     * Where the built-in user accounts live; default in memory.
     *
     * @param s the store
     * @return this builder
     */
    public Builder userStore(UserStore s) { userStore = s; return this; }
    /**
     * Where remembered consents live; default in memory.
     *
     * @param s the store
     * @return this builder
     */
    public Builder consentStore(ConsentStore s) { consentStore = s; return this; }
    /**
     * Where refresh-token families live; default in memory.
     *
     * @param s the store
     * @return this builder
     */
    public Builder refreshTokenStore(RefreshTokenStore s) { refreshTokenStore = s; return this; }
    /**
     * Where the signing keys live, shared by every instance; default in memory.
     *
     * @param s the store
     * @return this builder
     */
    public Builder signingKeyStore(SigningKeyStore s) { signingKeyStore = s; return this; }
    /**
     * Where security events are appended; default in memory.
     *
     * @param s the log
     * @return this builder
     */
    public Builder auditLog(AuditLog s) { auditLog = s; return this; }
    /**
     * The shared queue of Back-Channel Logout deliveries.
     *
     * @param s the store; default in memory
     * @return this builder
     */
    public Builder logoutDeliveryStore(LogoutDeliveryStore s) { logoutDeliveryStore = s; return this; }
    /**
     * The shared counts behind {@code GET /api/applications/{id}/stats}.
     *
     * @param s the store; default in memory
     * @return this builder
     */
    public Builder applicationStatsStore(ApplicationStatsStore s) { applicationStatsStore = s; return this; }
    /**
     * The short-lived shared state; must use the same clock as the provider.
     *
     * @param c the cache; default in memory
     * @return this builder
     */
    public Builder cache(Cache c) { cache = c; return this; }
    /**
     * The host's own user lookup instead of the built-in accounts.
     *
     * @param d the directory; default the built-in accounts of the user store
     * @return this builder
     */
    public Builder userDirectory(UserDirectory d) { userDirectory = d; return this; }
    /**
     * The host's claims in access and ID tokens; the protocol's own claims stay reserved.
     *
     * @param c the customizer, or {@code null} for none
     * @return this builder
     */
    public Builder tokenCustomizer(TokenCustomizer c) { tokenCustomizer = c; return this; }
    /**
     * Lets the provider fetch client URLs ({@code jwks_uri}) from plain-http loopback servers.
     * IMPORTANT: for tests against a local server only; it opens the provider to requests aimed at its own host.
     *
     * @return this builder
     */
    public Builder allowLoopbackFetchesForTests() { allowLoopbackFetches = true; return this; }
    /**
     * Where tokens issued, errors, logins, signing time and store/cache latency are reported.
     *
     * @param m the metrics; default {@link ProviderMetrics#NONE}
     * @return this builder
     */
    public Builder metrics(ProviderMetrics m) { metrics = java.util.Objects.requireNonNull(m, "metrics"); return this; }
    /**
     * Where account mails (verification, password reset) go; without one, those features answer 503.
     *
     * @param m the mail sender, or {@code null} for none
     * @return this builder
     */
    public Builder mailSender(MailSender m) { mailSender = m; return this; }
    /**
     * The verification, reset and invitation links of the built-in accounts; default in memory.
     *
     * @param s the store
     * @return this builder
     */
    public Builder accountTokenStore(AccountTokenStore s) { accountTokenStore = s; return this; }
    /**
     * The second factors (TOTP) of the built-in accounts; default in memory.
     *
     * @param s the store
     * @return this builder
     */
    public Builder mfaStore(MfaStore s) { mfaStore = s; return this; }
    /**
     * The initial access tokens and registration access tokens of dynamic client registration; default in memory.
     *
     * @param s the store
     * @return this builder
     */
    public Builder clientRegistrationStore(ClientRegistrationStore s) { clientRegistrationStore = s; return this; }

    /** {@return the provider, with an in-memory implementation for every SPI not given} */
    public SsoProvider build() {
      clientStore = clientStore != null ? clientStore : new InMemoryClientStore();
      userStore = userStore != null ? userStore : new InMemoryUserStore();
      consentStore = consentStore != null ? consentStore : new InMemoryConsentStore();
      refreshTokenStore = refreshTokenStore != null ? refreshTokenStore : new InMemoryRefreshTokenStore();
      signingKeyStore = signingKeyStore != null ? signingKeyStore : new InMemorySigningKeyStore();
      auditLog = auditLog != null ? auditLog : new InMemoryAuditLog();
      logoutDeliveryStore = logoutDeliveryStore != null ? logoutDeliveryStore : new InMemoryLogoutDeliveryStore();
      clientRegistrationStore = clientRegistrationStore != null ? clientRegistrationStore
          : new InMemoryClientRegistrationStore();
      description = "issuer " + settings.issuer() + ", stores " + className(clientStore)
          + ", cache " + (cache == null ? InMemoryCache.class.getSimpleName() : className(cache))
          + ", users " + (userDirectory == null ? "built-in accounts" : userDirectory.getClass().getName())
          + ", signing " + settings.signingAlgorithm();
      boolean clientsInProcess = clientStore instanceof InMemoryClientStore;
      measureBackends();
      if (!clientsInProcess && !cacheInProcess) {
        // every token request would read its client's row: kept here, changes signalled through the cache
        clientCache = new CachedClientStore(clientStore, cache, clock);
        clientStore = clientCache;
      }
      if (settings.apiDocs()) {
        // the provider's own clients beside the store's (after measuring: finding them is no store call)
        clientStore = new BuiltInClients(clientStore,
            Map.of(ApiDocs.DOCS_CLIENT_ID, ApiDocs.docsClient(settings.issuer())));
      }
      applicationStatsStore = applicationStatsStore != null ? applicationStatsStore
          : new InMemoryApplicationStatsStore();
      accountTokenStore = accountTokenStore != null ? accountTokenStore : new InMemoryAccountTokenStore();
      mfaStore = mfaStore != null ? mfaStore : new InMemoryMfaStore();
      return new SsoProvider(this);
    }

    /** The simple name, or the full one for a class that has none (anonymous, lambda). */
    private static String className(Object o) {
      String simple = o.getClass().getSimpleName();
      return simple.isEmpty() ? o.getClass().getName() : simple;
    }

    /** Every store and cache call timed (signing keys too are read only at load, so they are left as they are). */
    private void measureBackends() {
      ProviderMetrics.Backend store = ProviderMetrics.Backend.STORE;
      clientStore = MeteredBackend.wrap(ClientStore.class, clientStore, store, metrics);
      userStore = MeteredBackend.wrap(UserStore.class, userStore, store, metrics);
      consentStore = MeteredBackend.wrap(ConsentStore.class, consentStore, store, metrics);
      refreshTokenStore = MeteredBackend.wrap(RefreshTokenStore.class, refreshTokenStore, store, metrics);
      logoutDeliveryStore = MeteredBackend.wrap(LogoutDeliveryStore.class, logoutDeliveryStore, store, metrics);
      clientRegistrationStore = MeteredBackend.wrap(ClientRegistrationStore.class, clientRegistrationStore, store,
          metrics);
      auditLog = MeteredAuditLog.wrap(MeteredBackend.wrap(AuditLog.class, auditLog, store, metrics), metrics);
      cacheInProcess = cache == null || cache instanceof InMemoryCache;
      cache = MeteredBackend.wrap(Cache.class, cache != null ? cache : new InMemoryCache(clock),
          ProviderMetrics.Backend.CACHE, metrics);
    }
  }
}
