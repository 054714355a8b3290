package dev.ssokit.example.standalone;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A relying party's Back-Channel Logout endpoint for the tests (a JDK {@link HttpServer} on a free
 * loopback port): records every {@code logout_token} POSTed to {@code /backchannel/<client>} and
 * answers the status set by {@link #answer} (200 by default).
 */
final class LogoutReceiver implements AutoCloseable {
  /** One POST received: the path's client and the form's {@code logout_token} and content type. */
  record Received(String client, String logoutToken, String contentType) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(200);
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

  private LogoutReceiver(HttpServer server) {
    this.server = server;
  }

  static LogoutReceiver start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    LogoutReceiver receiver = new LogoutReceiver(server);
    server.createContext("/backchannel/", exchange -> {
      String client = exchange.getRequestURI().getPath().substring("/backchannel/".length());
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      receiver.attempts.computeIfAbsent(client, k -> new AtomicInteger()).incrementAndGet();
      int answer = receiver.status.get();
      if (answer == 200) {
        String token = null;
        for (String pair : body.split("&")) {
          if (pair.startsWith("logout_token=")) {
            token = URLDecoder.decode(pair.substring("logout_token=".length()), StandardCharsets.UTF_8);
          }
        }
        receiver.received.add(new Received(client, token, exchange.getRequestHeaders().getFirst("Content-Type")));
      }
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(answer, -1);
      exchange.close();
    });
    server.start();
    return receiver;
  }

  /** The back-channel logout URI of {@code client} at this receiver. */
  URI uri(String client) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/backchannel/" + client);
  }

  /** The status answered from now on. */
  void answer(int httpStatus) {
    status.set(httpStatus);
  }

  /** Tokens accepted (answered 200) so far. */
  List<Received> received() {
    return List.copyOf(received);
  }

  /** POSTs that reached {@code client}'s endpoint, whatever was answered. */
  int attempts(String client) {
    AtomicInteger n = attempts.get(client);
    return n == null ? 0 : n.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
