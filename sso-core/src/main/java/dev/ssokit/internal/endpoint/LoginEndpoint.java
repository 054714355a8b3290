package dev.ssokit.internal.endpoint;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.SsoSettings;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.interaction.AuthorizationFlow;
import dev.ssokit.internal.interaction.Interaction;
import dev.ssokit.internal.limit.LimitExceeded;
import dev.ssokit.internal.limit.LoginThrottle;
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
import java.util.Map;
import java.util.Optional;

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
                       UserDirectory users, Cache cache, AuditLog audit, SsoSettings settings, Clock clock,
                       SecondFactor mfa) {
    this.common = new InteractionPages(flow, pages, settings.maxParameterLength());
    this.clients = clients;
    this.passwords = new PasswordAuthentication(users, new LoginThrottle(settings, cache, clock), audit, clock,
        PasswordAuthentication.verifiedEmailRequired(settings, users));
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
    if (!post) {
      return form(interaction, 200, interaction.request().loginHint(), null);
    }
    if (mfa != null && lookup.params().get("code") != null) {
      return secondFactor(interaction, lookup.params().get("code"), request);
    }
    String username = Optional.ofNullable(lookup.params().get("username")).orElse("").trim();
    String password = lookup.params().get("password");
    if (username.isEmpty() || password == null) {
      return form(interaction, 400, username, "Enter your username and password.");
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
      HTTPResponse r = form(interaction, 429, username, "Too many failed attempts. Try again in "
          + e.retryAfterSeconds() + " seconds.");
      r.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
      return r;
    } catch (PasswordAuthentication.EmailNotVerified e) {
      return form(interaction, 403, username, "Confirm your e-mail address first: follow the link we mailed you.");
    }
    if (account.isEmpty()) {
      return form(interaction, 401, username, "Wrong username or password.");
    }
    if (mfa != null && mfa.enabled(account.get().subject())) {
      // the password is right: the same interaction now waits for the second factor of this subject only
      cache.put(pendingKey(interaction), account.get().subject(), clock.instant().plus(settings.interactionLifetime()));
      return challenge(interaction, 200, null);
    }
    Instant now = clock.instant();
    Interaction loggedIn = interaction.loggedIn(account.get().subject(), now, AuthorizationFlow.AMR_PASSWORD);
    common.flow().interactions().save(loggedIn);
    return common.flow().resume(loggedIn, request);
  }

  /** The code step of a login whose password was right ({@code mfa_challenge} page). */
  private HTTPResponse secondFactor(Interaction interaction, String code, HTTPRequest request) {
    Optional<String> subject = cache.get(pendingKey(interaction));
    if (subject.isEmpty()) {
      return form(interaction, 400, "", "Sign in with your password first.");
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
        HTTPResponse r = challenge(interaction, 429, "Too many wrong codes. Try again in "
            + SecondFactor.FAILURE_WINDOW.toMinutes() + " minutes.");
        r.setHeader("Retry-After", Long.toString(SecondFactor.FAILURE_WINDOW.toSeconds()));
        return r;
      }
      default -> {
        audit.append(new AuditEvent(clock.instant(), "login.mfa_failure", subject.get(),
            interaction.request().clientId(), ip, Map.of()));
        return challenge(interaction, 401, "Wrong or already used code. Enter the current code of your app or a"
            + " recovery code.");
      }
    }
  }

  private static String pendingKey(Interaction interaction) {
    return "mfa-pending:" + OpaqueToken.hash(interaction.id());
  }

  private HTTPResponse challenge(Interaction interaction, int status, String error) {
    Map<String, Object> model = new HashMap<>();
    model.put("action", settings.issuer() + "/interaction/login");
    model.put("interaction", interaction.id());
    model.put("csrfToken", interaction.csrfToken());
    if (error != null) {
      model.put("error", error);
    }
    return common.pages().render(status, "mfa_challenge", model,
        dev.ssokit.internal.page.PageRenderer.cspSource(interaction.request().redirectUri()));
  }

  private HTTPResponse form(Interaction interaction, int status, String username, String error) {
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
    if (builtInAccounts) {
      model.put("forgotPasswordUrl", AccountPages.url(settings, "forgot-password").toString());
      if (settings.registration() != SsoSettings.Registration.CLOSED) {
        model.put("registerUrl", AccountPages.url(settings, "register").toString());
      }
    }
    // CSP3 form-action also governs the redirects that follow a form submission (browsers block them),
    // and a successful login may redirect straight to the client's redirect_uri.
    return common.pages().render(status, "login", model,
        dev.ssokit.internal.page.PageRenderer.cspSource(interaction.request().redirectUri()));
  }

}
