package dev.ssokit.spi;

/**
 * Receives the provider's operational measurements, for a metrics library of the host's choice
 * (the Spring Boot starter binds it to Micrometer): tokens issued, errors answered, logins, client
 * authentication failures, signing time and the latency of every store and cache call.
 *
 * <p>IMPORTANT: called on request threads, so an implementation must be fast and must not throw.
 * Every argument is of bounded variety (grant types, registered client ids, OAuth error codes,
 * endpoint and operation names), never a token, secret, username or address.
 */
public interface ProviderMetrics {
  /** Measures nothing: the default. */
  ProviderMetrics NONE = new ProviderMetrics() {};

  /** How a password login at the built-in login page ended. */
  enum LoginOutcome { SUCCESS, FAILURE, THROTTLED }

  /** The two backend families: the durable store SPIs and the ephemeral {@link Cache}. */
  enum Backend { STORE, CACHE }

  /** The token endpoint answered 200 for {@code grantType} to the authenticated {@code clientId}. */
  default void tokenIssued(String grantType, String clientId) {}

  /**
   * An endpoint answered an error: {@code error} is the OAuth error code (RFC 6749 §4.1.2.1 / §5.2,
   * e.g. {@code invalid_grant}), or {@code http_<status>} for an error page without one.
   * {@code endpoint} is the route below the issuer without its leading slash ({@code token}, {@code authorize}).
   */
  default void errorAnswered(String endpoint, String error) {}

  /** A login attempt at the built-in login page. */
  default void login(LoginOutcome outcome) {}

  /** A client failed to authenticate ({@code invalid_client}) at {@code endpoint}. */
  default void clientAuthenticationFailed(String endpoint) {}

  /** One JWT signature with {@code algorithm} took {@code nanos}. */
  default void signed(String algorithm, long nanos) {}

  /**
   * One call of a store or cache SPI: {@code operation} is {@code Interface.method}
   * (e.g. {@code ClientStore.find}); {@code failed} when it threw.
   */
  default void backendCall(Backend backend, String operation, long nanos, boolean failed) {}
}
