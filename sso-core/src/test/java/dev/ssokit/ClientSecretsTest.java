package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.common.contenttype.ContentType;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.limit.SlowHashLimit;
import dev.ssokit.internal.user.PasswordHashes;
import dev.ssokit.memory.InMemoryClientStore;
import dev.ssokit.spi.Client;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 7 #1: client secrets cost microseconds (128-bit floor, SHA-256), legacy argon2id hashes are
 * replaced at first use, and slow hashes beyond the heap-derived limit answer 503, never run out of memory.
 */
class ClientSecretsTest {
  private static final String STRONG = "9f86d081884c7d659a2feaa0c55ad015";
  private final InMemoryClientStore store = new InMemoryClientStore();
  private final SsoProvider provider = SsoProvider.builder(SsoSettings.builder("http://localhost:8080").build())
      .clientStore(store).build();

  private static ClientRegistration service(String id) {
    return new ClientRegistration(id, null, List.of(), null, Set.of("client_credentials"), Set.of("api"),
        "client_secret_basic", null, null);
  }

  private HTTPResponse token(String clientId, String secret) throws Exception {
    HTTPRequest req = new HTTPRequest(HTTPRequest.Method.POST, URI.create("http://localhost:8080/token").toURL());
    req.setClientIPAddress("192.0.2.1");
    req.setEntityContentType(ContentType.APPLICATION_URLENCODED);
    req.setAuthorization("Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes()));
    req.setBody("grant_type=client_credentials&scope=api");
    return provider.handle(req);
  }

  @Test
  void whenAnImportedSecretIsBelow128BitsThenImportIsRefusedNamingTheClient() {
    for (String weak : List.of("a-long-operator-chosen-secret", "abababababababababababababababababab")) {
      assertThatThrownBy(() -> provider.clients().importClient(service("billing"), weak))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("client billing")
          .hasMessageContaining("at least 32 characters from a random generator")
          .hasMessageNotContaining(weak);
    }
    assertThat(provider.clients().find("billing")).isEmpty();
  }

  @Test
  void whenAStrongSecretIsImportedThenItIsStoredAsSha256AndAuthenticates() throws Exception {
    provider.clients().importClient(service("billing"), STRONG);

    assertThat(store.find("billing").orElseThrow().secretHash()).startsWith("sha256:");
    assertThat(token("billing", STRONG).getStatusCode()).isEqualTo(200);
    assertThat(token("billing", STRONG + "x").getStatusCode()).isEqualTo(401);
  }

  @Test
  void whenALegacyArgon2HashAuthenticatesThenItIsReplacedBySha256() throws Exception {
    store.create(legacy("old", STRONG));

    assertThat(token("old", "wrong").getStatusCode()).isEqualTo(401);
    assertThat(store.find("old").orElseThrow().secretHash()).as("not upgraded on failure").startsWith("$argon2id$");
    assertThat(token("old", STRONG).getStatusCode()).isEqualTo(200);
    assertThat(store.find("old").orElseThrow().secretHash()).startsWith("sha256:");
    assertThat(token("old", STRONG).getStatusCode()).as("the fast hash works").isEqualTo(200);
  }

  @Test
  void whenALegacySecretIsWeakThenItKeepsWorkingBehindArgon2() throws Exception {
    store.create(legacy("weak", "short-secret"));

    assertThat(token("weak", "short-secret").getStatusCode()).isEqualTo(200);
    assertThat(store.find("weak").orElseThrow().secretHash()).startsWith("$argon2id$");
  }

  @Test
  void whenTheSlowHashCapacityIsTakenThenLegacyClientsGet503AndLoginsThe503PageBothWithRetryAfter() throws Exception {
    store.create(legacy("old", STRONG));
    provider.clients().register(new ClientRegistration("web", null, List.of(URI.create(LoginDriver.REDIRECT)), null,
        Set.of("authorization_code"), Set.of("openid"), "none", null, null));
    provider.users().create("alice", "correct horse battery staple", null, Map.of());
    LoginDriver browser = new LoginDriver(provider, "192.0.2.1").start();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch held = new CountDownLatch(SlowHashLimit.PERMITS);
    List<Thread> holders = new ArrayList<>();
    for (int i = 0; i < SlowHashLimit.PERMITS; i++) {
      Thread t = new Thread(() -> SlowHashLimit.run(() -> {
        held.countDown();
        try {
          return release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }));
      t.start();
      holders.add(t);
    }
    try {
      assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();

      HTTPResponse tokenAnswer = token("old", STRONG);
      assertThat(tokenAnswer.getStatusCode()).isEqualTo(503);
      assertThat(tokenAnswer.getHeaderValue("Retry-After")).isNotNull();
      assertThat(JSONObjectUtils.parse(tokenAnswer.getBody())).containsEntry("error", "temporarily_unavailable");
      HTTPResponse login = browser.login("alice", "correct horse battery staple");
      assertThat(login.getStatusCode()).isEqualTo(503);
      assertThat(login.getHeaderValue("Retry-After")).isNotNull();
      assertThat(login.getHeaderValue("Content-Type")).startsWith("text/html");
    } finally {
      release.countDown();
      for (Thread t : holders) {
        t.join();
      }
    }
    assertThat(token("old", STRONG).getStatusCode()).as("capacity back").isEqualTo(200);
    assertThat(browser.login("alice", "correct horse battery staple").getStatusCode()).isBetween(300, 399);
  }

  private static Client legacy(String id, String secret) {
    return new Client(id, PasswordHashes.hash(secret), null, List.of(), List.of(), Set.of("client_credentials"),
        Set.of("api"), "client_secret_basic", null, null, Instant.now());
  }
}
