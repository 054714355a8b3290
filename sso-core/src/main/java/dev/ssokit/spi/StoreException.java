package dev.ssokit.spi;

/**
 * A storage or cache backend failed (unreachable, timed out, constraint broken).
 *
 * <p>IMPORTANT: implementations throw it instead of swallowing failures; the provider turns it
 * into a clean 503 answer and never into a half-done protocol step.
 */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * A failure caused by {@code cause}.
   *
   * @param message what failed, without secrets or token values
   * @param cause   the backend's exception
   */
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * A failure without an underlying exception.
   *
   * @param message what failed, without secrets or token values
   */
  public StoreException(String message) {
    super(message);
  }
}
