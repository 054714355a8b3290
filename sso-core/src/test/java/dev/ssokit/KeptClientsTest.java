package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.contract.MutableClock;
import dev.ssokit.internal.client.CachedClientStore;
import dev.ssokit.memory.InMemoryCache;
import dev.ssokit.memory.InMemoryClientStore;
import dev.ssokit.spi.Cache;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances whose client store and cache are both shared and remote (as PostgreSQL and Redis): the token
 * endpoint takes an authenticated client from the instance's own table instead of the store, and every change
 * made through either instance takes effect at once on both.
 */
class KeptClientsTest {
  private static final String ISSUER = "http://localhost:9000";
  private final MutableClock clock = MutableClock.atNow();
  private final RemoteCache cache = new RemoteCache(new InMemoryCache(clock));
  private final CountingClientStore store = new CountingClientStore();
  private SsoProvider first;
  private SsoProvider second;
  private String secret;

  @BeforeEach
  void setUp() {
    first = instance();
    second = instance();
    secret = first.clients().register(new ClientRegistration("svc", null, List.of(), null,
        Set.of("client_credentials"), Set.of("api"), "client_secret_basic", null, null)).clientSecret();
  }

  private SsoProvider instance() {
    return SsoProvider.builder(SsoSettings.builder(ISSUER).signingAlgorithm("ES256").build()).clock(clock)
        .clientStore(store).cache(cache).build();
  }

  private static int token(SsoProvider provider, String clientId, String secret) throws Exception {
    HTTPRequest req = new HTTPRequest(HTTPRequest.Method.POST, URI.create(ISSUER + "/token").toURL());
    req.setClientIPAddress("192.0.2.7");
    req.setHeader("Content-Type", "application/x-www-form-urlencoded");
    req.setHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(
        (clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)));
    req.setBody("grant_type=client_credentials&scope=api");
    HTTPResponse res = provider.handle(req);
    return res.getStatusCode();
  }

  /** Asks for a token at {@code provider} until svc is kept there: a further request reads no store. */
  private void keptAt(SsoProvider provider) throws Exception {
    for (int i = 0; i < 3; i++) {
      int reads = store.finds.get();
      assertThat(token(provider, "svc", secret)).isEqualTo(200);
      if (store.finds.get() == reads) {
        return;
      }
    }
    throw new AssertionError("svc is read from the store on every request");
  }

  @Test
  void whenAClientAsksAgainThenItsClientComesFromTheInstanceNotTheStore() throws Exception {
    assertThat(token(first, "svc", secret)).isEqualTo(200);
    int reads = store.finds.get();

    assertThat(token(first, "svc", secret)).isEqualTo(200);
    assertThat(token(first, "svc", secret)).isEqualTo(200);

    assertThat(store.finds).hasValue(reads);
  }

  @Test
  void whenTheSecretIsRegeneratedAtOneInstanceThenTheOtherRefusesTheOldOneAtOnce() throws Exception {
    keptAt(first);
    keptAt(second);

    String newSecret = second.clients().regenerateSecret("svc");

    assertThat(token(first, "svc", secret)).isEqualTo(401);
    assertThat(token(first, "svc", newSecret)).isEqualTo(200);
    assertThat(token(second, "svc", secret)).isEqualTo(401);
  }

  @Test
  void whenTheClientIsDeletedAtOneInstanceThenTheOtherRefusesItAtOnce() throws Exception {
    keptAt(first);

    assertThat(second.clients().delete("svc")).isTrue();

    assertThat(token(first, "svc", secret)).isEqualTo(401);
  }

  @Test
  void whenTheStoreIsChangedBehindTheProvidersBackThenTheChangeIsSeenWithinTheMaximumAge() throws Exception {
    keptAt(first);
    Client kept = store.find("svc").orElseThrow();

    store.delegate.update(new Client(kept.clientId(), kept.secretHash(), kept.clientName(), kept.redirectUris(),
        kept.postLogoutRedirectUris(), Set.of("authorization_code"), kept.scopes(), kept.tokenEndpointAuthMethod(),
        kept.applicationType(), kept.accessTokenFormat(), kept.createdAt(), kept.options()));
    assertThat(token(first, "svc", secret)).isEqualTo(200); // kept: the store's change was not signalled

    clock.advance(Duration.ofSeconds(30));

    assertThat(token(first, "svc", secret)).isEqualTo(400); // unauthorized_client: read again from the store
  }

  @Test
  void whenTheCacheLosesTheGenerationThenClientsAreReadFromTheStoreUntilANewOneIsWritten() throws Exception {
    keptAt(first);
    String generation = cache.get(CachedClientStore.GENERATION_KEY).orElseThrow();

    cache.delete(CachedClientStore.GENERATION_KEY); // e.g. Redis restarted
    int reads = store.finds.get();
    assertThat(token(first, "svc", secret)).isEqualTo(200);

    assertThat(store.finds.get()).isGreaterThan(reads);
    assertThat(cache.get(CachedClientStore.GENERATION_KEY)).isPresent()
        .get().isNotEqualTo(generation);
  }

  @Test
  void whenUnknownClientIdsArePresentedThenEachReadsTheStore() throws Exception {
    assertThat(token(first, "svc", secret)).isEqualTo(200);
    int reads = store.finds.get();

    assertThat(token(first, "nobody", "x".repeat(43))).isEqualTo(401);
    assertThat(token(first, "nobody", "x".repeat(43))).isEqualTo(401);

    assertThat(store.finds.get()).isGreaterThanOrEqualTo(reads + 2);
  }

  /** An in-memory store that is not {@link InMemoryClientStore} to the provider, counting its reads. */
  private static final class CountingClientStore implements ClientStore {
    final InMemoryClientStore delegate = new InMemoryClientStore();
    final AtomicInteger finds = new AtomicInteger();

    @Override public Optional<Client> find(String clientId) {
      finds.incrementAndGet();
      return delegate.find(clientId);
    }
    @Override public boolean create(Client client) {
      return delegate.create(client);
    }
    @Override public boolean update(Client client) {
      return delegate.update(client);
    }
    @Override public boolean delete(String clientId) {
      return delegate.delete(clientId);
    }
    @Override public List<Client> list(int offset, int limit) {
      return delegate.list(offset, limit);
    }
    @Override public List<Client> list(String owner, String nameContains, String afterClientId, int limit) {
      return delegate.list(owner, nameContains, afterClientId, limit);
    }
  }

  /** An in-memory cache the provider treats as remote (as Redis): what it reads goes with the limits' counters. */
  private static final class RemoteCache implements Cache {
    private final Cache delegate;

    RemoteCache(Cache delegate) {
      this.delegate = delegate;
    }

    @Override public void put(String key, String value, Instant expiresAt) {
      delegate.put(key, value, expiresAt);
    }
    @Override public Optional<String> get(String key) {
      return delegate.get(key);
    }
    @Override public List<Optional<String>> getAll(List<String> keys) {
      return delegate.getAll(keys);
    }
    @Override public CountsAndValues incrementAndGetAll(List<Counter> counters, List<String> keys) {
      return delegate.incrementAndGetAll(counters, keys);
    }
    @Override public Optional<String> take(String key) {
      return delegate.take(key);
    }
    @Override public boolean putIfAbsent(String key, String value, Instant expiresAt) {
      return delegate.putIfAbsent(key, value, expiresAt);
    }
    @Override public long increment(String key, Duration window) {
      return delegate.increment(key, window);
    }
    @Override public boolean delete(String key) {
      return delegate.delete(key);
    }
  }
}
