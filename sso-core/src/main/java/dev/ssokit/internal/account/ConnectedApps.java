package dev.ssokit.internal.account;

import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientStore;
import dev.ssokit.spi.Consent;
import dev.ssokit.spi.ConsentStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The clients an account has let in ("connected apps"): its live consents with the client's name,
 * the same list for {@code GET /auth/consents} and the account page. Disconnecting one is
 * {@link Accounts#revokeConsent}.
 */
public final class ConnectedApps {
  private final ConsentStore consents;
  private final ClientStore clients;
  private final Clock clock;

  /**
   * One connected client.
   *
   * @param expiresAt when the consent ends, or {@code null} for never
   */
  public record App(String clientId, String clientName, SortedSet<String> scopes, Instant grantedAt,
                    Instant expiresAt) {}

  ConnectedApps(ConsentStore consents, ClientStore clients, Clock clock) {
    this.consents = consents;
    this.clients = clients;
    this.clock = clock;
  }

  /** The account's consents that have not expired. */
  public List<App> of(String subject) {
    Instant now = clock.instant();
    List<App> apps = new ArrayList<>();
    for (Consent consent : consents.findBySubject(subject)) {
      if (consent.expiresAt() != null && !now.isBefore(consent.expiresAt())) {
        continue;
      }
      String name = clients.find(consent.clientId()).map(Client::clientName).orElse(consent.clientId());
      apps.add(new App(consent.clientId(), name, new TreeSet<>(consent.scopes()), consent.grantedAt(),
          consent.expiresAt()));
    }
    return apps;
  }
}
