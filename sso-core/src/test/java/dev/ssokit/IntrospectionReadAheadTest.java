package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.contract.MutableClock;
import dev.ssokit.memory.InMemoryCache;
import dev.ssokit.spi.Cache;
import dev.ssokit.spi.ClientOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Introspection reads the presented token's revocation markers in the abuse limits' cache call (one
 * round trip for a JWT, and for an opaque token seen before on this instance), and every revocation still takes
 * effect at once.
 */
class IntrospectionReadAheadTest {
  private static final String ISSUER = "http://localhost:9000";
  private final MutableClock clock = MutableClock.atNow();
  private final RecordingCache cache = new RecordingCache(new InMemoryCache(clock));
  private SsoProvider provider;
  private String jwtBasic;
  private String opaqueBasic;

  @BeforeEach
  void setUp() {
    provider = SsoProvider.builder(SsoSettings.builder(ISSUER).build()).clock(clock).cache(cache).build();
    jwtBasic = basic("svc", provider.clients().register(new ClientRegistration("svc", null, List.of(), null,
        Set.of("client_credentials"), Set.of("api"), "client_secret_basic", null, null)).clientSecret());
    opaqueBasic = basic("ref", provider.clients().register(new ClientRegistration("ref", null, List.of(), null,
        Set.of("client_credentials"), Set.of("api"), "client_secret_basic", "web", "opaque")).clientSecret());
  }

  private static String basic(String id, String secret) {
    return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private HTTPResponse post(String path, String authorization, String body) throws Exception {
    HTTPRequest req = new HTTPRequest(HTTPRequest.Method.POST, URI.create(ISSUER + path).toURL());
    req.setClientIPAddress("192.0.2.7");
    req.setHeader("Content-Type", "application/x-www-form-urlencoded");
    req.setHeader("Authorization", authorization);
    req.setBody(body);
    return provider.handle(req);
  }

  private String token(String authorization) throws Exception {
    HTTPResponse res = post("/token", authorization, "grant_type=client_credentials");
    assertThat(res.getStatusCode()).as(res.getBody()).isEqualTo(200);
    return (String) JSONObjectUtils.parse(res.getBody()).get("access_token");
  }

  /** The answer of {@code /introspect} for {@code token}; {@link RecordingCache#calls} holds its cache calls. */
  private Map<String, Object> introspect(String token, String authorization) throws Exception {
    cache.calls.clear();
    HTTPResponse res = post("/introspect", authorization, "token=" + token);
    assertThat(res.getStatusCode()).as(res.getBody()).isEqualTo(200);
    return JSONObjectUtils.parse(res.getBody());
  }

  @Test
  void whenAJwtAccessTokenIsIntrospectedThenItsRevocationMarkersComeWithTheLimitsInOneCacheCall() throws Exception {
    String token = token(jwtBasic);

    assertThat(introspect(token, jwtBasic)).containsEntry("active", true).containsEntry("client_id", "svc");
    assertThat(cache.calls).containsExactly("incrementAndGetAll");
    assertThat(cache.lastReads).contains("limit:block:fail:192.0.2.7").anyMatch(k -> k.startsWith("revoked:jti:"))
        .anyMatch(k -> k.startsWith("revoked:client:svc"));
  }

  @Test
  void whenTheTokenIsRevokedThenTheReadAheadAnswerIsInactive() throws Exception {
    String token = token(jwtBasic);
    assertThat(introspect(token, jwtBasic)).containsEntry("active", true);

    assertThat(post("/revoke", jwtBasic, "token=" + token).getStatusCode()).isEqualTo(200);

    assertThat(introspect(token, jwtBasic)).isEqualTo(Map.of("active", false));
    assertThat(cache.calls).containsExactly("incrementAndGetAll");
  }

  /** A JWT, or an opaque token introspected before (its markers read ahead): its client deleted, it is inactive. */
  @ParameterizedTest
  @ValueSource(strings = {"svc", "ref"})
  void whenTheTokensClientIsDeletedThenTheReadAheadAnswerIsInactive(String clientId) throws Exception {
    String token = token("svc".equals(clientId) ? jwtBasic : opaqueBasic);
    // a resource server allowed to introspect every token keeps asking after the client is gone
    String resourceServer = basic("rs", provider.clients().register(new ClientRegistration("rs", null, List.of(), null,
        Set.of("client_credentials"), Set.of("api"), "client_secret_basic", null, null)
        .withOptions(ClientOptions.builder().introspectAllTokens(true).build())).clientSecret());
    assertThat(introspect(token, resourceServer)).containsEntry("active", true).containsEntry("client_id", clientId);

    assertThat(provider.clients().delete(clientId)).isTrue();

    assertThat(introspect(token, resourceServer)).isEqualTo(Map.of("active", false));
    assertThat(cache.calls).containsExactly("incrementAndGetAll");
    assertThat(provider.verifyAccessToken(token)).isEmpty(); // the facade's delete revokes, as the admin API's does
  }

  @Test
  void whenAnOpaqueTokenIsIntrospectedThenItsEntryComesWithTheLimitsAndItsMarkersInASecondCall() throws Exception {
    String token = token(opaqueBasic);

    assertThat(introspect(token, opaqueBasic)).containsEntry("active", true).containsEntry("client_id", "ref");
    assertThat(cache.calls).containsExactly("incrementAndGetAll", "getAll");
  }

  @Test
  void whenAnOpaqueTokenIsIntrospectedAgainThenItsMarkersComeWithTheLimitsInOneCacheCall() throws Exception {
    String token = token(opaqueBasic);
    Map<String, Object> first = introspect(token, opaqueBasic);

    assertThat(introspect(token, opaqueBasic)).isEqualTo(first).containsEntry("active", true);
    assertThat(cache.calls).containsExactly("incrementAndGetAll");
    assertThat(cache.lastReads).anyMatch(k -> k.startsWith("revoked:jti:")).anyMatch(k -> k.startsWith("revoked:client:ref"))
        .noneMatch(k -> k.startsWith("at:"));
  }

  @Test
  void whenAnOpaqueTokenIsRevokedAfterIntrospectionThenItIsInactiveAtOnce() throws Exception {
    String token = token(opaqueBasic);
    assertThat(introspect(token, opaqueBasic)).containsEntry("active", true);

    assertThat(post("/revoke", opaqueBasic, "token=" + token).getStatusCode()).isEqualTo(200);

    assertThat(introspect(token, opaqueBasic)).isEqualTo(Map.of("active", false));
    assertThat(provider.verifyAccessToken(token)).isEmpty();
  }

  @Test
  void whenAnOpaqueTokenExpiresAfterIntrospectionThenItIsInactive() throws Exception {
    String token = token(opaqueBasic);
    assertThat(introspect(token, opaqueBasic)).containsEntry("active", true);

    clock.advance(Duration.ofHours(2));

    assertThat(introspect(token, opaqueBasic)).isEqualTo(Map.of("active", false));
  }

  @Test
  void whenTheSignatureIsForgedThenTheTokenIsInactiveWhateverWasReadAhead() throws Exception {
    String token = token(jwtBasic);
    String[] parts = token.split("\\.");
    Map<String, Object> claims = JSONObjectUtils.parse(new String(Base64.getUrlDecoder().decode(parts[1]),
        StandardCharsets.UTF_8));
    claims.put("scope", "api admin");
    String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
        JSONObjectUtils.toJSONString(claims).getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

    assertThat(introspect(forged, jwtBasic)).isEqualTo(Map.of("active", false));
    assertThat(introspect("not.a.jwt", jwtBasic)).isEqualTo(Map.of("active", false));
    assertThat(cache.calls).containsExactly("incrementAndGetAll");
  }

  /** {@code delegate}, recording the name of each call and the keys of the last batch's reads. */
  private static final class RecordingCache implements Cache {
    private final Cache delegate;
    final List<String> calls = new ArrayList<>();
    volatile List<String> lastReads = List.of();

    RecordingCache(Cache delegate) {
      this.delegate = delegate;
    }

    @Override public void put(String key, String value, Instant expiresAt) {
      calls.add("put");
      delegate.put(key, value, expiresAt);
    }
    @Override public Optional<String> get(String key) {
      calls.add("get");
      return delegate.get(key);
    }
    @Override public List<Optional<String>> getAll(List<String> keys) {
      calls.add("getAll");
      return delegate.getAll(keys);
    }
    @Override public CountsAndValues incrementAndGetAll(List<Counter> counters, List<String> keys) {
      calls.add("incrementAndGetAll");
      lastReads = List.copyOf(keys);
      return delegate.incrementAndGetAll(counters, keys);
    }
    @Override public Optional<String> take(String key) {
      calls.add("take");
      return delegate.take(key);
    }
    @Override public boolean putIfAbsent(String key, String value, Instant expiresAt) {
      calls.add("putIfAbsent");
      return delegate.putIfAbsent(key, value, expiresAt);
    }
    @Override public long increment(String key, Duration window) {
      calls.add("increment");
      return delegate.increment(key, window);
    }
    @Override public boolean delete(String key) {
      calls.add("delete");
      return delegate.delete(key);
    }
  }
}
