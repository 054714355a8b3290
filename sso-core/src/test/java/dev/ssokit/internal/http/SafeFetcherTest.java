package dev.ssokit.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SafeFetcherTest {
  private static HttpServer server;
  private static String base;
  private static final AtomicInteger HITS = new AtomicInteger();

  @BeforeAll
  static void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/jwks", x -> {
      HITS.incrementAndGet();
      byte[] body = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);
      x.getResponseHeaders().add("Content-Type", "application/json");
      x.sendResponseHeaders(200, 0); // chunked
      x.getResponseBody().write(body);
      x.close();
    });
    server.createContext("/to-private", x -> {
      x.getResponseHeaders().add("Location", "https://192.168.1.10/jwks");
      x.sendResponseHeaders(302, -1);
      x.close();
    });
    server.createContext("/to-metadata", x -> {
      x.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
      x.sendResponseHeaders(301, -1);
      x.close();
    });
    server.createContext("/to-jwks", x -> {
      x.getResponseHeaders().add("Location", "/jwks");
      x.sendResponseHeaders(302, -1);
      x.close();
    });
    server.createContext("/large", x -> {
      byte[] body = new byte[SafeFetcher.DEFAULT_MAX_BYTES + 1];
      x.sendResponseHeaders(200, body.length);
      x.getResponseBody().write(body);
      x.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  @Test
  void whenUrlIsPlainHttpToLoopbackThenRefusedWithoutConnecting() {
    int before = HITS.get();
    assertThatThrownBy(() -> SafeFetcher.create().get(URI.create(base + "/jwks")))
        .isInstanceOf(SafeFetcher.FetchException.class).hasMessageContaining("https");
    assertThat(HITS.get()).isEqualTo(before);
  }

  @Test
  void whenHttpsUrlResolvesToLoopbackThenRefused() {
    assertThatThrownBy(() -> SafeFetcher.create().get(URI.create("https://localhost:" + server.getAddress().getPort()
        + "/jwks"))).hasMessageContaining("non-public");
    assertThatThrownBy(() -> SafeFetcher.create().get(URI.create("https://[::ffff:127.0.0.1]/jwks")))
        .hasMessageContaining("non-public");
  }

  @Test
  void whenUrlIsAPrivateOrLinkLocalAddressThenRefused() {
    for (String url : new String[] {"https://10.0.0.1/jwks", "https://192.168.0.1/", "https://172.16.5.4/",
        "https://169.254.169.254/latest/meta-data/", "https://[fd00::1]/", "https://0.0.0.0/", "https://100.64.0.1/"}) {
      assertThatThrownBy(() -> SafeFetcher.create().get(URI.create(url))).as(url)
          .isInstanceOf(SafeFetcher.FetchException.class).hasMessageContaining("non-public");
    }
  }

  @Test
  void whenServerRedirectsToAPrivateAddressThenRefused() {
    SafeFetcher fetcher = SafeFetcher.allowingLoopbackForTests();
    assertThatThrownBy(() -> fetcher.get(URI.create(base + "/to-private"))).hasMessageContaining("non-public");
    assertThatThrownBy(() -> fetcher.get(URI.create(base + "/to-metadata"))).hasMessageContaining("non-public");
  }

  @Test
  void whenLoopbackIsAllowedForTestsThenBodyIsReadThroughRedirects() throws Exception {
    SafeFetcher.Response r = SafeFetcher.allowingLoopbackForTests().get(URI.create(base + "/to-jwks"));
    assertThat(r.text()).isEqualTo("{\"keys\":[]}");
    assertThat(r.contentType()).isEqualTo("application/json");
  }

  @Test
  void whenBodyExceedsTheBoundThenRefused() {
    assertThatThrownBy(() -> SafeFetcher.allowingLoopbackForTests().get(URI.create(base + "/large")))
        .hasMessageContaining("larger than");
  }

  @Test
  void whenUrlHasNoHostOrUserInfoThenRefused() {
    assertThatThrownBy(() -> SafeFetcher.create().get(URI.create("file:///etc/passwd"))).hasMessageContaining("host");
    assertThatThrownBy(() -> SafeFetcher.create().get(URI.create("https://user@example.com/")))
        .hasMessageContaining("host");
  }
}
