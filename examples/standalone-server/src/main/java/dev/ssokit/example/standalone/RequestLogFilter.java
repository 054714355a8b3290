package dev.ssokit.example.standalone;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import dev.ssokit.SsoProvider;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Gives every request a {@code request_id} (MDC key, so every log line of the request carries it)
 * and, with {@code SSO_ACCESS_LOG=true}, writes one access-log line per request to the logger
 * {@code dev.ssokit.access}: method, path, status, duration, client address.
 *
 * <p>IMPORTANT: the path is logged without its query: queries carry codes, tokens and state.
 */
final class RequestLogFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;
  /** The access log's logger name (its level can be set apart in an operator's own logback.xml). */
  static final String ACCESS_LOGGER = "dev.ssokit.access";
  static final String REQUEST_ID = "request_id";
  private static final Logger ACCESS = LoggerFactory.getLogger(ACCESS_LOGGER);

  private final boolean accessLog;
  private final SsoProvider provider;

  /** @param provider resolves the client address behind the trusted proxies of its settings */
  RequestLogFilter(boolean accessLog, SsoProvider provider) {
    this.accessLog = accessLog;
    this.provider = provider;
  }

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    long start = System.nanoTime();
    MDC.put(REQUEST_ID, HexFormat.of().formatHex(longBytes(ThreadLocalRandom.current().nextLong())));
    try {
      chain.doFilter(request, response);
    } finally {
      if (accessLog) {
        // getRequestURI() is the path alone (no query), as sent
        ACCESS.info("{} {} {} {}ms {}", request.getMethod(), request.getRequestURI(), response.getStatus(),
            (System.nanoTime() - start) / 1_000_000, clientAddress(request));
      }
      MDC.remove(REQUEST_ID);
    }
  }

  /** The client behind the trusted proxies (SSO_TRUSTED_PROXIES), as the abuse limits and audit events see it. */
  private String clientAddress(HttpServletRequest request) {
    HTTPRequest forwarded;
    try {
      forwarded = new HTTPRequest(HTTPRequest.Method.GET, new URL("http://localhost/"));
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
    forwarded.setClientIPAddress(request.getRemoteAddr());
    setHeader(forwarded, request, "Forwarded");
    setHeader(forwarded, request, "X-Forwarded-For");
    return provider.clientAddress(forwarded);
  }

  private static void setHeader(HTTPRequest target, HttpServletRequest request, String name) {
    List<String> values = Collections.list(request.getHeaders(name));
    if (!values.isEmpty()) {
      target.setHeader(name, values.toArray(new String[0]));
    }
  }

  private static byte[] longBytes(long v) {
    byte[] b = new byte[8];
    for (int i = 7; i >= 0; i--) {
      b[i] = (byte) v;
      v >>>= 8;
    }
    return b;
  }
}
