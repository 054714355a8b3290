package dev.ssokit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientOptions;
import dev.ssokit.spi.ClientStore;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ClientStore} shares; a backend's test extends it and supplies the store.
 *
 * <p>IMPORTANT: instants in fixtures are whole seconds, so backends with microsecond precision
 * (PostgreSQL {@code timestamptz}) round-trip them exactly.
 */
public abstract class ClientStoreContract {

  /** A fresh, empty store; called once per test. */
  protected abstract ClientStore newStore();

  static final Instant CREATED = Instant.parse("2030-01-02T03:04:05Z");

  /** A confidential web client with every field set. */
  static Client confidential(String clientId) {
    return new Client(clientId, "sha256:c2VjcmV0LWhhc2g", "App " + clientId,
        List.of(URI.create("https://app.example/cb"), URI.create("https://app.example/alt-cb")),
        List.of(URI.create("https://app.example/bye")),
        Set.of("authorization_code", "refresh_token"), Set.of("openid", "profile", "email"),
        Client.AUTH_CLIENT_SECRET_BASIC, Client.APPLICATION_TYPE_WEB, Client.ACCESS_TOKEN_OPAQUE, CREATED,
        ClientOptions.builder()
            .allowedResources(Set.of(URI.create("https://api.example/"), URI.create("https://files.example/v1")))
            .introspectAllTokens(true)
            .requirePkce(true)
            .jwks("{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"k1\","
                + "\"x\":\"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4\","
                + "\"y\":\"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM\"}]}")
            .requestObjectSigningAlg("ES256")
            .backchannelLogout(URI.create("https://app.example/backchannel"), true)
            .frontchannelLogout(URI.create("https://app.example/frontchannel"), true)
            .tokenLifetimes(java.time.Duration.ofSeconds(300), java.time.Duration.ofSeconds(120),
                java.time.Duration.ofDays(7))
            .firstParty(true)
            .consentPolicy(ClientOptions.CONSENT_SKIP)
            .allowedAcrValues(List.of("urn:ssokit:acr:pwd", "urn:ssokit:acr:mfa"))
            .defaultAcrValues(List.of("urn:ssokit:acr:pwd"))
            .tokenExchangeAudiences(List.of("https://orders.example"))
            .build());
  }

  /** A public native client: no secret, defaults for the optional fields. */
  static Client publicNative(String clientId) {
    return new Client(clientId, null, null, List.of(URI.create("http://127.0.0.1/callback")), null,
        Set.of("authorization_code"), Set.of("openid"), Client.AUTH_NONE, Client.APPLICATION_TYPE_NATIVE, null,
        CREATED);
  }

  @Test
  void whenCreatedThenFindReturnsEqualClient() {
    ClientStore store = newStore();
    Client client = confidential("web-app");

    assertThat(store.create(client)).isTrue();

    assertThat(store.find("web-app")).contains(client);
  }

  @Test
  void whenPublicClientWithDefaultsCreatedThenNullSecretAndEmptyListsRoundTrip() {
    ClientStore store = newStore();
    Client client = publicNative("native-app");

    store.create(client);

    Client found = store.find("native-app").orElseThrow();
    assertThat(found).isEqualTo(client);
    assertThat(found.secretHash()).isNull();
    assertThat(found.postLogoutRedirectUris()).isEmpty();
    assertThat(found.isPublic()).isTrue();
  }

  @Test
  void whenRedirectUrisGivenThenTheirOrderIsKept() {
    ClientStore store = newStore();
    List<URI> uris = List.of(URI.create("https://z.example/cb"), URI.create("https://a.example/cb"),
        URI.create("https://m.example/cb?x=1"));
    Client client = new Client("ordered", null, null, uris, null, null, null, Client.AUTH_NONE, null, null, CREATED);

    store.create(client);

    assertThat(store.find("ordered").orElseThrow().redirectUris()).containsExactlyElementsOf(uris);
  }

  @Test
  void whenUnknownIdThenFindIsEmpty() {
    assertThat(newStore().find("nobody")).isEmpty();
  }

  @Test
  void whenIdTakenThenCreateReturnsFalseAndKeepsTheFirst() {
    ClientStore store = newStore();
    Client first = confidential("dup");
    store.create(first);

    assertThat(store.create(publicNative("dup"))).isFalse();

    assertThat(store.find("dup")).contains(first);
  }

  @Test
  void whenUpdatedThenFindReturnsTheNewVersion() {
    ClientStore store = newStore();
    store.create(confidential("app"));
    Client rotated = confidential("app").withSecretHash("sha256:bmV3LXNlY3JldA");

    assertThat(store.update(rotated)).isTrue();

    assertThat(store.find("app")).contains(rotated);
  }

  @Test
  void whenUpdatingUnknownClientThenFalseAndNothingCreated() {
    ClientStore store = newStore();

    assertThat(store.update(confidential("ghost"))).isFalse();

    assertThat(store.find("ghost")).isEmpty();
  }

  @Test
  void whenDeletedThenGoneAndSecondDeleteReturnsFalse() {
    ClientStore store = newStore();
    store.create(confidential("app"));
    store.create(confidential("other"));

    assertThat(store.delete("app")).isTrue();

    assertThat(store.find("app")).isEmpty();
    assertThat(store.find("other")).isPresent();
    assertThat(store.delete("app")).isFalse();
  }

  @Test
  void whenListedThenOrderedByClientIdCodePointsAndPaged() {
    ClientStore store = newStore();
    // upper case sorts before lower case by code point, unlike most natural-language collations
    for (String id : List.of("b-app", "a-app", "A-app", "c-app", "B-app")) {
      store.create(publicNative(id));
    }

    assertThat(store.list(0, 10)).extracting(Client::clientId)
        .containsExactly("A-app", "B-app", "a-app", "b-app", "c-app");
    assertThat(store.list(1, 2)).extracting(Client::clientId).containsExactly("B-app", "a-app");
    assertThat(store.list(4, 10)).extracting(Client::clientId).containsExactly("c-app");
    assertThat(store.list(5, 10)).isEmpty();
    assertThat(store.list(0, 0)).isEmpty();
  }

  @Test
  void whenOffsetOrLimitNegativeThenIllegalArgument() {
    ClientStore store = newStore();

    assertThatThrownBy(() -> store.list(-1, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.list(0, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  static Client ownedBy(String clientId, String name, String owner) {
    return new Client(clientId, null, name, List.of(URI.create("https://app.example/cb")), null,
        Set.of("authorization_code"), Set.of("openid"), Client.AUTH_NONE, null, null, CREATED,
        ClientOptions.builder().owner(owner).logoUri(URI.create("https://app.example/logo.png"))
            .clientUri(URI.create("https://app.example/")).policyUri(URI.create("https://app.example/privacy"))
            .tosUri(URI.create("https://app.example/terms")).build());
  }

  @Test
  void whenListedByCursorThenPagesFollowClientIdOrder() {
    ClientStore store = newStore();
    for (String id : List.of("c", "a", "B", "d")) {
      store.create(ownedBy(id, "App " + id, null));
    }

    assertThat(store.list(null, null, null, 2)).extracting(Client::clientId).containsExactly("B", "a");
    assertThat(store.list(null, null, "a", 2)).extracting(Client::clientId).containsExactly("c", "d");
    assertThat(store.list(null, null, "d", 2)).isEmpty();
  }

  @Test
  void whenListedByOwnerThenOnlyTheirClients() {
    ClientStore store = newStore();
    store.create(ownedBy("a1", "Alpha", "alice"));
    store.create(ownedBy("b1", "Beta", "bob"));
    store.create(ownedBy("a2", "Gamma", "alice"));
    store.create(ownedBy("n1", "Nobody's", null));

    assertThat(store.list("alice", null, null, 10)).extracting(Client::clientId).containsExactly("a1", "a2");
    assertThat(store.list("alice", null, null, 10).get(0).options().owner()).isEqualTo("alice");
    assertThat(store.list("carol", null, null, 10)).isEmpty();
  }

  @Test
  void whenListedByNameThenMatchedIgnoringCaseAnywhere() {
    ClientStore store = newStore();
    store.create(ownedBy("a1", "Billing Portal", "alice"));
    store.create(ownedBy("b1", "portal for partners", "bob"));
    store.create(ownedBy("c1", "Reports", "alice"));

    assertThat(store.list(null, "PORTAL", null, 10)).extracting(Client::clientId).containsExactly("a1", "b1");
    assertThat(store.list("alice", "portal", null, 10)).extracting(Client::clientId).containsExactly("a1");
    assertThat(store.list(null, "%", null, 10)).isEmpty();
  }

  @Test
  void whenOwnerAndLogoSetThenTheyRoundTrip() {
    ClientStore store = newStore();
    Client client = ownedBy("app", "App", "alice");
    store.create(client);

    assertThat(store.find("app")).contains(client);
  }
}
