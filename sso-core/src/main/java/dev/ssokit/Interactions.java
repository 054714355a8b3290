package dev.ssokit;

import dev.ssokit.internal.interaction.AuthorizationFlow;
import dev.ssokit.internal.interaction.Interaction;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientStore;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Headless login and consent, for hosts that own their login UI (the node-oidc-provider / ORY
 * Hydra model). With {@code SsoSettings.interactionUrl} set, the provider sends the browser to
 * that URL with {@code ?interaction=<id>}; the host authenticates the user its own way, calls
 * {@link #login} / {@link #consent}, and redirects the browser to the returned URL.
 *
 * <p>IMPORTANT: the returned URL only works in the browser that started the interaction.
 */
public final class Interactions {
  private final AuthorizationFlow flow;
  private final ClientStore clients;
  private final Clock clock;

  /**
   * What the host needs to render its page.
   *
   * @param id            the interaction id
   * @param clientId      the client asking
   * @param clientName    the client's name, for the consent text
   * @param scopes        the scopes asked for
   * @param loginRequired true when the user must authenticate (no session, or {@code prompt=login})
   * @param subject       the user already authenticated, or {@code null}
   * @param prompt        the OIDC {@code prompt} values of the request
   * @param loginHint     the OIDC {@code login_hint}, or {@code null}
   */
  public record Details(String id, String clientId, String clientName, Set<String> scopes, boolean loginRequired,
                        String subject, Set<String> prompt, String loginHint) {}

  Interactions(AuthorizationFlow flow, ClientStore clients, Clock clock) {
    this.flow = flow;
    this.clients = clients;
    this.clock = clock;
  }

  /**
   * Looks up a pending interaction.
   *
   * @param interactionId the {@code interaction} parameter the host was sent
   * @return what to render, or empty when the interaction expired or was completed
   */
  public Optional<Details> find(String interactionId) {
    return flow.interactions().find(interactionId).map(i -> new Details(i.id(), i.request().clientId(),
        clients.find(i.request().clientId()).map(Client::clientName).orElse(i.request().clientId()),
        i.request().scopes(), i.loginRequired(), i.subject(), i.request().prompt(), i.request().loginHint()));
  }

  /**
   * Records that the host authenticated {@code subject}.
   *
   * @param interactionId the interaction
   * @param subject       the user, known to the provider's {@code UserDirectory}
   * @param amr           RFC 8176 {@code amr} values, or {@code null} for {@code pwd}
   * @return where to send the browser
   * @throws IllegalArgumentException when the interaction or the subject is unknown
   */
  public URI login(String interactionId, String subject, List<String> amr) {
    Interaction i = require(interactionId);
    if (subject == null || !flow.knowsUser(subject)) {
      // The session would be useless: ID tokens, UserInfo and SSO need the user in the UserDirectory.
      throw new IllegalArgumentException("subject is unknown to the provider's UserDirectory: " + subject);
    }
    Interaction done = i.loggedIn(subject, clock.instant(), amr == null ? AuthorizationFlow.AMR_PASSWORD : amr);
    flow.interactions().save(done);
    return flow.resumeUrl(done);
  }

  /**
   * Records the user's consent to {@code scopes} (remembered).
   *
   * @param interactionId the interaction
   * @param scopes        a non-empty subset of the scopes asked for
   * @return where to send the browser
   * @throws IllegalArgumentException when the interaction is unknown or {@code scopes} is not such a subset
   * @throws IllegalStateException when no user has been authenticated in the interaction yet
   */
  public URI consent(String interactionId, Set<String> scopes) {
    Interaction i = require(interactionId);
    if (i.subject() == null || i.loginRequired()) {
      throw new IllegalStateException("interaction " + interactionId + " has no authenticated user yet");
    }
    if (scopes.isEmpty() || !i.request().scopes().containsAll(scopes)) {
      throw new IllegalArgumentException("scopes must be a non-empty subset of " + i.request().scopes());
    }
    return flow.resumeUrl(flow.recordConsent(i, scopes));
  }

  /**
   * Records that the user refused; the browser is then sent to the client with {@code access_denied}.
   *
   * @param interactionId the interaction
   * @return where to send the browser
   * @throws IllegalArgumentException when the interaction is unknown
   */
  public URI deny(String interactionId) {
    Interaction i = require(interactionId);
    return flow.resumeUrl(flow.recordConsent(i, Set.of()));
  }

  private Interaction require(String id) {
    return flow.interactions().find(id)
        .orElseThrow(() -> new IllegalArgumentException("no such interaction (expired or completed): " + id));
  }
}
