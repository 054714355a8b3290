package dev.ssokit.example.standalone;

import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;

/**
 * Turns a failed start into the one line an operator needs: the variable to fix and why, e.g.
 * {@code SSO_REDIS_URL: cannot connect to cache:6379 (connection refused)}.
 *
 * <p>IMPORTANT: only host and port of a URL are quoted, never its user or password.
 */
final class StartFailure {
  private StartFailure() {}

  /** The innermost cause in words: "connection refused", "address already in use", "no such file". */
  static String reason(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof NoSuchFileException) {
      return "no such file";
    }
    if (root instanceof AccessDeniedException) {
      return "permission denied";
    }
    String message = root.getMessage();
    if (message == null || message.isBlank()) {
      return root.getClass().getSimpleName();
    }
    message = message.strip().lines().findFirst().orElse("");
    return message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
  }

  /** {@code variable: cannot connect to host:port (reason)} for a backend that did not answer at start. */
  static IllegalArgumentException unreachable(String variable, String url, RuntimeException e) {
    return new IllegalArgumentException(variable + ": cannot connect to " + where(url) + " (" + reason(e) + ")", e);
  }

  /** host:port of a URL (also of a {@code jdbc:} URL), or "the configured address" when it has none. */
  static String where(String url) {
    try {
      URI uri = URI.create(url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url);
      if (uri.getHost() == null) {
        return "the configured address";
      }
      return uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    } catch (IllegalArgumentException malformed) {
      return "the configured address";
    }
  }
}
