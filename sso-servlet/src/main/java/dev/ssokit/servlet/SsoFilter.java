package dev.ssokit.servlet;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.SsoProvider;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A servlet filter that makes the host application an OpenID Connect provider: requests to the
 * provider's endpoints (below the issuer's path) are answered by {@link SsoProvider#handle}, every
 * other request passes down the chain untouched.
 *
 * <p>IMPORTANT: map it on {@code /*} (or on the issuer's path and {@code /.well-known/*}); request
 * bodies above {@link #MAX_BODY_BYTES} are refused with 413.
 */
public final class SsoFilter implements Filter {
  /** Largest accepted request body: every legitimate OAuth request is far smaller. */
  public static final int MAX_BODY_BYTES = 64 * 1024;
  /** Largest refused body still read (and dropped) before answering, so the client sees the answer. */
  static final int DRAIN_LIMIT_BYTES = 1024 * 1024;

  /** Methods handed to the provider; the endpoints themselves answer 405 for the ones they refuse. */
  private static final java.util.Set<String> KNOWN_METHODS = java.util.Set.of("GET", "POST", "PUT", "DELETE");

  private final SsoProvider provider;

  /**
   * A filter that hands the provider's requests to {@code provider}.
   *
   * @param provider answers the requests to its endpoints; not null
   */
  public SsoFilter(SsoProvider provider) {
    this.provider = Objects.requireNonNull(provider, "provider");
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    if (!provider.handles(request.getRequestURI())) {
      chain.doFilter(req, res);
      return;
    }
    String method = request.getMethod();
    if (!KNOWN_METHODS.contains(method)) {
      // Nimbus' HTTP model knows GET, POST, PUT and DELETE only; anything else is not an OAuth method.
      drain(request);
      response.setHeader("Allow", "GET, POST");
      response.setHeader("X-Content-Type-Options", "nosniff");
      if ("OPTIONS".equals(method)) {
        // CORS preflight: answered only for origins that may read the endpoint (SsoProvider#corsPreflight);
        // for any other origin no Access-Control-* header, so the browser does not send the request.
        provider.corsPreflight(request.getRequestURI(), request.getHeader("Origin"),
            request.getHeader("Access-Control-Request-Method")).forEach(response::setHeader);
        response.addHeader("Vary", "Origin");
        response.setStatus(204);
        return;
      }
      reject(response, 405, "HTTP method not allowed here");
      return;
    }
    if (request.getContentLengthLong() > MAX_BODY_BYTES) {
      // RFC 6749 §5.2 shape even here: clients parse the error member (sendError would write an HTML page).
      drain(request);
      reject(response, 413, "request body too large");
      return;
    }
    HTTPRequest httpRequest;
    try {
      httpRequest = ServletRequests.toHttpRequest(request, MAX_BODY_BYTES);
    } catch (IOException | RuntimeException e) {
      // An unreadable request (truncated or oversized body, a body that is not text in its charset, a malformed
      // form, or the container's own BadMessageException when it decodes a consumed form): a plain 400, nothing
      // to log. Without this the container answered its HTML error page instead of an OAuth error.
      drain(request);
      reject(response, 400, "unreadable request");
      return;
    }
    HTTPResponse httpResponse = provider.handle(httpRequest);
    apply(httpResponse, response);
  }

  /**
   * Copies the provider's answer onto the servlet response, the body as UTF-8 bytes with its length
   * (every body the provider writes is declared UTF-8): the container's character writer would
   * encode it character by character, a visible share of a token request's CPU.
   */
  static void apply(HTTPResponse answer, HttpServletResponse response) throws IOException {
    response.setStatus(answer.getStatusCode());
    for (Map.Entry<String, List<String>> header : answer.getHeaderMap().entrySet()) {
      for (String value : header.getValue()) {
        response.addHeader(header.getKey(), value);
      }
    }
    String body = answer.getBody();
    if (body != null) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      response.setContentLength(bytes.length);
      response.getOutputStream().write(bytes);
    }
  }

  /**
   * Reads and drops what is left of a refused body (up to {@link #DRAIN_LIMIT_BYTES}): answering while
   * the client is still sending makes the TCP stack reset the connection, and the client then never
   * sees the error. Above the limit the connection is closed.
   */
  private static void drain(HttpServletRequest request) {
    try (var in = request.getInputStream()) {
      byte[] buffer = new byte[8192];
      long total = 0;
      int n;
      while (total <= DRAIN_LIMIT_BYTES && (n = in.read(buffer)) > 0) {
        total += n;
      }
    } catch (IOException | IllegalStateException e) {
      // Nothing more to read (already consumed as parameters, or the client went away): fine.
    }
  }

  private static void reject(HttpServletResponse response, int status, String description) throws IOException {
    response.setStatus(status);
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setContentType("application/json;charset=UTF-8");
    response.getWriter().write("{\"error\":\"invalid_request\",\"error_description\":\"" + description + "\"}");
  }
}
