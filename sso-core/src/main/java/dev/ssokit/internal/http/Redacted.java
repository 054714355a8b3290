package dev.ssokit.internal.http;

/**
 * An exception's stack, for a log line, without any message: messages of unexpected exceptions
 * (URI and JSON parsers, JDBC drivers) quote their input, which may be a token, a code or a URL
 * carrying them.
 */
public final class Redacted extends RuntimeException {
  private static final long serialVersionUID = 1L;
  /** Causes kept at most (a cyclic chain ends here). */
  private static final int MAX_CAUSES = 8;

  private Redacted(Throwable original, Throwable cause) {
    super(original.getClass().getName() + " (message not logged)", cause, false, true);
    setStackTrace(original.getStackTrace());
  }

  /** The chain of {@code e} and its causes, types and stack frames only. */
  public static Redacted of(Throwable e) {
    return of(e, 0);
  }

  private static Redacted of(Throwable e, int depth) {
    Throwable cause = e.getCause() == null || e.getCause() == e || depth >= MAX_CAUSES ? null : of(e.getCause(), depth + 1);
    return new Redacted(e, cause);
  }
}
