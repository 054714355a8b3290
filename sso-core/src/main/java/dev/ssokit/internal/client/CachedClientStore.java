package dev.ssokit.internal.client;

import dev.ssokit.internal.http.CacheReads;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.Cache;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client store of a deployment whose store and cache are both remote (PostgreSQL and Redis), with the
 * clients found at the rate-limited endpoints (token, introspection, revocation, ...) kept in this instance: those
 * endpoints would otherwise read the client's row on every request.
 *
 * <p>Changes take effect at once on every instance: each change through the provider (facade, admin API,
 * dynamic registration) writes a new random value under {@link #GENERATION_KEY} in the shared cache, and a
 * kept client counts only for requests that read the value it was kept under. The value is read in the
 * abuse limits' cache round trip (no extra round trip) and handed to {@link #find} for the request's thread
 * ({@link #beginRequest}); a request that did not read it (another endpoint, or the cache unreachable) reads
 * the store. A value once used is never written again, so a cache that lost the key (restart) cannot bring back
 * an old generation: no client is kept until a new value is written. A row changed behind the provider's back
 * (SQL by hand, another program) is read again at the latest {@link #MAX_AGE} after it was kept.
 *
 * <p>Only clients found are kept (an unknown id reads the store every time, so made-up ids cannot fill the
 * table), at most {@link #MAX_ENTRIES}; when full, the table starts again.
 */
public final class CachedClientStore implements ClientStore {
  /** The shared cache's key of the clients' generation: a random value, new on every change. */
  public static final String GENERATION_KEY = "clients:generation";
  /** Longest a client read from the store is used without reading it again. */
  static final Duration MAX_AGE = Duration.ofSeconds(30);
  /** Most clients kept. */
  static final int MAX_ENTRIES = 4_096;
  /** How long a generation value stays in the cache (written again by any change). */
  private static final Duration GENERATION_LIFETIME = Duration.ofDays(30);

  private record Entry(Client client, String generation, Instant readAt) {}

  private final ClientStore store;
  private final Cache cache;
  private final Clock clock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  /** The generation the request on this thread read (one per provider: a JVM may run several). */
  private final ThreadLocal<String> current = new ThreadLocal<>();

  public CachedClientStore(ClientStore store, Cache cache, Clock clock) {
    this.store = store;
    this.cache = cache;
    this.clock = clock;
  }

  /**
   * Starts a request on this thread with the clients' generation it read ahead (nothing when {@code readAhead}
   * lacks {@link #GENERATION_KEY}: the cache was unreachable, and the store is read). A request that found the key
   * missing writes a new value, so later requests can use the table. End with {@link #endRequest}.
   */
  public void beginRequest(CacheReads readAhead) {
    if (!readAhead.wasRead(GENERATION_KEY)) {
      return;
    }
    Optional<String> read = readAhead.get(GENERATION_KEY, cache);
    if (read.isPresent()) {
      current.set(read.get());
    } else {
      cache.putIfAbsent(GENERATION_KEY, OpaqueToken.generate(), clock.instant().plus(GENERATION_LIFETIME));
    }
  }

  /** Ends the request {@link #beginRequest} started on this thread. */
  public void endRequest() {
    current.remove();
  }

  @Override
  public Optional<Client> find(String clientId) {
    String generation = current.get();
    if (generation == null) {
      return store.find(clientId);
    }
    Instant now = clock.instant();
    Entry e = entries.get(clientId);
    if (e != null && e.generation().equals(generation) && now.isBefore(e.readAt().plus(MAX_AGE))) {
      return Optional.of(e.client());
    }
    Optional<Client> found = store.find(clientId);
    if (found.isPresent()) {
      if (entries.size() >= MAX_ENTRIES) {
        entries.clear();
      }
      entries.put(clientId, new Entry(found.get(), generation, now));
    } else {
      entries.remove(clientId);
    }
    return found;
  }

  @Override
  public boolean create(Client client) {
    return changed(client.clientId(), store.create(client));
  }

  @Override
  public boolean update(Client client) {
    return changed(client.clientId(), store.update(client));
  }

  @Override
  public boolean delete(String clientId) {
    return changed(clientId, store.delete(clientId));
  }

  @Override
  public List<Client> list(int offset, int limit) {
    return store.list(offset, limit);
  }

  @Override
  public List<Client> list(String owner, String nameContains, String afterClientId, int limit) {
    return store.list(owner, nameContains, afterClientId, limit);
  }

  /** After a change of {@code clientId} in the store: every instance's kept clients stop counting. */
  private boolean changed(String clientId, boolean result) {
    entries.remove(clientId);
    cache.put(GENERATION_KEY, OpaqueToken.generate(), clock.instant().plus(GENERATION_LIFETIME));
    return result;
  }

  /** Clients kept now (for tests of the bound). */
  int size() {
    return entries.size();
  }
}
