package dev.ssokit.redis;

import dev.ssokit.spi.Cache;
import dev.ssokit.spi.StoreException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.AbstractTransaction;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * {@link Cache} on Redis or Dragonfly, shared by every provider instance that uses the same
 * server and key prefix.
 *
 * <p>Values are stored as {@code 1|<expiresAtEpochMillis>|<value>} under {@code
 * <prefix>v:<key>}; counters live under {@code <prefix>c:<windowMillis>:<windowStartMillis>:<key>}.
 * {@link #incrementAndGetAll} pipelines one {@code MULTI}/{@code EXEC} and an {@code MGET}: the
 * counters and reads of a rate-limited request cost one round trip, and so does {@link #increment}.
 *
 * <p>IMPORTANT: expiry is decided by the injected {@link Clock} at millisecond precision (the
 * native TTL only collects garbage), so every node must run a synchronised clock. Only commands
 * Dragonfly also supports are used ({@code SET PX / NX}, {@code GET}, {@code MGET}, {@code GETDEL}, {@code DEL},
 * {@code INCR}, {@code PEXPIRE}, {@code WATCH}/{@code MULTI}/{@code EXEC}; no Lua), so the client
 * must support transactions: a {@link JedisPooled} or another single-server {@link UnifiedJedis},
 * not a cluster client. A client passed to {@link #create} must allow at least two connections
 * per cache. Every Redis failure surfaces as a {@link StoreException}.
 */
public final class RedisCache implements Cache, AutoCloseable {
  /** Key prefix when the host has no reason to choose another. */
  public static final String DEFAULT_KEY_PREFIX = "ssokit:";

  /** TCP connect timeout of clients built by {@link #connect}: an outage must fail fast. */
  static final int CONNECT_TIMEOUT_MILLIS = 1_000;
  /** Read timeout of clients built by {@link #connect}: a hung server must fail fast. */
  static final int SOCKET_TIMEOUT_MILLIS = 2_000;
  /** Connections of the pool built by {@link #connect}. */
  static final int POOL_MAX_TOTAL = 16;
  /** Longest wait for a free pooled connection before the call fails. */
  static final Duration POOL_MAX_WAIT = Duration.ofSeconds(2);
  /** Added to every native TTL so a server clock slightly ahead of ours never drops live values. */
  static final long NATIVE_TTL_SLACK_MILLIS = 1_000;
  /** Smallest native TTL; Redis rejects zero and negative ones. */
  static final long MIN_NATIVE_TTL_MILLIS = 1;
  /** Largest native TTL, far below what overflows the server's expiry arithmetic. */
  static final long MAX_NATIVE_TTL_MILLIS = Duration.ofDays(365L * 100).toMillis();
  /** Rounds of putIfAbsent before giving up on a key that changes under every attempt. */
  static final int MAX_PUT_IF_ABSENT_ROUNDS = 16;

  static final String ENCODING_V1 = "1|";
  static final String VALUE_SPACE = "v:";
  static final String COUNTER_SPACE = "c:";
  private static final char SEPARATOR = '|';
  private static final String[] NO_ARGUMENTS = {};
  /**
   * {@code UnifiedJedis.pipelined()}, bound at run time: Jedis 6 declares it returning {@code PipelineBase},
   * Jedis 7 {@code AbstractPipeline} (and has no {@code PipelineBase}), so a call compiled against either
   * fails on the other; one jar serves both (Spring Boot 3.5 manages Jedis 6, Spring Boot 4 Jedis 7).
   */
  private static final MethodHandle PIPELINED = pipelinedHandle();
  private static final Instant MAX_MILLIS_INSTANT = Instant.ofEpochMilli(Long.MAX_VALUE);
  private static final Instant MIN_MILLIS_INSTANT = Instant.ofEpochMilli(Long.MIN_VALUE);

  private final UnifiedJedis jedis;
  private final String keyPrefix;
  private final Clock clock;
  private final boolean ownsClient;
  /** Bounds this cache to one WATCH connection held while a second one reads (no pool deadlock). */
  private final ReentrantLock replaceLock = new ReentrantLock();

  private RedisCache(UnifiedJedis jedis, String keyPrefix, Clock clock, boolean ownsClient) {
    this.jedis = jedis;
    this.keyPrefix = keyPrefix;
    this.clock = clock;
    this.ownsClient = ownsClient;
  }

  /**
   * A cache on a client the host owns and closes; {@link #close()} leaves it open.
   *
   * @param jedis a single-server client that supports transactions, with at least two connections
   *     for this cache; not null
   * @param keyPrefix prepended to every key, e.g. {@link #DEFAULT_KEY_PREFIX}; not null
   * @param clock decides expiry; every instance sharing the server needs a synchronised clock
   * @return the cache
   */
  public static RedisCache create(UnifiedJedis jedis, String keyPrefix, Clock clock) {
    Objects.requireNonNull(jedis, "jedis");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    Objects.requireNonNull(clock, "clock");
    return new RedisCache(jedis, keyPrefix, clock, false);
  }

  /**
   * A cache on its own connection pool to {@code redisUrl} ({@code redis://[user:password@]host:port[/db]}
   * or {@code rediss://...} for TLS), with short timeouts so an outage fails fast; the server is
   * pinged once so a wrong address fails here. {@link #close()} closes the pool.
   *
   * @param redisUrl the server's URL, possibly with credentials; never logged nor put in exceptions
   * @param keyPrefix prepended to every key, e.g. {@link #DEFAULT_KEY_PREFIX}; not null
   * @param clock decides expiry; every instance sharing the server needs a synchronised clock
   * @return the cache, owning its connection pool
   * @throws IllegalArgumentException when {@code redisUrl} is not a redis:// or rediss:// URL
   * @throws StoreException when the server does not answer
   */
  public static RedisCache connect(String redisUrl, String keyPrefix, Clock clock) {
    Objects.requireNonNull(redisUrl, "redisUrl");
    Objects.requireNonNull(keyPrefix, "keyPrefix");
    Objects.requireNonNull(clock, "clock");
    URI uri = parseRedisUrl(redisUrl);
    DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(CONNECT_TIMEOUT_MILLIS)
        .socketTimeoutMillis(SOCKET_TIMEOUT_MILLIS)
        .user(JedisURIHelper.getUser(uri))
        .password(JedisURIHelper.getPassword(uri))
        .database(JedisURIHelper.getDBIndex(uri))
        .ssl(JedisURIHelper.isRedisSSLScheme(uri));
    RedisProtocol protocol = JedisURIHelper.getRedisProtocol(uri);
    if (protocol != null) {
      config.protocol(protocol);
    }
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(POOL_MAX_TOTAL);
    // every connection may stay idle: with the pool's default (8 idle) a burst of more than 8 concurrent calls
    // closed the connections above 8 on their return, so under load nearly every call opened a new one
    pool.setMaxIdle(POOL_MAX_TOTAL);
    pool.setMaxWait(POOL_MAX_WAIT);
    JedisPooled client = new JedisPooled(JedisURIHelper.getHostAndPort(uri), config.build(), pool);
    try {
      client.ping();
    } catch (JedisException e) {
      client.close();
      throw new StoreException("Redis cache: the server at redisUrl does not answer", e);
    }
    return new RedisCache(client, keyPrefix, clock, true);
  }

  private static URI parseRedisUrl(String redisUrl) {
    URI uri;
    try {
      uri = new URI(redisUrl);
    } catch (URISyntaxException e) {
      // the URL may hold a password: neither it nor the parser's message goes into the exception
      throw new IllegalArgumentException("redisUrl is not a valid redis:// or rediss:// URL");
    }
    boolean redisScheme = JedisURIHelper.isRedisScheme(uri) || JedisURIHelper.isRedisSSLScheme(uri);
    if (!redisScheme || !JedisURIHelper.isValid(uri)) {
      throw new IllegalArgumentException("redisUrl must look like redis://host:port or rediss://host:port");
    }
    return uri;
  }

  @Override
  public void put(String key, String value, Instant expiresAt) {
    String redisKey = valueKey(key);
    long now = clock.millis();
    long expiresAtMillis = epochMillis(expiresAt);
    if (expiresAtMillis <= now) {
      // Cache contract: put replaces the previous value; a value dead on arrival is simply gone
      call("DEL", () -> jedis.del(redisKey));
      return;
    }
    String stored = encode(value, expiresAtMillis);
    long ttl = nativeTtlMillis(expiresAtMillis, now);
    call("SET", () -> jedis.set(redisKey, stored, SetParams.setParams().px(ttl)));
  }

  @Override
  public Optional<String> get(String key) {
    String redisKey = valueKey(key);
    return live(call("GET", () -> jedis.get(redisKey)));
  }

  @Override
  public List<Optional<String>> getAll(List<String> keys) {
    if (keys.isEmpty()) {
      return List.of();
    }
    String[] redisKeys = keys.stream().map(this::valueKey).toArray(String[]::new);
    // one MGET: revocation checks read three keys per token in one round trip
    List<String> raw = call("MGET", () -> jedis.mget(redisKeys));
    List<Optional<String>> values = new ArrayList<>(raw.size());
    for (String value : raw) {
      values.add(live(value));
    }
    return values;
  }

  @Override
  public Optional<String> take(String key) {
    String redisKey = valueKey(key);
    // GETDEL is one atomic command, so of N concurrent takes exactly one wins
    return live(call("GETDEL", () -> jedis.getDel(redisKey)));
  }

  @Override
  public boolean putIfAbsent(String key, String value, Instant expiresAt) {
    String redisKey = valueKey(key);
    long expiresAtMillis = epochMillis(expiresAt);
    String stored = encode(value, expiresAtMillis);
    for (int round = 0; round < MAX_PUT_IF_ABSENT_ROUNDS; round++) {
      long ttl = nativeTtlMillis(expiresAtMillis, clock.millis());
      String reply = call("SET NX", () -> jedis.set(redisKey, stored, SetParams.setParams().nx().px(ttl)));
      if (reply != null) {
        return true;
      }
      String current = call("GET", () -> jedis.get(redisKey));
      if (current == null) {
        continue; // taken or collected meanwhile: try SET NX again
      }
      if (live(current).isPresent()) {
        return false;
      }
      // the native key outlives the clock's expiry, so SET NX cannot tell
      Optional<Boolean> replaced = replaceDeadValue(redisKey, stored, expiresAtMillis);
      if (replaced.isPresent()) {
        return replaced.get();
      }
    }
    throw new StoreException("Redis cache putIfAbsent: the key kept changing under every attempt");
  }

  /**
   * Replaces a value that is dead by our clock but still present natively, only if nobody writes
   * the key meanwhile (optimistic WATCH / MULTI / EXEC). Empty when the round must be retried.
   */
  private Optional<Boolean> replaceDeadValue(String redisKey, String stored, long expiresAtMillis) {
    replaceLock.lock();
    try {
      return call("WATCH/MULTI/EXEC", () -> {
        try (AbstractTransaction tx = jedis.transaction(false)) {
          tx.watch(redisKey);
          // read after WATCH took effect: any write from here on makes EXEC abort
          String current = jedis.get(redisKey);
          if (current == null) {
            return Optional.<Boolean>empty();
          }
          if (live(current).isPresent()) {
            return Optional.of(false);
          }
          tx.multi();
          tx.set(redisKey, stored, SetParams.setParams().px(nativeTtlMillis(expiresAtMillis, clock.millis())));
          List<Object> result = tx.exec();
          return result == null ? Optional.<Boolean>empty() : Optional.of(true);
        }
      });
    } finally {
      replaceLock.unlock();
    }
  }

  @Override
  public long increment(String key, Duration window) {
    return incrementAndGetAll(List.of(new Counter(key, window)), List.of()).counts().get(0);
  }

  @Override
  public CountsAndValues incrementAndGetAll(List<Counter> counters, List<String> keys) {
    if (counters.isEmpty()) {
      return new CountsAndValues(List.of(), getAll(keys));
    }
    long now = clock.millis();
    String[] counterKeys = new String[counters.size()];
    String[] ttls = new String[counters.size()];
    for (int i = 0; i < counterKeys.length; i++) {
      long windowMillis = counters.get(i).window().toMillis();
      // fixed window from the injected clock; its start is part of the key, so the next window
      // starts at 1 whatever the server's clock says
      long windowStart = Math.floorDiv(now, windowMillis) * windowMillis;
      counterKeys[i] = keyPrefix + COUNTER_SPACE + windowMillis + ':' + windowStart + ':' + counters.get(i).key();
      ttls[i] = Long.toString(nativeTtlMillis(windowStart + windowMillis, now));
    }
    String[] valueKeys = keys.stream().map(this::valueKey).toArray(String[]::new);
    return call(keys.isEmpty() ? "INCR/PEXPIRE" : "INCR/PEXPIRE/MGET", () -> {
      // One round trip: MULTI, each INCR with its PEXPIRE, EXEC and the MGET go out pipelined and
      // are answered together (a Jedis transaction would cost two: it reads the QUEUED replies
      // before it sends EXEC). Everything is computed beforehand, so nothing can fail between
      // MULTI and EXEC and leave the pooled connection inside a transaction.
      try (AbstractPipeline pipeline = pipelined()) {
        pipeline.sendCommand(Protocol.Command.MULTI, NO_ARGUMENTS);
        for (int i = 0; i < counterKeys.length; i++) {
          pipeline.sendCommand(Protocol.Command.INCR, counterKeys[i]);
          pipeline.sendCommand(Protocol.Command.PEXPIRE, counterKeys[i], ttls[i]);
        }
        Response<Object> exec = pipeline.sendCommand(Protocol.Command.EXEC, NO_ARGUMENTS);
        Response<List<String>> values = valueKeys.length == 0 ? null : pipeline.mget(valueKeys);
        pipeline.sync();
        return new CountsAndValues(counts(exec.get(), counterKeys.length),
            values == null ? List.of() : values.get().stream().map(this::live).toList());
      }
    });
  }

  private AbstractPipeline pipelined() {
    try {
      return (AbstractPipeline) PIPELINED.invokeExact(jedis);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  private static MethodHandle pipelinedHandle() {
    try {
      return MethodHandles.publicLookup().unreflect(UnifiedJedis.class.getMethod("pipelined"))
          .asType(MethodType.methodType(AbstractPipeline.class, UnifiedJedis.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The INCR replies of an EXEC reply that holds an INCR and a PEXPIRE reply per counter. */
  private static List<Long> counts(Object execReply, int counters) {
    if (!(execReply instanceof List<?> replies) || replies.size() != 2 * counters) {
      throw new StoreException("Redis cache increment: transaction aborted");
    }
    List<Long> counts = new ArrayList<>(counters);
    for (int i = 0; i < counters; i++) {
      Object reply = replies.get(2 * i);
      if (reply instanceof JedisDataException e) {
        throw e;
      }
      counts.add((Long) reply);
    }
    return counts;
  }

  @Override
  public boolean delete(String key) {
    String redisKey = valueKey(key);
    // GETDEL rather than DEL: the contract answers whether a *live* value was removed
    return live(call("GETDEL", () -> jedis.getDel(redisKey))).isPresent();
  }

  /** Closes the connection pool when {@link #connect} built it; a client given to {@link #create} stays open. */
  @Override
  public void close() {
    if (ownsClient) {
      call("close", () -> {
        jedis.close();
        return null;
      });
    }
  }

  private String valueKey(String key) {
    return keyPrefix + VALUE_SPACE + key;
  }

  private Optional<String> live(String stored) {
    if (stored == null) {
      return Optional.empty();
    }
    int expirySeparator = stored.indexOf(SEPARATOR, ENCODING_V1.length());
    if (!stored.startsWith(ENCODING_V1) || expirySeparator < 0) {
      throw new StoreException("Redis cache: stored value has an unknown encoding");
    }
    long expiresAtMillis;
    try {
      expiresAtMillis = Long.parseLong(stored, ENCODING_V1.length(), expirySeparator, 10);
    } catch (NumberFormatException e) {
      throw new StoreException("Redis cache: stored value has a malformed expiry", e);
    }
    // expiry is decided by the injected clock, not by the native TTL
    return clock.millis() < expiresAtMillis
        ? Optional.of(stored.substring(expirySeparator + 1))
        : Optional.empty();
  }

  static String encode(String value, long expiresAtMillis) {
    Objects.requireNonNull(value, "value");
    return ENCODING_V1 + expiresAtMillis + SEPARATOR + value;
  }

  /** Epoch millis of {@code instant}, saturated instead of overflowing for far instants. */
  static long epochMillis(Instant instant) {
    if (instant.isAfter(MAX_MILLIS_INSTANT)) {
      return Long.MAX_VALUE;
    }
    if (instant.isBefore(MIN_MILLIS_INSTANT)) {
      return Long.MIN_VALUE;
    }
    return instant.toEpochMilli();
  }

  /**
   * Native TTL for a value that expires at {@code expiresAtMillis} by our clock: the remaining time
   * plus {@link #NATIVE_TTL_SLACK_MILLIS}, within [{@link #MIN_NATIVE_TTL_MILLIS}, {@link
   * #MAX_NATIVE_TTL_MILLIS} + slack], never negative (garbage collection only).
   */
  static long nativeTtlMillis(long expiresAtMillis, long nowMillis) {
    long remaining = expiresAtMillis - nowMillis;
    if ((expiresAtMillis > nowMillis) != (remaining > 0)) {
      remaining = expiresAtMillis > nowMillis ? Long.MAX_VALUE : Long.MIN_VALUE; // overflowed
    }
    long bounded = Math.max(-MAX_NATIVE_TTL_MILLIS, Math.min(MAX_NATIVE_TTL_MILLIS, remaining));
    return Math.max(MIN_NATIVE_TTL_MILLIS, bounded + NATIVE_TTL_SLACK_MILLIS);
  }

  /** Runs one Redis call; every Jedis failure becomes a StoreException naming only the command. */
  private static <T> T call(String command, Supplier<T> redisCall) {
    try {
      return redisCall.get();
    } catch (JedisException e) {
      // no key or value in the message: keys carry authorization codes and session ids
      throw new StoreException("Redis cache " + command + " failed", e);
    }
  }
}
