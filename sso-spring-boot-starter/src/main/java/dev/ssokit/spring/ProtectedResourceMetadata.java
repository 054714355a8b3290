package dev.ssokit.spring;

import dev.ssokit.servlet.BearerTokenFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9728 for {@code sso.bearer.*}: the {@link BearerTokenFilter} of the bearer paths also answers the
 * API's Protected Resource Metadata ({@code /.well-known/oauth-protected-resource}, path-suffixed when the
 * audience has a path), so the filter must see that path too, with or without Spring Security; its 401s
 * name the document in {@code resource_metadata}.
 */
final class ProtectedResourceMetadata {
  private ProtectedResourceMetadata() {
  }

  /** True when {@code request} asks for the filter's metadata document. */
  static boolean requested(HttpServletRequest request, BearerTokenFilter filter) {
    String metadata = filter.resourceMetadataPath();
    return metadata != null && metadata.equals(request.getRequestURI().substring(request.getContextPath().length()));
  }

  /** {@code , resource_metadata="..."} for a challenge of the bearer paths, or nothing (RFC 9728 §5.1). */
  static String challengeParameter(BearerTokenFilter filter) {
    String url = filter.resourceMetadataUrl();
    return url == null ? "" : ", resource_metadata=\"" + url + "\"";
  }
}
