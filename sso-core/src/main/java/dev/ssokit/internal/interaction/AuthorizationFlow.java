package dev.ssokit.internal.interaction;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.OIDCError;
import dev.ssokit.SsoSettings;
import dev.ssokit.internal.authorization.AuthenticationContextClass;
import dev.ssokit.internal.http.Cookies;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.page.PageRenderer;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientOptions;
import dev.ssokit.spi.ClientStore;
import dev.ssokit.spi.Consent;
import dev.ssokit.spi.ConsentStore;
import dev.ssokit.spi.StoreException;
import dev.ssokit.spi.UserDirectory;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The authorization code flow after the request was validated: single sign-on from the browser
 * session, {@code prompt} and {@code max_age} (OIDC Core §3.1.2.1), login and consent through an
 * interaction, and the answer to the client (RFC 6749 §4.1.2, RFC 9207 {@code iss}, query or
 * form_post).
 */
public final class AuthorizationFlow {
  /** {@code amr} of a password login (RFC 8176). */
  public static final List<String> AMR_PASSWORD = List.of("pwd");

  private final SsoSettings settings;
  private final ConsentStore consents;
  private final ClientStore clients;
  private final UserDirectory users;
  private final SessionStore sessions;
  private final InteractionStore interactions;
  private final AuthorizationCodeStore codes;
  private final PageRenderer pages;
  private final Cookies cookies;
  private final Clock clock;
  private final Issuer issuer;
  private final String bindingCookie;
  private final ClientJoinedListener clientJoined;
  private final String sessionCookie;

  public AuthorizationFlow(SsoSettings settings, ConsentStore consents, ClientStore clients, UserDirectory users,
                           SessionStore sessions, InteractionStore interactions, AuthorizationCodeStore codes,
                           PageRenderer pages, Cookies cookies, Clock clock, ClientJoinedListener clientJoined) {
    this.settings = settings;
    this.consents = consents;
    this.clients = clients;
    this.users = users;
    this.sessions = sessions;
    this.interactions = interactions;
    this.codes = codes;
    this.pages = pages;
    this.cookies = cookies;
    this.clock = clock;
    this.issuer = new Issuer(settings.issuer());
    this.bindingCookie = cookies.name(settings.sessionCookieName() + "_interaction");
    this.sessionCookie = cookies.name(settings.sessionCookieName());
    this.clientJoined = clientJoined;
  }

  public SessionStore sessions() {
    return sessions;
  }

  public InteractionStore interactions() {
    return interactions;
  }

  /** Name of the browser session cookie, with its {@code __Host-} / {@code __Secure-} prefix on https. */
  public String sessionCookie() {
    return sessionCookie;
  }

  /** True when the user directory knows {@code subject}. */
  public boolean knowsUser(String subject) {
    return users.find(subject).isPresent();
  }

  /** The browser session the request carries, if live and its user still exists. */
  public Optional<BrowserSession> currentSession(HTTPRequest request) {
    return Cookies.read(request, sessionCookie)
        .flatMap(sessions::find)
        .filter(s -> users.find(s.subject()).isPresent());
  }

  /** Continues a validated authorization request. */
  public HTTPResponse start(AuthorizationContext ctx, HTTPRequest request) {
    Instant now = clock.instant();
    BrowserSession session = currentSession(request).orElse(null);
    // OIDC Core §3.1.2.1: re-authenticate when more than max_age seconds have elapsed since auth_time;
    // max_age=0 is equivalent to prompt=login (so it must not depend on the clock having moved on).
    // OIDC Core §3.1.2.1: an id_token_hint naming another user than the signed-in one needs a login
    // (with prompt=none: login_required).
    boolean loginNeeded = session == null || ctx.prompt().contains("login") || ctx.maxAge() == 0
        || (ctx.maxAge() > 0 && session.authTime().plusSeconds(ctx.maxAge()).isBefore(now))
        || (ctx.idTokenHintSubject() != null && !ctx.idTokenHintSubject().equals(session.subject()));
    // Step-up: the request or the client accepts only the multi-factor acr and the session's login had one factor;
    // the signed-in user is asked for the second factor only (the login page's MFA challenge).
    boolean stepUp = !loginNeeded && secondFactorRequired(ctx) && !AuthenticationContextClass.multiFactor(session.amr());
    if (ctx.prompt().contains("none")) {
      // OIDC Core §3.1.2.1: prompt=none must not show any page.
      if (loginNeeded) {
        return error(ctx, OIDCError.LOGIN_REQUIRED.setDescription("the user is not signed in"), request);
      }
      if (stepUp) {
        return error(ctx, OIDCError.INTERACTION_REQUIRED.setDescription(
            "the requested acr needs a second factor the session does not have"), request);
      }
      if (consentNeeded(ctx, session.subject(), null)) {
        return error(ctx, OIDCError.CONSENT_REQUIRED.setDescription("the user has not consented to these scopes"),
            request);
      }
      return issueCode(ctx, session, sessionCookieValue(request), request);
    }
    if (!loginNeeded && !stepUp && !consentNeeded(ctx, session.subject(), null)) {
      return issueCode(ctx, session, sessionCookieValue(request), request);
    }
    Optional<String> existingBinding = Cookies.read(request, bindingCookie).filter(v -> v.length() <= 64);
    String binding = existingBinding.orElseGet(OpaqueToken::generate);
    Interaction interaction = interactions.create(ctx, OpaqueToken.hash(binding),
        loginNeeded ? null : session.subject(), loginNeeded ? null : session.authTime(),
        loginNeeded ? List.of() : session.amr(), loginNeeded || stepUp);
    HTTPResponse r = Responses.redirect(interactionUrl(interaction));
    if (existingBinding.isEmpty()) {
      r.setHeader("Set-Cookie", cookies.set(bindingCookie, binding, settings.interactionLifetime()));
    }
    return r;
  }

  /** True when the browser of {@code request} is the one that started {@code interaction}. */
  public boolean sameBrowser(Interaction interaction, HTTPRequest request) {
    return Cookies.read(request, bindingCookie)
        .map(v -> OpaqueToken.equalsConstantTime(OpaqueToken.hash(v), interaction.bindingHash()))
        .orElse(false);
  }

  /** Where the user logs in or consents for {@code interaction}: built-in page or the host's own. */
  public URI interactionUrl(Interaction interaction) {
    String id = URLEncoder.encode(interaction.id(), StandardCharsets.UTF_8);
    if (settings.interactionUrl() != null) {
      String base = settings.interactionUrl().toString();
      return URI.create(base + (base.contains("?") ? "&" : "?") + "interaction=" + id);
    }
    String page = interaction.loginRequired() ? "login" : "consent";
    return URI.create(settings.issuer() + "/interaction/" + page + "?interaction=" + id);
  }

  /** Where the browser goes after a headless login or consent. */
  public URI resumeUrl(Interaction interaction) {
    return URI.create(settings.issuer() + "/interaction/resume?interaction="
        + URLEncoder.encode(interaction.id(), StandardCharsets.UTF_8));
  }

  /**
   * The next step of an interaction whose login (and perhaps consent) is recorded: starts the
   * browser session if the user just authenticated, asks for consent if needed, else answers the
   * client with a code.
   */
  public HTTPResponse resume(Interaction interaction, HTTPRequest request) {
    Set<String> granted = interaction.grantedScopes();
    if (granted != null && granted.isEmpty()) {
      return interactions.complete(interaction.id())
          ? error(interaction.request(), OAuth2Error.ACCESS_DENIED.setDescription("the user denied access"), request)
          : alreadyDone(interaction, request);
    }
    if (interaction.loginRequired() || interaction.subject() == null) {
      return Responses.redirect(interactionUrl(interaction));
    }
    if (secondFactorRequired(interaction.request()) && !AuthenticationContextClass.multiFactor(interaction.amr())) {
      // a login that reached only the password (a host's headless login, an account without a second factor)
      return unmetSecondFactor(interaction, request);
    }
    List<String> setCookies = new ArrayList<>();
    BrowserSession session = currentSession(request).orElse(null);
    String sessionCookieValue = sessionCookieValue(request);
    if (session == null || !session.subject().equals(interaction.subject())
        || session.authTime().isBefore(interaction.authTime()) || !session.amr().containsAll(interaction.amr())) {
      // A fresh session id at every login: no session fixation.
      if (sessionCookieValue != null) {
        sessions.delete(sessionCookieValue);
      }
      SessionStore.Created created = sessions.create(interaction.subject(), interaction.authTime(), interaction.amr());
      setCookies.add(cookies.setForBrowserSession(sessionCookie, created.cookieValue()));
      session = created.session();
      sessionCookieValue = created.cookieValue();
    }
    HTTPResponse r;
    if (consentNeeded(interaction.request(), interaction.subject(), granted)) {
      r = Responses.redirect(interactionUrl(interaction)); // login is done here, so: the consent page
    } else {
      r = interactions.complete(interaction.id()) ? issueCodeOrRestore(interaction, session, sessionCookieValue, request)
          : alreadyDone(interaction, request);
    }
    if (!setCookies.isEmpty()) {
      for (String c : setCookies) {
        Responses.addHeader(r, "Set-Cookie", c);
      }
    }
    return r;
  }

  /**
   * True when the login of {@code ctx} must use a second factor: the request's acceptable {@code acr} values
   * (or, for a request that carries none such as the device flow's, the client's {@code allowed_acr_values}) are
   * reached only by {@link AuthenticationContextClass#MULTI_FACTOR}.
   */
  public boolean secondFactorRequired(AuthorizationContext ctx) {
    if (AuthenticationContextClass.secondFactorRequired(ctx.acrValues())) {
      return true;
    }
    return ctx.acrValues().isEmpty() && clients.find(ctx.clientId())
        .map(c -> AuthenticationContextClass.secondFactorRequired(c.options().allowedAcrValues())).orElse(false);
  }

  /**
   * Ends {@code interaction} with OpenID Connect's {@code unmet_authentication_requirements} (OIDC Core
   * §3.1.2.6 as amended by OpenID Connect Core Unmet Authentication Requirements 1.0): the login could not reach
   * the multi-factor acr the request or client requires, because the account has no second factor.
   */
  public HTTPResponse unmetSecondFactor(Interaction interaction, HTTPRequest request) {
    if (!interactions.complete(interaction.id())) {
      return alreadyDone(interaction, request);
    }
    return error(interaction.request(), OIDCError.UNMET_AUTHENTICATION_REQUIREMENTS.setDescription(
        "a second factor is required and the account has none: enrol one on the account page first"), request);
  }

  /** Records the user's consent (remembered per user and client) on the interaction. */
  public Interaction recordConsent(Interaction interaction, Set<String> scopes) {
    if (!scopes.isEmpty()) {
      Instant now = clock.instant();
      Set<String> all = new HashSet<>(scopes);
      consents.find(interaction.subject(), interaction.request().clientId())
          .filter(c -> c.expiresAt() == null || now.isBefore(c.expiresAt()))
          .ifPresent(old -> all.addAll(old.scopes()));
      consents.save(new Consent(interaction.subject(), interaction.request().clientId(), all, now,
          now.plus(settings.consentLifetime())));
    }
    Interaction consented = interaction.consented(scopes);
    interactions.save(consented);
    return consented;
  }

  private boolean consentNeeded(AuthorizationContext ctx, String subject, Set<String> grantedNow) {
    if (grantedNow != null) {
      return !grantedNow.containsAll(ctx.scopes());
    }
    String policy = clients.find(ctx.clientId()).map(Client::options).map(ClientOptions::effectiveConsentPolicy)
        .orElse(ClientOptions.CONSENT_ONCE);
    // A first-party client the operator marked: the user is not asked, even for prompt=consent (a SHOULD in OIDC
    // Core §3.1.2.1), since the application and the provider belong to the same party.
    if (ClientOptions.CONSENT_SKIP.equals(policy)) {
      return false;
    }
    if (ctx.prompt().contains("consent") || ClientOptions.CONSENT_ALWAYS.equals(policy)) {
      return true;
    }
    return consents.find(subject, ctx.clientId()).map(c -> !c.covers(ctx.scopes(), clock.instant())).orElse(true);
  }

  private HTTPResponse alreadyDone(Interaction interaction, HTTPRequest request) {
    return pages.error(pages.locale(request, interaction.request().uiLocales()), 400, "already_completed",
        "already_completed");
  }

  /** Issues the code of a completed interaction; if storage fails, the interaction is put back for a retry. */
  private HTTPResponse issueCodeOrRestore(Interaction interaction, BrowserSession session,
                                          String sessionCookieValue, HTTPRequest request) {
    try {
      return issueCode(interaction.request(), session, sessionCookieValue, request);
    } catch (StoreException e) {
      interactions.save(interaction);
      throw e;
    }
  }

  /** The value of the request's (single) session cookie, or {@code null}. */
  private String sessionCookieValue(HTTPRequest request) {
    return Cookies.read(request, sessionCookie).orElse(null);
  }

  private HTTPResponse issueCode(AuthorizationContext ctx, BrowserSession session, String sessionCookieValue,
                                 HTTPRequest request) {
    // OIDC Back-Channel / Front-Channel Logout: the session remembers every client it issued to.
    // The listener (durable) first: if it fails, the session is unchanged and a retry records the client again.
    if (sessionCookieValue != null && !session.clients().contains(ctx.clientId())) {
      clientJoined.clientJoined(session, ctx.clientId());
      sessions.addClient(sessionCookieValue, session, ctx.clientId());
    }
    String grantId = OpaqueToken.generate().substring(0, 22);
    String code = codes.issue(new AuthorizationCodeStore.IssuedCode(ctx, session.subject(), session.sid(),
        session.authTime(), session.amr(), grantId, session.endsAt(), null));
    return deliver(new AuthorizationSuccessResponse(ctx.redirectUri(), new AuthorizationCode(code), null,
        state(ctx), issuer, ctx.responseMode()), pages.locale(request, ctx.uiLocales()));
  }

  /** An error answered to the client's (validated) redirect URI ({@code request}: the browser's, for a form_post page). */
  public HTTPResponse error(AuthorizationContext ctx, ErrorObject error, HTTPRequest request) {
    return deliver(new AuthorizationErrorResponse(ctx.redirectUri(), error, state(ctx), issuer, ctx.responseMode()),
        pages.locale(request, ctx.uiLocales()));
  }

  private static com.nimbusds.oauth2.sdk.id.State state(AuthorizationContext ctx) {
    return ctx.state() == null ? null : new com.nimbusds.oauth2.sdk.id.State(ctx.state());
  }

  private HTTPResponse deliver(AuthorizationResponse response, Locale locale) {
    if (ResponseMode.FORM_POST.equals(response.getResponseMode())) {
      List<Map<String, String>> fields = new ArrayList<>();
      for (Map.Entry<String, List<String>> e : response.toParameters().entrySet()) {
        Map<String, String> field = new LinkedHashMap<>();
        field.put("name", e.getKey());
        field.put("value", e.getValue().get(0));
        fields.add(field);
      }
      URI target = response.getRedirectionURI();
      return pages.render(locale, 200, "form_post", Map.of("action", target.toString(), "fields", fields),
          PageRenderer.cspSource(target));
    }
    return Responses.redirect(response.toURI());
  }
}
