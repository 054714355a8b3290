package dev.ssokit.spring;

import java.util.List;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The servlet URL patterns of {@code sso.bearer.paths} (Jakarta Servlet 6 §12.2), checked at start
 * and matched the same way with or without Spring Security: {@code /api/*} is {@code /api} and
 * everything below it, {@code *.json} an extension, anything else starting with {@code /} and
 * free of {@code *} an exact path.
 *
 * <p>IMPORTANT: any other form (a Spring-style {@code /api/**}, a {@code *} inside a segment, a
 * relative path) fails the start naming the property: a container would take it as an exact path
 * that no request ever has, and the API would stay unprotected.
 */
final class ServletUrlPatterns {
  private final List<String> patterns;

  private ServletUrlPatterns(List<String> patterns) {
    this.patterns = patterns;
  }

  /** The non-blank patterns of {@code sso.bearer.paths}, each checked. */
  static ServletUrlPatterns of(List<String> configured) {
    List<String> patterns = configured.stream().filter(p -> !p.isBlank()).map(String::strip).toList();
    for (String pattern : patterns) {
      String problem = problem(pattern);
      if (problem != null) {
        throw new InvalidConfigurationPropertyValueException(OnBearerPathsCondition.PROPERTY, pattern, problem);
      }
    }
    return new ServletUrlPatterns(patterns);
  }

  List<String> patterns() {
    return patterns;
  }

  /** True when {@code path} (the path within the application, without the context path) matches one pattern. */
  boolean matches(String path) {
    for (String pattern : patterns) {
      if (pattern.equals("/*")) {
        return true;
      }
      if (pattern.endsWith("/*")) {
        String prefix = pattern.substring(0, pattern.length() - 2);
        if (path.equals(prefix) || path.startsWith(prefix + "/")) {
          return true;
        }
      } else if (pattern.startsWith("*.")) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        if (last.endsWith(pattern.substring(1))) {
          return true;
        }
      } else if (path.equals(pattern)) {
        return true;
      }
    }
    return false;
  }

  private static String problem(String pattern) {
    if (pattern.startsWith("*.")) {
      String extension = pattern.substring(2);
      return extension.isEmpty() || extension.contains("/") || extension.contains("*")
          ? "an extension pattern is *.<extension>, e.g. *.json" : null;
    }
    if (!pattern.startsWith("/")) {
      return "a servlet URL pattern starts with / (e.g. /api/*) or is *.<extension>";
    }
    String fixed = pattern.endsWith("/*") ? pattern.substring(0, pattern.length() - 2) : pattern;
    if (fixed.contains("*")) {
      String hint = pattern.endsWith("/**") ? " write " + pattern.substring(0, pattern.length() - 1)
          + " (servlet URL pattern: the path and everything below it)" : " use /prefix/*, an exact path or *.<extension>";
      return "servlet URL patterns allow * only as a final /* or in *.<extension>;" + hint;
    }
    return null;
  }
}
