package dev.ssokit.internal.client;

import dev.ssokit.internal.http.Cors;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientStore;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The origins of every registered client's redirect URIs: the only origins a CORS preflight to the
 * token or revocation endpoint is answered for. A preflight carries no client id, so the set is
 * read from the store, at most once per {@link #REFRESH_INTERVAL} (an unauthenticated OPTIONS
 * must not cost a scan of the client table).
 *
 * <p>IMPORTANT: the origins of a newly registered client pass preflights after at most
 * {@link #REFRESH_INTERVAL}, on every instance.
 */
public final class ClientOrigins {
  /** How long a read of the registered origins is used before the store is read again. */
  public static final Duration REFRESH_INTERVAL = Duration.ofMinutes(1);
  private static final int PAGE = 500;

  private final ClientStore clients;
  private final Clock clock;
  private volatile Snapshot snapshot;

  private record Snapshot(Set<String> origins, Instant readAt) {}

  public ClientOrigins(ClientStore clients, Clock clock) {
    this.clients = clients;
    this.clock = clock;
  }

  /** True when {@code origin} is the origin of a redirect URI some client registered. */
  public boolean contains(String origin) {
    Snapshot s = snapshot;
    Instant now = clock.instant();
    if (s == null || !now.isBefore(s.readAt().plus(REFRESH_INTERVAL))) {
      s = new Snapshot(read(), now);
      snapshot = s;
    }
    return s.origins().contains(origin);
  }

  private Set<String> read() {
    Set<String> origins = new HashSet<>();
    for (int offset = 0; ; offset += PAGE) {
      List<Client> page = clients.list(offset, PAGE);
      for (Client c : page) {
        for (URI redirect : c.redirectUris()) {
          String origin = Cors.originOf(redirect);
          if (origin != null) {
            origins.add(origin);
          }
        }
      }
      if (page.size() < PAGE) {
        return Set.copyOf(origins);
      }
    }
  }
}
