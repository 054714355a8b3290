package dev.ssokit.spring;

import dev.ssokit.servlet.BearerTokenFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;

/**
 * Without Spring Security: {@link BearerTokenFilter} on the requests {@link BearerPaths} matches and on the
 * API's RFC 9728 metadata path ({@link ProtectedResourceMetadata}), every other request passes untouched. Servlet URL patterns cannot express Spring's path patterns, so the
 * filter is registered on {@code /*} and matches itself.
 */
final class BearerPathsFilter implements Filter {
  private final BearerPaths paths;
  private final BearerTokenFilter bearer;

  BearerPathsFilter(BearerPaths paths, BearerTokenFilter bearer) {
    this.paths = paths;
    this.bearer = bearer;
  }

  /** {@return the patterns this filter protects} */
  BearerPaths paths() {
    return paths;
  }

  /** {@return the filter that verifies the tokens (and answers the RFC 9728 metadata)} */
  BearerTokenFilter bearer() {
    return bearer;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request instanceof HttpServletRequest http
        && (paths.matches(http) || ProtectedResourceMetadata.requested(http, bearer))) {
      bearer.doFilter(request, response, chain);
    } else {
      chain.doFilter(request, response);
    }
  }
}
