package dev.ssokit.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * The path patterns of {@code sso.bearer.paths}, in Spring's syntax ({@link PathPattern}: {@code /api/**},
 * {@code /api/{id}}, {@code /files/*.json}), checked at start and matched the same way with or without
 * Spring Security.
 *
 * <p>A request matches when its path within the application matches a pattern, as the container routes
 * it (the decoded, normalised servlet path) or as Spring MVC does (the request URI without the context
 * path, decoded per segment): a path that either of them would send to a protected handler needs a token.
 *
 * <p>IMPORTANT: an empty pattern, one not starting with {@code /}, one Spring cannot parse and a servlet
 * URL pattern whose meaning differs in Spring's syntax ({@code /api/*}: everything below {@code /api} for
 * the container, one segment for Spring; {@code *.json}) fail the start naming the property and the value.
 */
final class BearerPaths {
  private final List<PathPattern> patterns;

  private BearerPaths(List<PathPattern> patterns) {
    this.patterns = patterns;
  }

  /**
   * The patterns of {@code sso.bearer.paths}, each checked.
   *
   * @throws InvalidConfigurationPropertyValueException naming the property and the value that cannot be honoured
   */
  static BearerPaths of(List<String> configured) {
    List<PathPattern> patterns = new ArrayList<>();
    for (int i = 0; i < configured.size(); i++) {
      String value = configured.get(i) == null ? "" : configured.get(i).strip();
      String property = OnBearerPathsCondition.PROPERTY + "[" + i + "]";
      if (value.isEmpty()) {
        throw new InvalidConfigurationPropertyValueException(property, value,
            "an empty pattern protects nothing; remove it or write a path pattern such as /api/**");
      }
      if (value.startsWith("*.")) {
        throw new InvalidConfigurationPropertyValueException(property, value, "servlet extension patterns are"
            + " not supported; write a Spring path pattern starting with /, e.g. /files/*" + value.substring(1));
      }
      if (!value.startsWith("/")) {
        throw new InvalidConfigurationPropertyValueException(property, value,
            "a path pattern starts with / (e.g. /api/**)");
      }
      if (value.endsWith("/*")) {
        // Jakarta Servlet §12.2 and Spring disagree: the old servlet form would protect less than it used to
        String prefix = value.substring(0, value.length() - 2);
        throw new InvalidConfigurationPropertyValueException(property, value, "ambiguous: as a servlet URL"
            + " pattern it is " + (prefix.isEmpty() ? "/" : prefix) + " and everything below it, as a Spring path"
            + " pattern one segment only; write " + prefix + "/** for the first or " + prefix + "/{name} for the second");
      }
      try {
        patterns.add(PathPatternParser.defaultInstance.parse(value));
      } catch (PatternParseException e) {
        throw new InvalidConfigurationPropertyValueException(property, value,
            "not a Spring path pattern: " + e.getMessage());
      }
    }
    return new BearerPaths(List.copyOf(patterns));
  }

  /** {@return the patterns as written} */
  List<String> patterns() {
    return patterns.stream().map(PathPattern::getPatternString).toList();
  }

  /** True when the request's path within the application, as Spring MVC or the container sees it, matches. */
  boolean matches(HttpServletRequest request) {
    String pathInfo = request.getPathInfo();
    // the container's decoded, normalised path: % and ; are literal characters there, not escapes or parameters
    String decoded = request.getServletPath() + (pathInfo == null ? "" : pathInfo);
    if (matches(PathContainer.parsePath(decoded.replace("%", "%25").replace(";", "%3B")))) {
      return true;
    }
    String uri = request.getRequestURI();
    String contextPath = request.getContextPath();
    try {
      // Spring MVC's lookup path: the raw URI without the context path, decoded per segment
      return matches(uri.startsWith(contextPath)
          ? RequestPath.parse(uri, contextPath).pathWithinApplication() : PathContainer.parsePath(uri));
    } catch (IllegalArgumentException e) {
      // an invalid %-escape: no handler is routed by it, the container's path above decided
      return false;
    }
  }

  /** True when {@code path} (within the application, without the context path) matches one pattern. */
  boolean matches(String path) {
    return matches(PathContainer.parsePath(path));
  }

  private boolean matches(PathContainer path) {
    for (PathPattern pattern : patterns) {
      if (pattern.matches(path)) {
        return true;
      }
    }
    return false;
  }
}
