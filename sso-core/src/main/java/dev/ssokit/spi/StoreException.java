package dev.ssokit.spi;

/**
 * A storage or cache backend failed (unreachable, timed out, constraint broken).
 *
 * <p>IMPORTANT: implementations throw it instead of swallowing failures; the provider turns it
 * into a clean 503 answer and never into a half-done protocol step.
 */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
