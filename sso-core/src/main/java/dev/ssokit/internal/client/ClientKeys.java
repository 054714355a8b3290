package dev.ssokit.internal.client;

import com.nimbusds.jose.jwk.JWKSet;
import dev.ssokit.internal.http.SafeFetcher;
import dev.ssokit.spi.Client;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public keys of a client: its registered {@code jwks}, or its {@code jwks_uri} fetched through
 * the {@link SafeFetcher} and kept for {@link #CACHE_TTL}. A key the cached set lacks (the client
 * rotated) triggers a re-fetch, at most once per {@link #REFETCH_INTERVAL} per URL, so forged
 * {@code kid}s cannot make the provider hammer the client's server.
 *
 * <p>IMPORTANT: the cache is per instance (keys are public; each instance fetches on its own).
 */
public final class ClientKeys {
  /** How long a fetched JWK Set is used before it is fetched again. */
  public static final Duration CACHE_TTL = Duration.ofMinutes(5);
  /** Shortest time between two fetches of one {@code jwks_uri}. */
  public static final Duration REFETCH_INTERVAL = Duration.ofSeconds(30);
  /** URLs kept at most; beyond it the cache starts afresh (one entry per client at most). */
  static final int MAX_ENTRIES = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(ClientKeys.class);

  private final SafeFetcher fetcher;
  private final Clock clock;
  private final Map<URI, Fetched> fetched = new ConcurrentHashMap<>();

  private record Fetched(JWKSet keys, Instant at) {}

  public ClientKeys(SafeFetcher fetcher, Clock clock) {
    this.fetcher = fetcher;
    this.clock = clock;
  }

  /**
   * The client's keys; with {@code refresh}, a {@code jwks_uri} is fetched again unless it was
   * fetched within {@link #REFETCH_INTERVAL}. Empty when the client has none or they cannot be fetched.
   */
  public Optional<JWKSet> of(Client client, boolean refresh) {
    if (client.options().jwks() != null) {
      try {
        return Optional.of(JWKSet.parse(client.options().jwks()));
      } catch (ParseException e) {
        return Optional.empty();
      }
    }
    URI uri = client.options().jwksUri();
    if (uri == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Fetched f = fetched.get(uri);
    boolean stale = f == null || now.isAfter(f.at().plus(CACHE_TTL))
        || (refresh && now.isAfter(f.at().plus(REFETCH_INTERVAL)));
    if (!stale) {
      return Optional.of(f.keys());
    }
    try {
      JWKSet keys = JWKSet.parse(fetcher.get(uri).text());
      if (fetched.size() >= MAX_ENTRIES) {
        fetched.clear();
      }
      fetched.put(uri, new Fetched(keys, now));
      return Optional.of(keys);
    } catch (SafeFetcher.FetchException | ParseException e) {
      LOG.warn("jwks_uri of client {} not usable: {}", client.clientId(), e.getMessage());
      if (f != null) {
        // Remember the failure time too, so a broken URL is not fetched on every request.
        fetched.put(uri, new Fetched(f.keys(), now));
        return Optional.of(f.keys());
      }
      return Optional.empty();
    }
  }
}
