package dev.ssokit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.common.contenttype.ContentType;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoProvider;
import dev.ssokit.SsoSettings;
import dev.ssokit.contract.MutableClock;
import dev.ssokit.memory.InMemoryClientStore;
import dev.ssokit.spi.Cache;
import dev.ssokit.testkit.TestServices;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * Round trips to Redis, counted on the client's socket (a read that follows a write is one): the
 * counters and reads of a rate-limited request cost one, however many there are, and introspection's
 * revocation markers come with them.
 */
class RedisRoundTripsIT {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  // inside a minute, so the fixed one-minute window does not end during the test
  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:05Z"));
  private final String prefix = TestRedis.freshPrefix();
  private final AtomicInteger roundTrips = new AtomicInteger();
  private JedisPooled jedis;
  private RedisCache cache;

  @BeforeEach
  void connect() {
    jedis = countingPool();
    cache = RedisCache.create(jedis, prefix, clock);
    cache.get("warm-up"); // the connection's own set-up is not counted
    roundTrips.set(0);
  }

  @AfterEach
  void cleanUp() {
    TestRedis.deleteKeys(jedis, prefix);
    jedis.close();
  }

  @Test
  void whenCountersAndReadsAreAskedTogetherThenOneRoundTrip() {
    cache.put("limit:block:a", "v", clock.instant().plusSeconds(60));
    roundTrips.set(0);
    List<Cache.Counter> counters = List.of(new Cache.Counter("ip", MINUTE), new Cache.Counter("client", MINUTE),
        new Cache.Counter("ip", Duration.ofHours(1)));

    Cache.CountsAndValues answer = cache.incrementAndGetAll(counters, List.of("limit:block:a", "limit:block:b"));

    assertThat(roundTrips).hasValue(1);
    assertThat(answer.counts()).containsExactly(1L, 1L, 1L);
    assertThat(answer.values()).containsExactly(Optional.of("v"), Optional.empty());
  }

  @Test
  void whenTheSameWorkGoesThroughSingleCallsThenOneRoundTripEach() {
    // the SPI's default: what a rate-limited request cost before the batch
    Cache singleCalls = new SingleCalls(cache);

    singleCalls.incrementAndGetAll(List.of(new Cache.Counter("ip", MINUTE), new Cache.Counter("client", MINUTE)),
        List.of("limit:block:a"));

    assertThat(roundTrips).hasValue(3);
  }

  @Test
  void whenATokenRequestPassesTheAbuseLimitsThenRedisIsAskedOnce() throws Exception {
    SsoProvider provider = SsoProvider.builder(SsoSettings.builder("http://localhost:8080").build())
        .clock(clock).cache(cache).build();
    String secret = provider.clients().register(new ClientRegistration("svc", null, List.of(), null,
        Set.of("client_credentials"), Set.of("api"), "client_secret_basic", null, null)).clientSecret();
    roundTrips.set(0);

    HTTPRequest req = new HTTPRequest(HTTPRequest.Method.POST, URI.create("http://localhost:8080/token").toURL());
    req.setClientIPAddress("192.0.2.1");
    req.setEntityContentType(ContentType.APPLICATION_URLENCODED);
    req.setAuthorization("Basic " + Base64.getEncoder().encodeToString(("svc:" + secret).getBytes()));
    req.setBody("grant_type=client_credentials&scope=api");

    assertThat(provider.handle(req).getStatusCode()).isEqualTo(200);
    // per address, per client id and the address's failure block: one round trip (a JWT needs no other)
    assertThat(roundTrips).hasValue(1);
  }

  @Test
  void whenAJwtAccessTokenIsIntrospectedThenRedisIsAskedOnce() throws Exception {
    SsoProvider provider = SsoProvider.builder(SsoSettings.builder("http://localhost:8080").build())
        .clock(clock).cache(cache).build();
    String basic = "Basic " + Base64.getEncoder().encodeToString(("svc:" + provider.clients().register(
        new ClientRegistration("svc", null, List.of(), null, Set.of("client_credentials"), Set.of("api"),
            "client_secret_basic", null, null)).clientSecret()).getBytes());
    HTTPRequest tokenRequest = post("/token", basic, "grant_type=client_credentials&scope=api");
    String token = (String) com.nimbusds.jose.util.JSONObjectUtils.parse(provider.handle(tokenRequest).getBody())
        .get("access_token");
    roundTrips.set(0);

    HTTPResponse answer = provider.handle(post("/introspect", basic, "token=" + token));

    assertThat(answer.getBody()).contains("\"active\":true");
    // the limits' counters and the token's revocation markers (its jti, client, subject): one round trip
    assertThat(roundTrips).hasValue(1);

    provider.handle(post("/revoke", basic, "token=" + token));
    assertThat(provider.handle(post("/introspect", basic, "token=" + token)).getBody())
        .isEqualTo("{\"active\":false}");
  }

  @Test
  void whenAnOpaqueAccessTokenIsIntrospectedAgainThenRedisIsAskedOnce() throws Exception {
    // two instances sharing their stores and the cache
    InMemoryClientStore clients = new InMemoryClientStore();
    SsoProvider provider = SsoProvider.builder(SsoSettings.builder("http://localhost:8080").build())
        .clock(clock).cache(cache).clientStore(clients).build();
    SsoProvider other = SsoProvider.builder(SsoSettings.builder("http://localhost:8080").build())
        .clock(clock).cache(cache).clientStore(clients).build();
    String basic = "Basic " + Base64.getEncoder().encodeToString(("ref:" + provider.clients().register(
        new ClientRegistration("ref", null, List.of(), null, Set.of("client_credentials"), Set.of("api"),
            "client_secret_basic", "web", "opaque")).clientSecret()).getBytes());
    String token = (String) com.nimbusds.jose.util.JSONObjectUtils.parse(provider.handle(
        post("/token", basic, "grant_type=client_credentials&scope=api")).getBody()).get("access_token");
    roundTrips.set(0);

    assertThat(provider.handle(post("/introspect", basic, "token=" + token)).getBody()).contains("\"active\":true");
    // first time on this instance: the limits' counters with the token's entry, then the entry's revocation markers
    assertThat(roundTrips).hasValue(2);
    roundTrips.set(0);

    assertThat(provider.handle(post("/introspect", basic, "token=" + token)).getBody()).contains("\"active\":true");
    // seen before: its revocation markers come with the counters
    assertThat(roundTrips).hasValue(1);

    // revoked at the other instance: the entry goes and a marker is written, which this instance reads
    assertThat(other.handle(post("/revoke", basic, "token=" + token)).getStatusCode()).isEqualTo(200);
    assertThat(provider.handle(post("/introspect", basic, "token=" + token)).getBody())
        .isEqualTo("{\"active\":false}");
  }

  private static HTTPRequest post(String path, String authorization, String body) throws Exception {
    HTTPRequest req = new HTTPRequest(HTTPRequest.Method.POST, URI.create("http://localhost:8080" + path).toURL());
    req.setClientIPAddress("192.0.2.1");
    req.setEntityContentType(ContentType.APPLICATION_URLENCODED);
    req.setAuthorization(authorization);
    req.setBody(body);
    return req;
  }

  /** A pool of one connection to the test server whose socket counts {@link #roundTrips}. */
  private JedisPooled countingPool() {
    TestServices.Redis redis = TestServices.redis();
    URI uri = redis.uri();
    JedisSocketFactory sockets = () -> {
      Socket socket = new CountingSocket(roundTrips);
      try {
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(redis.host(), redis.port()), RedisCache.CONNECT_TIMEOUT_MILLIS);
      } catch (IOException e) {
        throw new JedisConnectionException(e);
      }
      return socket;
    };
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(1);
    pool.setTestWhileIdle(false); // no background PING between the counts
    return new JedisPooled(pool, sockets, DefaultJedisClientConfig.builder()
        .user(JedisURIHelper.getUser(uri))
        .password(JedisURIHelper.getPassword(uri))
        .database(JedisURIHelper.getDBIndex(uri))
        .build());
  }

  /** Counts a round trip each time the client reads after having written. */
  private static final class CountingSocket extends Socket {
    private final AtomicInteger roundTrips;
    private volatile boolean written;

    CountingSocket(AtomicInteger roundTrips) {
      this.roundTrips = roundTrips;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
      OutputStream out = super.getOutputStream();
      return new FilterOutputStream(out) {
        @Override
        public void write(int b) throws IOException {
          written = true;
          out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          written = true;
          out.write(b, off, len);
        }
      };
    }

    @Override
    public InputStream getInputStream() throws IOException {
      InputStream in = super.getInputStream();
      return new FilterInputStream(in) {
        @Override
        public int read() throws IOException {
          answer();
          return in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          answer();
          return in.read(b, off, len);
        }
      };
    }

    private void answer() {
      if (written) {
        written = false;
        roundTrips.incrementAndGet();
      }
    }
  }

  /** {@code delegate} with the SPI's default {@code incrementAndGetAll}: single calls. */
  private static final class SingleCalls implements Cache {
    private final Cache delegate;

    SingleCalls(Cache delegate) {
      this.delegate = delegate;
    }

    @Override public void put(String key, String value, Instant expiresAt) { delegate.put(key, value, expiresAt); }
    @Override public Optional<String> get(String key) { return delegate.get(key); }
    @Override public List<Optional<String>> getAll(List<String> keys) { return delegate.getAll(keys); }
    @Override public Optional<String> take(String key) { return delegate.take(key); }
    @Override public boolean putIfAbsent(String key, String value, Instant expiresAt) {
      return delegate.putIfAbsent(key, value, expiresAt);
    }
    @Override public long increment(String key, Duration window) { return delegate.increment(key, window); }
    @Override public boolean delete(String key) { return delegate.delete(key); }
  }
}
