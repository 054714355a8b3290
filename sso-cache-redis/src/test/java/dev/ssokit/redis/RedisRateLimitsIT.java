package dev.ssokit.redis;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.common.contenttype.ContentType;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoProvider;
import dev.ssokit.SsoSettings;
import dev.ssokit.contract.MutableClock;
import dev.ssokit.memory.InMemoryClientStore;
import dev.ssokit.memory.InMemorySigningKeyStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * Issue 7 #11: abuse limits are counted in the shared cache, so two instances behind a
 * load balancer enforce one budget, not one each.
 */
class RedisRateLimitsIT {
  private final JedisPooled jedis = TestRedis.newPool();
  private final String prefix = TestRedis.freshPrefix();
  // inside a minute, so the fixed one-minute window does not end during the test
  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:05Z"));

  @AfterEach
  void cleanUp() {
    TestRedis.deleteKeys(jedis, prefix);
    jedis.close();
  }

  private SsoProvider node(SsoSettings settings, InMemoryClientStore clients, InMemorySigningKeyStore keys) {
    return SsoProvider.builder(settings).clock(clock).clientStore(clients).signingKeyStore(keys)
        .cache(RedisCache.create(jedis, prefix, clock)).build();
  }

  private static int token(SsoProvider node, String address, String secret) throws Exception {
    HTTPRequest req = new HTTPRequest(HTTPRequest.Method.POST, URI.create("http://localhost:8080/token").toURL());
    req.setClientIPAddress(address);
    req.setEntityContentType(ContentType.APPLICATION_URLENCODED);
    req.setAuthorization("Basic " + Base64.getEncoder().encodeToString(("svc:" + secret).getBytes()));
    req.setBody("grant_type=client_credentials&scope=api");
    return node.handle(req).getStatusCode();
  }

  @Test
  void whenRequestsFromOneAddressAlternateBetweenTwoInstancesThenTheyShareOneBudget() throws Exception {
    SsoSettings settings = SsoSettings.builder("http://localhost:8080")
        .rateLimitPerIp(new SsoSettings.RateLimit(4, Duration.ofMinutes(1))).build();
    InMemoryClientStore clients = new InMemoryClientStore();
    InMemorySigningKeyStore keys = new InMemorySigningKeyStore();
    SsoProvider a = node(settings, clients, keys);
    SsoProvider b = node(settings, clients, keys);
    String secret = a.clients().register(new ClientRegistration("svc", null, List.of(), null,
        Set.of("client_credentials"), Set.of("api"), "client_secret_basic", null, null)).clientSecret();

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      statuses.add(token(i % 2 == 0 ? a : b, "192.0.2.1", secret));
    }

    assertThat(statuses).containsExactly(200, 200, 200, 200, 429, 429);
  }

  @Test
  void whenWrongSecretsAreSpreadOverTwoInstancesThenTheFailureBudgetIsShared() throws Exception {
    SsoSettings settings = SsoSettings.builder("http://localhost:8080")
        .failureLimitPerIp(new SsoSettings.RateLimit(3, Duration.ofMinutes(1))).build();
    InMemoryClientStore clients = new InMemoryClientStore();
    InMemorySigningKeyStore keys = new InMemorySigningKeyStore();
    SsoProvider a = node(settings, clients, keys);
    SsoProvider b = node(settings, clients, keys);
    String secret = a.clients().register(new ClientRegistration("svc", null, List.of(), null,
        Set.of("client_credentials"), Set.of("api"), "client_secret_basic", null, null)).clientSecret();

    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      statuses.add(token(i % 2 == 0 ? a : b, "192.0.2.1", "wrong"));
    }

    assertThat(statuses).containsExactly(401, 401, 401, 429, 429);
    assertThat(token(b, "192.0.2.1", secret)).isEqualTo(429);
    assertThat(token(a, "192.0.2.2", secret)).isEqualTo(200);
  }
}
