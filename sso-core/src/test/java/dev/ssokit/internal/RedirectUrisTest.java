package dev.ssokit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.internal.client.RedirectUris;
import dev.ssokit.spi.Client;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedirectUrisTest {

  private static Client client(String type, String... uris) {
    return new Client("c", null, null, List.of(uris).stream().map(URI::create).toList(), null,
        Set.of("authorization_code"), Set.of("openid"), "none", type, null, Instant.EPOCH);
  }

  @Test
  void whenExactMatchThenAccepted() {
    assertThat(RedirectUris.match(client("web", "https://app/cb"), "https://app/cb")).hasValue(URI.create("https://app/cb"));
  }

  @Test
  void whenAnyDifferenceThenRejected() {
    Client c = client("web", "https://app/cb");
    assertThat(RedirectUris.match(c, "https://app/cb/")).isEmpty();
    assertThat(RedirectUris.match(c, "https://app/cb?x=1")).isEmpty();
    assertThat(RedirectUris.match(c, "https://APP/cb")).isEmpty();
    assertThat(RedirectUris.match(c, "https://app/cb#f")).isEmpty();
  }

  @Test
  void whenNativeLoopbackWithOtherPortThenAccepted() {
    Client c = client("native", "http://127.0.0.1/callback");
    assertThat(RedirectUris.match(c, "http://127.0.0.1:51234/callback")).hasValue(URI.create("http://127.0.0.1:51234/callback"));
    assertThat(RedirectUris.match(c, "http://127.0.0.1:51234/other")).isEmpty();
  }

  @Test
  void whenWebClientLoopbackWithOtherPortThenRejected() {
    assertThat(RedirectUris.match(client("web", "http://127.0.0.1/callback"), "http://127.0.0.1:5000/callback")).isEmpty();
  }

  @Test
  void whenNoRedirectGivenThenOnlyASingleRegisteredOneIsUsed() {
    assertThat(RedirectUris.match(client("web", "https://app/cb"), null)).hasValue(URI.create("https://app/cb"));
    assertThat(RedirectUris.match(client("web", "https://app/a", "https://app/b"), null)).isEmpty();
  }
}
