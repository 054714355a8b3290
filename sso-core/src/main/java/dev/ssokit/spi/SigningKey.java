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
 */
public record SigningKey(String kid, String algorithm, String material, Status status, Instant createdAt) {

  /** Rotation lifecycle: published before use, used while active, published after retirement. */
  public enum Status { NEXT, ACTIVE, RETIRED }

  public SigningKey {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(material, "material");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
