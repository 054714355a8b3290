package dev.ssokit.example.standalone;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP reverse proxy in front of several provider instances, playing the load balancer:
 * round-robin per request by default, or every request to one chosen backend ({@link #pin}), so a
 * test decides deterministically which instance serves which step. Every request served is
 * recorded ({@link #served()}).
 *
 * <p>IMPORTANT: test code; it copies bodies and end-to-end headers only and has no timeouts to tune.
 */
final class RoutingHttpProxy implements AutoCloseable {
  /** Hop-by-hop headers (RFC 9110 §7.6.1) and those the JDK client sets itself: never forwarded. */
  private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection",
      "transfer-encoding", "te", "trailer", "upgrade", "host", "content-length", "expect", "date");
  private static final Duration BACKEND_TIMEOUT = Duration.ofSeconds(30);

  /** One request the proxy forwarded, and to which backend. */
  record Served(String method, String path, String backend, int status) {}

  private record Backend(String name, URI base) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(BACKEND_TIMEOUT).build();
  private final List<Backend> backends = new CopyOnWriteArrayList<>();
  private final List<Served> served = new CopyOnWriteArrayList<>();
  private int nextIndex;
  private String pinned;

  RoutingHttpProxy() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(executor);
    server.createContext("/", this::forward);
    server.start();
  }

  /** The URL clients use: the issuer every backend shares. */
  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  void addBackend(String name, URI base) {
    backends.add(new Backend(name, base));
  }

  /** From now on every request goes to {@code backend}. */
  synchronized void pin(String backend) {
    if (backends.stream().noneMatch(b -> b.name().equals(backend))) {
      throw new IllegalArgumentException("no backend " + backend);
    }
    pinned = backend;
  }

  /** From now on requests alternate between the backends in the order they were added. */
  synchronized void roundRobin() {
    pinned = null;
  }

  /** Every request forwarded so far, oldest first. */
  List<Served> served() {
    return List.copyOf(served);
  }

  private synchronized Backend choose() {
    if (pinned != null) {
      return backends.stream().filter(b -> b.name().equals(pinned)).findFirst().orElseThrow();
    }
    Backend b = backends.get(nextIndex % backends.size());
    nextIndex++;
    return b;
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      Backend backend = choose();
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      URI target = backend.base().resolve(exchange.getRequestURI().getRawPath()
          + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
      HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(BACKEND_TIMEOUT)
          .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(body));
      for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
        if (!NOT_FORWARDED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
          h.getValue().forEach(v -> request.header(h.getKey(), v));
        }
      }
      HttpResponse<byte[]> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(502, -1);
        return;
      } catch (IOException e) {
        // a backend that is down answers 502, as a load balancer would
        exchange.sendResponseHeaders(502, -1);
        served.add(new Served(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), backend.name(), 502));
        return;
      }
      for (Map.Entry<String, List<String>> h : response.headers().map().entrySet()) {
        String name = h.getKey().toLowerCase(Locale.ROOT);
        if (!name.startsWith(":") && !NOT_FORWARDED.contains(name)) {
          exchange.getResponseHeaders().put(h.getKey(), new ArrayList<>(h.getValue()));
        }
      }
      byte[] answer = response.body();
      served.add(new Served(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), backend.name(),
          response.statusCode()));
      exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
