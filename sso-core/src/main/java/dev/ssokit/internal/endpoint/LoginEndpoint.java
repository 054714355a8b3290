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

  public LoginEndpoint(AuthorizationFlow flow, dev.ssokit.internal.page.PageRenderer pages, ClientStore clients,
                       UserDirectory users, Cache cache, AuditLog audit, SsoSettings settings, Clock clock) {
    this.common = new InteractionPages(flow, pages, settings.maxParameterLength());
    this.clients = clients;
    this.passwords = new PasswordAuthentication(users, new LoginThrottle(settings, cache, clock), audit, clock,
        PasswordAuthentication.verifiedEmailRequired(settings, users));
    this.settings = settings;
    this.clock = clock;
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
    Instant now = clock.instant();
    Interaction loggedIn = interaction.loggedIn(account.get().subject(), now, AuthorizationFlow.AMR_PASSWORD);
    common.flow().interactions().save(loggedIn);
    return common.flow().resume(loggedIn, request);
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
    // CSP3 form-action also governs the redirects that follow a form submission (browsers block them),
    // and a successful login may redirect straight to the client's redirect_uri.
    return common.pages().render(status, "login", model,
        dev.ssokit.internal.page.PageRenderer.cspSource(interaction.request().redirectUri()));
  }

}
