package dev.ssokit.internal.http;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The provider's one way out to other servers (Back-Channel Logout deliveries): short timeouts,
 * no redirect followed (a 3xx is an answer, not an invitation), the response body discarded.
 *
 * <p>IMPORTANT: answers the status code only; a network failure or timeout is an {@link IOException}.
 */
public final class OutboundHttp {
  /** Longest wait for a TCP (and TLS) connection. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
  /** Longest wait for the response headers once connected. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Built at the first delivery, not with the provider: an {@link HttpClient} initialises the JDK's
   * default TLS context (the CA certificates, a fifth of a second at start-up) whether it is used or not.
   */
  private static final class Client {
    static final HttpClient INSTANCE = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade attempt towards plain-http receivers
        .connectTimeout(CONNECT_TIMEOUT)
        .build();
  }

  /** POSTs {@code form} as {@code application/x-www-form-urlencoded}; returns the status code. */
  public int postForm(URI target, Map<String, String> form) throws IOException {
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest request = HttpRequest.newBuilder(target)
        .timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      return Client.INSTANCE.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while sending to " + target.getHost(), e);
    } catch (IllegalArgumentException e) {
      throw new IOException("cannot send to " + target.getHost() + ": " + e.getMessage(), e);
    }
  }
}
