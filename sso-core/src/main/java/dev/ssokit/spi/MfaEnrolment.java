package dev.ssokit.spi;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The second factor of an account: a TOTP secret (RFC 6238) and its recovery codes.
 *
 * @param subject           the account
 * @param secret            the TOTP shared secret, base32 (RFC 4648), as the authenticator app holds it
 * @param confirmed         false until the user proved the app works with a first code; only a confirmed
 *                          enrolment is asked for at login
 * @param recoveryCodeHashes SHA-256 of each unused recovery code (high-entropy, single use)
 * @param createdAt         when the secret was generated
 */
public record MfaEnrolment(String subject, String secret, boolean confirmed, List<String> recoveryCodeHashes,
                           Instant createdAt) {
  /**
   * An enrolment.
   *
   * @param subject            the account
   * @param secret             the TOTP secret
   * @param confirmed          whether a first code confirmed it (only then is it asked for at login)
   * @param recoveryCodeHashes the hashes of the unused recovery codes; {@code null} is taken as none
   * @param createdAt          when the secret was generated
   * @throws NullPointerException when {@code subject}, {@code secret} or {@code createdAt} is null
   */
  public MfaEnrolment {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(createdAt, "createdAt");
    recoveryCodeHashes = List.copyOf(recoveryCodeHashes == null ? List.of() : recoveryCodeHashes);
  }
}
