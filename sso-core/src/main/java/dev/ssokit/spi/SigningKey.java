package dev.ssokit.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A signing key shared by every provider instance.
 *
 * @param kid       JWK key id
 * @param algorithm JWS algorithm ({@code RS256}, {@code ES256}, {@code EdDSA})
 * @param material  the private JWK as JSON, or that JSON encrypted as a compact JWE when a
 *                  key-encryption secret is configured (the store treats it as opaque text)
 * @param status    lifecycle state
 * @param createdAt when the key was generated; rotation ages count from here
 */
public record SigningKey(String kid, String algorithm, String material, Status status, Instant createdAt) {

  /** Rotation lifecycle: published before use, used while active, published after retirement. */
  public enum Status {
    /** Published in the JWK set, not signing yet. */
    NEXT,
    /** Signs new tokens; one per algorithm. */
    ACTIVE,
    /** No longer signs; published while tokens it signed may live. */
    RETIRED
  }

  /**
   * A key.
   *
   * @param kid       JWK key id
   * @param algorithm JWS algorithm ({@code RS256}, {@code ES256}, {@code EdDSA})
   * @param material  the private JWK as JSON, or that JSON encrypted as a compact JWE when a
   *                      key-encryption secret is configured (the store treats it as opaque text)
   * @param status    lifecycle state
   * @param createdAt when the key was generated; rotation ages count from here
   * @throws NullPointerException when any component is null
   */
  public SigningKey {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(material, "material");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
