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

  /** How a password login (at the built-in login page or through the password grant) ended. */
  enum LoginOutcome {
    /** The username and password were accepted. */
    SUCCESS,
    /** The credentials were refused: wrong username or password, or an account that may not log in. */
    FAILURE,
    /**
     * Refused before the password was checked: too many recent attempts from this client, or failures
     * for this account and address.
     */
    THROTTLED
  }

  /** The two backend families: the durable store SPIs and the ephemeral {@link Cache}. */
  enum Backend {
    /** A durable store SPI ({@link ClientStore}, {@link UserStore}, ...). */
    STORE,
    /** The ephemeral {@link Cache}. */
    CACHE
  }

  /**
   * The token endpoint answered 200 for {@code grantType} to the authenticated {@code clientId}.
   *
   * @param grantType the {@code grant_type} of the request, e.g. {@code authorization_code}; never {@code null}
   * @param clientId  the {@code client_id} of the authenticated client; never {@code null}
   */
  default void tokenIssued(String grantType, String clientId) {}

  /**
   * An endpoint answered an error: {@code error} is the OAuth error code (RFC 6749 §4.1.2.1 / §5.2,
   * e.g. {@code invalid_grant}), or {@code http_<status>} for an error page without one.
   * {@code endpoint} is the route below the issuer without its leading slash ({@code token}, {@code authorize}).
   *
   * @param endpoint the route that answered, e.g. {@code token}; never {@code null}
   * @param error    the OAuth error code, or {@code http_<status>}; never {@code null}
   */
  default void errorAnswered(String endpoint, String error) {}

  /**
   * A password login attempt, at the built-in login page or through the password grant.
   *
   * @param outcome how the attempt ended; never {@code null}
   */
  default void login(LoginOutcome outcome) {}

  /**
   * A client failed to authenticate ({@code invalid_client}) at {@code endpoint}.
   *
   * @param endpoint the route below the issuer without its leading slash, e.g. {@code token}; never {@code null}
   */
  default void clientAuthenticationFailed(String endpoint) {}

  /**
   * One JWT signature with {@code algorithm} took {@code nanos}.
   *
   * @param algorithm the JWS algorithm name, e.g. {@code RS256}; never {@code null}
   * @param nanos     the time the signature took, in nanoseconds (a {@link System#nanoTime()} difference)
   */
  default void signed(String algorithm, long nanos) {}

  /**
   * One call of a store or cache SPI: {@code operation} is {@code Interface.method}
   * (e.g. {@code ClientStore.find}); {@code failed} when it threw.
   *
   * @param backend   whether a store or the cache was called; never {@code null}
   * @param operation {@code Interface.method} of the call; never {@code null}
   * @param nanos     the time the call took, a failed one included, in nanoseconds (a
   *                  {@link System#nanoTime()} difference)
   * @param failed    {@code true} when the call threw
   */
  default void backendCall(Backend backend, String operation, long nanos, boolean failed) {}
}
