package dev.ssokit.spi;

import java.util.Map;
import java.util.Objects;

/**
 * A user as the provider sees it: a subject and its OIDC claims.
 *
 * @param subject the {@code sub} claim, stable and never reassigned
 * @param claims  standard claims such as {@code name}, {@code email}, {@code email_verified}
 */
public record UserAccount(String subject, Map<String, Object> claims) {
  /**
   * An account; the claims are copied, null claims taken as none.
   *
   * @param subject the {@code sub} claim, stable and never reassigned
   * @param claims  standard claims such as {@code name}, {@code email}, {@code email_verified}
   * @throws NullPointerException when {@code subject} is null
   */
  public UserAccount {
    Objects.requireNonNull(subject, "subject");
    claims = Map.copyOf(claims == null ? Map.of() : claims);
  }
}
