package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.memory.InMemoryClientStore;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientStore;
import dev.ssokit.spi.StoreException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Browser-based clients read token answers from their own origin, and only from it. */
class CorsTest {
  private static final String ISSUER = "http://localhost:9000";
  private SsoProvider provider;

  @BeforeEach
  void setUp() {
    provider = SsoProvider.builder(SsoSettings.builder(ISSUER).build()).build();
    provider.clients().register(new ClientRegistration("spa", null, List.of(URI.create("https://spa.example.com:8443/cb")),
        null, Set.of("authorization_code", "refresh_token"), Set.of("openid"), "none", "web", null));
  }

  private HTTPResponse post(String path, String body, String origin) throws Exception {
    HTTPRequest req = new HTTPRequest(HTTPRequest.Method.POST, URI.create(ISSUER + path).toURL());
    req.setHeader("Content-Type", "application/x-www-form-urlencoded");
    req.setHeader("Origin", origin);
    req.setBody(body);
    return provider.handle(req);
  }

  @Test
  void whenOriginIsTheClientsRedirectOriginThenTheTokenAnswerIsReadableThere() throws Exception {
    HTTPResponse r = post("/token", "grant_type=refresh_token&client_id=spa&refresh_token=unknown",
        "https://spa.example.com:8443");
    assertThat(r.getStatusCode()).isEqualTo(400);
    assertThat(r.getHeaderValue("Access-Control-Allow-Origin")).isEqualTo("https://spa.example.com:8443");
    assertThat(r.getHeaderValue("Access-Control-Allow-Credentials")).isNull();
  }

  @Test
  void whenOriginIsAnotherSiteThenNoCorsHeader() throws Exception {
    for (String origin : List.of("https://evil.example.com", "https://spa.example.com", "http://spa.example.com:8443")) {
      HTTPResponse r = post("/token", "grant_type=refresh_token&client_id=spa&refresh_token=unknown", origin);
      assertThat(r.getHeaderValue("Access-Control-Allow-Origin")).as(origin).isNull();
      r = post("/revoke", "client_id=spa&token=unknown", origin);
      assertThat(r.getStatusCode()).isEqualTo(200);
      assertThat(r.getHeaderValue("Access-Control-Allow-Origin")).as(origin).isNull();
    }
  }

  @Test
  void whenUserInfoIsCalledFromAnyOriginThenReadableWithoutCredentials() throws Exception {
    HTTPRequest req = new HTTPRequest(HTTPRequest.Method.GET, URI.create(ISSUER + "/userinfo").toURL());
    req.setHeader("Origin", "https://anywhere.example");
    HTTPResponse r = provider.handle(req);
    assertThat(r.getStatusCode()).isEqualTo(401);
    assertThat(r.getHeaderValue("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(r.getHeaderValue("Access-Control-Expose-Headers")).isEqualTo("WWW-Authenticate, DPoP-Nonce");
  }

  @Test
  void whenPreflightComesFromARegisteredOriginThenAllowedOnlyWhereThatOriginMayRead() {
    assertThat(provider.corsPreflight("/token", "https://spa.example.com:8443", "POST"))
        .containsEntry("Access-Control-Allow-Origin", "https://spa.example.com:8443")
        .doesNotContainKey("Access-Control-Allow-Credentials");
    assertThat(provider.corsPreflight("/token", "https://evil.example.com", "POST")).isEmpty();
    assertThat(provider.corsPreflight("/authorize", "https://spa.example.com:8443", "POST")).isEmpty();
    assertThat(provider.corsPreflight("/jwks", "https://evil.example.com", "GET"))
        .containsEntry("Access-Control-Allow-Origin", "*");
  }

  @Test
  void whenClientStoreIsDownThenPreflightIsRefusedNotThrown() {
    InMemoryClientStore clients = new InMemoryClientStore();
    ClientStore down = new ClientStore() {
      @Override public Optional<Client> find(String clientId) { return clients.find(clientId); }
      @Override public boolean create(Client client) { return clients.create(client); }
      @Override public boolean update(Client client) { return clients.update(client); }
      @Override public boolean delete(String clientId) { return clients.delete(clientId); }
      @Override public List<Client> list(int offset, int limit) { throw new StoreException("store unreachable (test)"); }
      @Override public List<Client> list(String owner, String name, String after, int limit) {
        throw new StoreException("store unreachable (test)");
      }
    };
    SsoProvider p = SsoProvider.builder(SsoSettings.builder(ISSUER).build()).clientStore(down).build();
    assertThat(p.corsPreflight("/token", "https://spa.example.com:8443", "POST")).isEmpty();
  }
}
