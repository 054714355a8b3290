package dev.ssokit.servlet;

import dev.ssokit.spi.ProviderMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@link ProviderMetrics} (for {@code SsoProvider.Builder.metrics}) on a Micrometer {@link MeterRegistry}, for the Spring Boot starter and the
 * standalone server alike. Meters (dot-separated names, lowercase tags, per Micrometer's conventions):
 * <ul>
 *   <li>{@value #TOKENS_ISSUED} counter, tags {@code grant}, {@code client}</li>
 *   <li>{@value #ERRORS} counter, tags {@code endpoint}, {@code error} (the OAuth error code)</li>
 *   <li>{@value #LOGINS} counter, tag {@code outcome}: {@code success}, {@code failure}, {@code throttled}</li>
 *   <li>{@value #CLIENT_AUTHENTICATION_FAILURES} counter, tag {@code endpoint}</li>
 *   <li>{@value #SIGNING} timer, tag {@code algorithm}</li>
 *   <li>{@value #STORE_CALLS} and {@value #CACHE_CALLS} timers, tags {@code operation}
 *       ({@code ClientStore.find}, {@code Cache.take}, ...) and {@code outcome} ({@code success}, {@code failure})</li>
 * </ul>
 *
 * <p>IMPORTANT: needs {@code io.micrometer:micrometer-core} (an optional dependency of this module).
 * The {@code client} tag has one value per client that obtained a token.
 */
public final class MicrometerMetrics implements ProviderMetrics {
  /** Tokens issued by the token endpoint. */
  public static final String TOKENS_ISSUED = "sso.tokens.issued";
  /** Error answers of every endpoint. */
  public static final String ERRORS = "sso.errors";
  /** Password logins, at the built-in login page or through the password grant. */
  public static final String LOGINS = "sso.logins";
  /** Failed client authentications. */
  public static final String CLIENT_AUTHENTICATION_FAILURES = "sso.client.authentication.failures";
  /** Time of one JWT signature. */
  public static final String SIGNING = "sso.signing";
  /** Time of one call of a durable store. */
  public static final String STORE_CALLS = "sso.store.calls";
  /** Time of one call of the cache. */
  public static final String CACHE_CALLS = "sso.cache.calls";

  private final MeterRegistry registry;
  /** Meters by their tag values: a lookup here is cheaper than the registry's own on every request. */
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();
  /** Timers of store and cache calls, by a key that costs no string building per call. */
  private final Map<BackendCall, Timer> backendTimers = new ConcurrentHashMap<>();

  private record BackendCall(Backend backend, String operation, boolean failed) {}

  /**
   * Registers the meters in {@code registry} as they are first used.
   *
   * @param registry where the meters are registered; must not be {@code null}
   */
  public MicrometerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void tokenIssued(String grantType, String clientId) {
    counter(TOKENS_ISSUED + '\0' + grantType + '\0' + clientId, k -> Counter.builder(TOKENS_ISSUED)
        .description("Tokens issued by the token endpoint").tags("grant", grantType, "client", clientId)
        .register(registry)).increment();
  }

  @Override
  public void errorAnswered(String endpoint, String error) {
    counter(ERRORS + '\0' + endpoint + '\0' + error, k -> Counter.builder(ERRORS)
        .description("Error answers, by OAuth error code").tags("endpoint", endpoint, "error", error)
        .register(registry)).increment();
  }

  @Override
  public void login(LoginOutcome outcome) {
    String value = outcome.name().toLowerCase(Locale.ROOT);
    counter(LOGINS + '\0' + value, k -> Counter.builder(LOGINS)
        .description("Password logins at the login page").tag("outcome", value).register(registry)).increment();
  }

  @Override
  public void clientAuthenticationFailed(String endpoint) {
    counter(CLIENT_AUTHENTICATION_FAILURES + '\0' + endpoint, k -> Counter.builder(CLIENT_AUTHENTICATION_FAILURES)
        .description("Failed client authentications").tag("endpoint", endpoint).register(registry)).increment();
  }

  @Override
  public void signed(String algorithm, long nanos) {
    timer(timers, SIGNING + '\0' + algorithm, k -> Timer.builder(SIGNING).description("Time of one JWT signature")
        .tag("algorithm", algorithm).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void backendCall(Backend backend, String operation, long nanos, boolean failed) {
    timer(backendTimers, new BackendCall(backend, operation, failed),
        k -> Timer.builder(backend == Backend.STORE ? STORE_CALLS : CACHE_CALLS)
            .description(backend == Backend.STORE ? "Calls of the durable store" : "Calls of the cache")
            .tags("operation", operation, "outcome", failed ? "failure" : "success").register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private Counter counter(String key, Function<String, Counter> create) {
    Counter c = counters.get(key);
    return c != null ? c : counters.computeIfAbsent(key, create);
  }

  private static <K> Timer timer(Map<K, Timer> timers, K key, Function<K, Timer> create) {
    Timer t = timers.get(key);
    return t != null ? t : timers.computeIfAbsent(key, create);
  }
}
