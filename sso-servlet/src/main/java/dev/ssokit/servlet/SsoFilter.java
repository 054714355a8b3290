package dev.ssokit.servlet;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.http.JakartaServletUtils;
import dev.ssokit.SsoProvider;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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

  private final SsoProvider provider;

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
    if (request.getContentLengthLong() > MAX_BODY_BYTES) {
      response.sendError(413);
      return;
    }
    HTTPRequest httpRequest;
    try {
      httpRequest = JakartaServletUtils.createHTTPRequest(request, MAX_BODY_BYTES);
    } catch (IOException | IllegalArgumentException e) {
      // An unreadable request (unknown method, truncated or oversized body): a plain 400, nothing to log.
      response.setStatus(400);
      response.setContentType("application/json;charset=UTF-8");
      response.getWriter().write("{\"error\":\"invalid_request\",\"error_description\":\"unreadable request\"}");
      return;
    }
    HTTPResponse httpResponse = provider.handle(httpRequest);
    JakartaServletUtils.applyHTTPResponse(httpResponse, response);
  }
}
