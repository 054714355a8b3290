package dev.ssokit.internal.client;

import dev.ssokit.internal.token.RevocationList;
import dev.ssokit.spi.ClientRegistrationStore;
import dev.ssokit.spi.ClientStore;
import dev.ssokit.spi.ConsentStore;
import dev.ssokit.spi.RefreshTokenStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Deletes a client and ends what it was granted, the same way for the admin API
 * ({@code DELETE /api/applications/{id}}) and dynamic registration's RFC 7592 delete: its refresh
 * tokens and consents at once, its access tokens through the shared revocation list, its
 * registration access token, its statistics.
 */
public final class ClientRemoval {
  private final ClientStore clients;
  private final ConsentStore consents;
  private final RefreshTokenStore refreshTokens;
  private final RevocationList revocations;
  private final ClientRegistrationStore registrations;
  private final Consumer<String> forgetStats;
  private final Duration accessTokenLifetime;
  private final Clock clock;

  /** What ended with a deleted client. */
  public record Removed(int refreshTokensRevoked, int consentsRevoked) {}

  public ClientRemoval(ClientStore clients, ConsentStore consents, RefreshTokenStore refreshTokens,
      RevocationList revocations, ClientRegistrationStore registrations, Consumer<String> forgetStats,
      Duration accessTokenLifetime, Clock clock) {
    this.clients = clients;
    this.consents = consents;
    this.refreshTokens = refreshTokens;
    this.revocations = revocations;
    this.registrations = registrations;
    this.forgetStats = forgetStats;
    this.accessTokenLifetime = accessTokenLifetime;
    this.clock = clock;
  }

  /** Deletes {@code clientId}; empty when there was no such client. */
  public Optional<Removed> remove(String clientId) {
    if (!clients.delete(clientId)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    revocations.revokeClient(clientId, now, now.plus(accessTokenLifetime));
    int tokens = refreshTokens.revokeClient(clientId);
    int consentCount = consents.revokeClient(clientId);
    // RFC 7592 §2.3: the registration access token ends with the client (a later client of that id gets none)
    registrations.deleteRegistration(clientId);
    forgetStats.accept(clientId);
    return Optional.of(new Removed(tokens, consentCount));
  }
}
