package dev.ssokit.internal.endpoint;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.SsoSettings;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.interaction.AuthorizationFlow;
import dev.ssokit.internal.interaction.Interaction;
import dev.ssokit.internal.limit.LimitExceeded;
import dev.ssokit.internal.user.PasswordAuthentication;
import dev.ssokit.internal.user.StoredUserDirectory;
import dev.ssokit.internal.account.AccountPages;
import dev.ssokit.internal.account.SignIn;
import dev.ssokit.internal.mfa.SecondFactor;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.Cache;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientStore;
import dev.ssokit.spi.UserAccount;
import dev.ssokit.spi.UserDirectory;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /interaction/login}: the built-in login page (GET) and its form (POST), CSRF-protected,
 * throttled per (account, client address) with exponential back-off and never locking an account
 * ({@link LoginThrottle}).
 */
public final class LoginEndpoint implements Endpoint {
  private final InteractionPages common;
  private final ClientStore clients;
  private final PasswordAuthentication passwords;
  private final SsoSettings settings;
  private final Clock clock;
  private final SecondFactor mfa;
  private final AuditLog audit;
  private final Cache cache;
  private final boolean builtInAccounts;

  public LoginEndpoint(AuthorizationFlow flow, dev.ssokit.internal.page.PageRenderer pages, ClientStore clients,
                       UserDirectory users, PasswordAuthentication passwords, Cache cache, AuditLog audit,
                       SsoSettings settings, Clock clock, SecondFactor mfa) {
    this.common = new InteractionPages(flow, pages, settings.maxParameterLength());
    this.clients = clients;
    this.passwords = passwords;
    this.settings = settings;
    this.clock = clock;
    this.mfa = mfa;
    this.audit = audit;
    this.cache = cache;
    this.builtInAccounts = users instanceof StoredUserDirectory;
  }

  @Override
  public boolean browserFacing() {
    return true;
  }

  @Override
  public HTTPResponse handle(HTTPRequest request) {
    boolean post = HTTPRequest.Method.POST.equals(request.getMethod());
    InteractionPages.Lookup lookup = common.lookup(request, true);
    if (lookup.failure() != null) {
      return lookup.failure();
    }
    Interaction interaction = lookup.interaction();
    if (!interaction.loginRequired()) {
      return common.flow().resume(interaction, request);
    }
    Locale locale = common.locale(request, interaction);
    if (interaction.stepUp() && (!post || lookup.params().get("code") == null)) {
      return stepUp(interaction, locale, request);
    }
    if (!post) {
      return form(interaction, locale, 200, interaction.request().loginHint(), null, Set.of());
    }
    if (mfa != null && lookup.params().get("code") != null) {
      return secondFactor(interaction, locale, lookup.params().get("code"), request);
    }
    String username = Optional.ofNullable(lookup.params().get("username")).orElse("").trim();
    String password = lookup.params().get("password");
    if (username.isEmpty() || password == null || password.isEmpty()) {
      // WCAG 2.2 SC 3.3.1: the message names what is missing, and that field is marked and focused
      return username.isEmpty()
          ? form(interaction, locale, 400, username, text(locale, "login.error.missing_username"), Set.of(Field.USERNAME))
          : form(interaction, locale, 400, username, text(locale, "login.error.missing_password"), Set.of(Field.PASSWORD));
    }
    String ip = request.getClientIPAddress();
    Optional<UserAccount> account;
    try {
      account = passwords.authenticate(interaction.request().clientId(), username, password, ip);
    } catch (LimitExceeded e) {
      if (e.status() != LimitExceeded.TOO_MANY_REQUESTS) {
        throw e; // the hashing capacity is full (503): the provider answers its error page
      }
      // RFC 6585 §4: 429 with Retry-After; the form stays, so the user can try again after the wait.
      HTTPResponse r = form(interaction, locale, 429, username, throttledMessage(locale, e.retryAfterSeconds()),
          Set.of());
      r.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
      return r;
    } catch (PasswordAuthentication.EmailNotVerified e) {
      return form(interaction, locale, 403, username, text(locale, "login.error.unverified"), Set.of());
    }
    if (account.isEmpty()) {
      return form(interaction, locale, 401, username, text(locale, "login.error.invalid"),
          Set.of(Field.USERNAME, Field.PASSWORD));
    }
    if (mfa != null && mfa.enabled(account.get().subject())) {
      // the password is right: the same interaction now waits for the second factor of this subject only
      cache.put(pendingKey(interaction), account.get().subject(), clock.instant().plus(settings.interactionLifetime()));
      return challenge(interaction, locale, 200, null);
    }
    if (common.flow().secondFactorRequired(interaction.request())) {
      audit.append(new AuditEvent(clock.instant(), "login.mfa_unavailable", account.get().subject(),
          interaction.request().clientId(), ip, Map.of()));
      return common.flow().unmetSecondFactor(interaction, request);
    }
    Instant now = clock.instant();
    Interaction loggedIn = interaction.loggedIn(account.get().subject(), now, AuthorizationFlow.AMR_PASSWORD);
    common.flow().interactions().save(loggedIn);
    return common.flow().resume(loggedIn, request);
  }

  /**
   * Step-up (OIDC Core §3.1.2.1 {@code acr_values}): the signed-in user's session had the password only and the
   * request or client requires the second factor. The MFA challenge is shown for that user; an account without a
   * second factor (or a host's own users, whose second factor SSO Kit does not know) cannot meet the requirement.
   */
  private HTTPResponse stepUp(Interaction interaction, Locale locale, HTTPRequest request) {
    String subject = interaction.subject();
    if (mfa == null || !mfa.enabled(subject)) {
      audit.append(new AuditEvent(clock.instant(), "login.mfa_unavailable", subject, interaction.request().clientId(),
          request.getClientIPAddress(), Map.of()));
      return common.flow().unmetSecondFactor(interaction, request);
    }
    cache.put(pendingKey(interaction), subject, clock.instant().plus(settings.interactionLifetime()));
    return challenge(interaction, locale, 200, null);
  }

  /** The login form's fields, in page order. */
  private enum Field { USERNAME, PASSWORD }

  private String text(Locale locale, String key) {
    return common.pages().messages().text(locale, key, Map.of());
  }

  /** The back-off message: says the account is not locked, and the wait in minutes from two minutes on. */
  private String throttledMessage(Locale locale, long seconds) {
    return seconds >= 120
        ? common.pages().messages().text(locale, "login.error.throttled_minutes", Map.of("minutes", (seconds + 59) / 60))
        : common.pages().messages().text(locale, "login.error.throttled_seconds", Map.of("seconds", seconds));
  }

  /** The code step of a login whose password was right ({@code mfa_challenge} page). */
  private HTTPResponse secondFactor(Interaction interaction, Locale locale, String code, HTTPRequest request) {
    Optional<String> subject = cache.get(pendingKey(interaction));
    if (subject.isEmpty()) {
      return form(interaction, locale, 400, "", text(locale, "mfa.error.password_first"), Set.of());
    }
    String ip = request.getClientIPAddress();
    switch (mfa.verify(subject.get(), code)) {
      case ACCEPTED -> {
        cache.delete(pendingKey(interaction));
        audit.append(new AuditEvent(clock.instant(), "login.mfa_success", subject.get(),
            interaction.request().clientId(), ip, Map.of()));
        Interaction loggedIn = interaction.loggedIn(subject.get(), clock.instant(), SignIn.AMR_PASSWORD_OTP);
        common.flow().interactions().save(loggedIn);
        return common.flow().resume(loggedIn, request);
      }
      case TOO_MANY_FAILURES -> {
        HTTPResponse r = challenge(interaction, locale, 429, common.pages().messages().text(locale,
            "mfa.error.throttled", Map.of("minutes", SecondFactor.FAILURE_WINDOW.toMinutes())));
        r.setHeader("Retry-After", Long.toString(SecondFactor.FAILURE_WINDOW.toSeconds()));
        return r;
      }
      default -> {
        audit.append(new AuditEvent(clock.instant(), "login.mfa_failure", subject.get(),
            interaction.request().clientId(), ip, Map.of()));
        return challenge(interaction, locale, 401, text(locale, "mfa.error.invalid"));
      }
    }
  }

  private static String pendingKey(Interaction interaction) {
    return "mfa-pending:" + OpaqueToken.hash(interaction.id());
  }

  private HTTPResponse challenge(Interaction interaction, Locale locale, int status, String error) {
    Map<String, Object> model = new HashMap<>();
    model.put("action", settings.issuer() + "/interaction/login");
    model.put("interaction", interaction.id());
    model.put("csrfToken", interaction.csrfToken());
    if (error != null) {
      model.put("error", error);
    }
    return common.pages().render(locale, status, "mfa_challenge", model,
        dev.ssokit.internal.page.PageRenderer.cspSource(interaction.request().redirectUri()));
  }

  /** The login page with the text {@code error} (or none) and the fields in error marked. */
  private HTTPResponse form(Interaction interaction, Locale locale, int status, String username, String error,
                            Set<Field> invalid) {
    String clientName = clients.find(interaction.request().clientId()).map(Client::clientName)
        .orElse(interaction.request().clientId());
    Map<String, Object> model = new HashMap<>();
    model.put("action", settings.issuer() + "/interaction/login");
    model.put("interaction", interaction.id());
    model.put("csrfToken", interaction.csrfToken());
    model.put("clientName", clientName);
    model.put("username", username == null ? "" : username);
    if (error != null) {
      model.put("error", error);
    }
    // WCAG 2.2 SC 3.3.1 / 2.4.3: the first field in error gets the focus, else the first one to fill in
    Field focus = invalid.contains(Field.USERNAME) || invalid.isEmpty() && (username == null || username.isEmpty())
        ? Field.USERNAME : Field.PASSWORD;
    model.put(focus == Field.USERNAME ? "focusUsername" : "focusPassword", true);
    model.put("usernameInvalid", invalid.contains(Field.USERNAME));
    model.put("passwordInvalid", invalid.contains(Field.PASSWORD));
    if (builtInAccounts) {
      model.put("forgotPasswordUrl", AccountPages.url(settings, "forgot-password", locale).toString());
      if (settings.registration() != SsoSettings.Registration.CLOSED) {
        model.put("registerUrl", AccountPages.url(settings, "register", locale).toString());
      }
    }
    // CSP3 form-action also governs the redirects that follow a form submission (browsers block them),
    // and a successful login may redirect straight to the client's redirect_uri.
    return common.pages().render(locale, status, "login", model,
        dev.ssokit.internal.page.PageRenderer.cspSource(interaction.request().redirectUri()));
  }

}
