package dev.ssokit.internal.client;

import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.internal.user.PasswordHashes;

/**
 * Client secret hashing (DESIGN.md §5): generated 256-bit secrets as SHA-256 compared in constant
 * time; human-chosen or imported secrets through argon2id.
 */
public final class ClientSecrets {
  static final String SHA256_PREFIX = "sha256:";

  private ClientSecrets() {}

  /** A new 256-bit secret (to show once) . */
  public static String generate() {
    return OpaqueToken.generate();
  }

  /** Hash of a secret SSO Kit generated (high entropy). */
  public static String hashGenerated(String secret) {
    return SHA256_PREFIX + OpaqueToken.hash(secret);
  }

  /** Hash of a secret a human chose or imported (unknown entropy). */
  public static String hashChosen(String secret) {
    return PasswordHashes.hash(secret);
  }

  /** True when {@code secret} matches the stored {@code hash}. */
  public static boolean matches(String secret, String hash) {
    if (secret == null || hash == null) {
      return false;
    }
    if (hash.startsWith(SHA256_PREFIX)) {
      return OpaqueToken.equalsConstantTime(SHA256_PREFIX + OpaqueToken.hash(secret), hash);
    }
    return PasswordHashes.matches(secret, hash);
  }
}
