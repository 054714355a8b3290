package dev.ssokit.internal.endpoint;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.SsoSettings;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.interaction.Interaction;
import dev.ssokit.internal.page.PageRenderer;
import dev.ssokit.internal.interaction.AuthorizationFlow;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientOptions;
import dev.ssokit.spi.ClientStore;
import dev.ssokit.spi.UserDirectory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code /interaction/consent}: the built-in consent page (GET) and the user's decision (POST). */
public final class ConsentEndpoint implements Endpoint {
  /** The standard scopes (OIDC Core §5.4) with a plain-language description {@code scope.<name>} in the bundles. */
  static final Set<String> DESCRIBED_SCOPES = Set.of("openid", "profile", "email", "address", "phone",
      "offline_access");

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
      return page(interaction, common.locale(request, interaction));
    }
    String decision = lookup.params().get("decision");
    if (!"allow".equals(decision) && !"deny".equals(decision)) {
      return common.pages().error(common.locale(request, interaction), 400, "invalid_request", "choose_decision");
    }
    Set<String> granted = "allow".equals(decision) ? interaction.request().scopes() : Set.of();
    return common.flow().resume(common.flow().recordConsent(interaction, granted), request);
  }

  private HTTPResponse page(Interaction interaction, Locale locale) {
    Map<String, Object> model = new HashMap<>();
    model.put("action", settings.issuer() + "/interaction/consent");
    model.put("interaction", interaction.id());
    model.put("csrfToken", interaction.csrfToken());
    Optional<Client> client = clients.find(interaction.request().clientId());
    model.put("clientName", client.map(Client::clientName).orElse(interaction.request().clientId()));
    client.ifPresent(c -> clientLinks(c.options(), model));
    model.put("username", users.find(interaction.subject())
        .map(u -> String.valueOf(u.claims().getOrDefault("preferred_username", u.subject()))).orElse(""));
    List<Map<String, String>> scopes = new ArrayList<>();
    for (String scope : interaction.request().scopes()) {
      String description = DESCRIBED_SCOPES.contains(scope)
          ? common.pages().messages().text(locale, "scope." + scope, Map.of())
          : common.pages().messages().text(locale, "scope.other", Map.of("scope", scope));
      scopes.add(Map.of("name", scope, "description", description));
    }
    model.put("scopes", scopes);
    // CSP3 form-action also governs the redirect that follows the form: to the client's redirect_uri.
    return common.pages().render(locale, 200, "consent", model, PageRenderer.cspSource(interaction.request().redirectUri()));
  }

  /** RFC 7591 §2: the client's home page, privacy policy and terms of service, linked (https only, never fetched). */
  private static void clientLinks(ClientOptions options, Map<String, Object> model) {
    Map<String, String> links = new HashMap<>();
    if (options.clientUri() != null) {
      links.put("clientUri", options.clientUri().toString());
    }
    if (options.policyUri() != null) {
      links.put("policyUri", options.policyUri().toString());
    }
    if (options.tosUri() != null) {
      links.put("tosUri", options.tosUri().toString());
    }
    if (!links.isEmpty()) {
      model.put("clientLinks", links);
    }
  }
}
