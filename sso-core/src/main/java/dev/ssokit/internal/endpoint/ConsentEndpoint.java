package dev.ssokit.internal.endpoint;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.SsoSettings;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.interaction.Interaction;
import dev.ssokit.internal.page.PageRenderer;
import dev.ssokit.internal.interaction.AuthorizationFlow;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientStore;
import dev.ssokit.spi.UserDirectory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /interaction/consent}: the built-in consent page (GET) and the user's decision (POST). */
public final class ConsentEndpoint implements Endpoint {
  /** Plain-language descriptions of the standard scopes (OIDC Core §5.4). */
  static final Map<String, String> SCOPE_DESCRIPTIONS = Map.of(
      "openid", "Sign you in with your account",
      "profile", "See your name and profile details",
      "email", "See your e-mail address",
      "address", "See your postal address",
      "phone", "See your phone number",
      "offline_access", "Stay signed in and access your data while you are away");

  private final InteractionPages common;
  private final ClientStore clients;
  private final UserDirectory users;
  private final SsoSettings settings;

  public ConsentEndpoint(AuthorizationFlow flow, PageRenderer pages, ClientStore clients, UserDirectory users,
                         SsoSettings settings) {
    this.common = new InteractionPages(flow, pages, settings.maxParameterLength());
    this.clients = clients;
    this.users = users;
    this.settings = settings;
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
    if (interaction.loginRequired()) {
      return common.flow().resume(interaction, request);
    }
    if (!post) {
      return page(interaction);
    }
    String decision = lookup.params().get("decision");
    if (!"allow".equals(decision) && !"deny".equals(decision)) {
      return common.pages().error(400, "Invalid request", "Choose Allow or Deny.");
    }
    Set<String> granted = "allow".equals(decision) ? interaction.request().scopes() : Set.of();
    return common.flow().resume(common.flow().recordConsent(interaction, granted), request);
  }

  private HTTPResponse page(Interaction interaction) {
    Map<String, Object> model = new HashMap<>();
    model.put("action", settings.issuer() + "/interaction/consent");
    model.put("interaction", interaction.id());
    model.put("csrfToken", interaction.csrfToken());
    model.put("clientName", clients.find(interaction.request().clientId()).map(Client::clientName)
        .orElse(interaction.request().clientId()));
    model.put("username", users.find(interaction.subject())
        .map(u -> String.valueOf(u.claims().getOrDefault("preferred_username", u.subject()))).orElse(""));
    List<Map<String, String>> scopes = new ArrayList<>();
    for (String scope : interaction.request().scopes()) {
      scopes.add(Map.of("name", scope, "description", SCOPE_DESCRIPTIONS.getOrDefault(scope, "Use " + scope)));
    }
    model.put("scopes", scopes);
    // CSP3 form-action also governs the redirect that follows the form: to the client's redirect_uri.
    return common.pages().render(200, "consent", model, PageRenderer.cspSource(interaction.request().redirectUri()));
  }
}
