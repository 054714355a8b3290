package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.common.contenttype.ContentType;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.spi.Cache;
import dev.ssokit.spi.ProviderMetrics;
import dev.ssokit.spi.StoreException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link ProviderMetrics} hears the outcome of every request: tokens, errors, logins, signatures, backend calls. */
class ProviderMetricsTest {
  private static final String SECRET = "7f3c9a1e5b2d8f604e1a9c3b7d5f2e80";

  /** Every call, as text. */
  private static final class Recording implements ProviderMetrics {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override public void tokenIssued(String grantType, String clientId) { calls.add("token " + grantType + " " + clientId); }
    @Override public void errorAnswered(String endpoint, String error) { calls.add("error " + endpoint + " " + error); }
    @Override public void login(LoginOutcome outcome) { calls.add("login " + outcome); }
    @Override public void clientAuthenticationFailed(String endpoint) { calls.add("invalid_client " + endpoint); }
    @Override public void signed(String algorithm, long nanos) { calls.add("signed " + algorithm + (nanos > 0 ? "" : " no time")); }
    @Override public void backendCall(Backend backend, String operation, long nanos, boolean failed) {
      calls.add(backend + " " + operation + (failed ? " failed" : ""));
    }
  }

  private final Recording metrics = new Recording();
  private final SsoProvider provider = SsoProvider.builder(SsoSettings.builder("http://localhost:8080").build())
      .metrics(metrics).build();

  @Test
  void whenAClientGetsATokenThenGrantClientSignatureAndStoreCallAreReported() throws Exception {
    register("svc");

    assertThat(clientCredentials("svc", SECRET).getStatusCode()).isEqualTo(200);

    assertThat(metrics.calls).contains("token client_credentials svc", "signed RS256", "STORE ClientStore.find")
        .noneMatch(c -> c.startsWith("error"));
    // counted once, by the endpoint's usage report (the answer is not read for it a second time)
    assertThat(metrics.calls).filteredOn(c -> c.startsWith("token ")).containsExactly("token client_credentials svc");
  }

  @Test
  void whenTheClientSecretIsWrongThenAClientAuthenticationFailureAndTheErrorCodeAreReported() throws Exception {
    register("svc");

    assertThat(clientCredentials("svc", "wrong-" + SECRET).getStatusCode()).isEqualTo(401);

    assertThat(metrics.calls).contains("invalid_client token", "error token invalid_client")
        .noneMatch(c -> c.startsWith("token "));
  }

  @Test
  void whenTheGrantTypeIsUnsupportedOrTheAuthorizationRequestIsRefusedThenTheErrorCodeIsReported() throws Exception {
    register("svc");
    HTTPRequest token = post("http://localhost:8080/token", "grant_type=urn%3Aexample%3Anone");
    provider.handle(token);
    LoginDriver.registerClient(provider);
    // a valid redirect URI: the refusal goes back to the client, with the OAuth error code
    provider.handle(new HTTPRequest(HTTPRequest.Method.GET, URI.create("http://localhost:8080/authorize?response_type=code"
        + "&client_id=web&redirect_uri=" + LoginDriver.enc(LoginDriver.REDIRECT) + "&scope=openid%20admin&state=s"
        + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256").toURL()));

    assertThat(metrics.calls).contains("error token unsupported_grant_type", "error authorize invalid_scope");
  }

  @Test
  void whenAPathIsNoEndpointThenNothingIsReported() throws Exception {
    provider.handle(new HTTPRequest(HTTPRequest.Method.GET, URI.create("http://localhost:8080/made-up-" + System.nanoTime()).toURL()));

    assertThat(metrics.calls).noneMatch(c -> c.startsWith("error"));
  }

  @Test
  void whenUsersLogInThenSuccessesAndFailuresAreCounted() throws Exception {
    LoginDriver.registerClient(provider);
    provider.users().create("alice", "correct horse battery", "alice@example.com", Map.of());
    LoginDriver browser = new LoginDriver(provider, "192.0.2.1").start();

    browser.login("alice", "wrong password");
    String code = browser.code(browser.login("alice", "correct horse battery"));
    assertThat(browser.redeem(code).getStatusCode()).isEqualTo(200);

    assertThat(metrics.calls).contains("login FAILURE", "login SUCCESS", "token authorization_code web")
        // the login form's 401 is a login failure, not an error answer
        .noneMatch(c -> c.startsWith("error"));
  }

  @Test
  void whenTheCacheFailsThenTheFailedCallIsReported() {
    Cache down = new Cache() {
      @Override public void put(String key, String value, Instant expiresAt) { throw new StoreException("down (test)"); }
      @Override public Optional<String> get(String key) { throw new StoreException("down (test)"); }
      @Override public Optional<String> take(String key) { throw new StoreException("down (test)"); }
      @Override public boolean putIfAbsent(String key, String value, Instant expiresAt) { throw new StoreException("down (test)"); }
      @Override public long increment(String key, Duration window) { throw new StoreException("down (test)"); }
      @Override public boolean delete(String key) { throw new StoreException("down (test)"); }
    };
    SsoProvider failing = SsoProvider.builder(SsoSettings.builder("http://localhost:8080").build())
        .cache(down).metrics(metrics).build();

    assertThat(failing.readiness().cache()).isFalse();
    assertThat(metrics.calls).contains("CACHE Cache.get failed");
  }

  private void register(String clientId) {
    provider.clients().importClient(new ClientRegistration(clientId, null, null, null,
        Set.of("client_credentials"), Set.of("api"), null, null, null), SECRET);
  }

  private HTTPResponse clientCredentials(String clientId, String secret) throws Exception {
    HTTPRequest request = post("http://localhost:8080/token", "grant_type=client_credentials&scope=api");
    request.setAuthorization("Basic " + Base64.getEncoder().encodeToString(
        (clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)));
    return provider.handle(request);
  }

  private static HTTPRequest post(String url, String body) throws Exception {
    HTTPRequest request = new HTTPRequest(HTTPRequest.Method.POST, URI.create(url).toURL());
    request.setEntityContentType(ContentType.APPLICATION_URLENCODED);
    request.setBody(body);
    return request;
  }
}
