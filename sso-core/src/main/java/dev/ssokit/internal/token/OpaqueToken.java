package dev.ssokit.internal.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random token values (codes, refresh tokens, session ids, CSRF tokens) and their SHA-256 handles.
 *
 * <p>IMPORTANT: stores and caches only ever see {@link #hash}; the value goes to its holder only.
 */
public final class OpaqueToken {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  /** Never used itself: {@link #sha256} hands out copies. */
  private static final MessageDigest SHA256 = newSha256();

  private OpaqueToken() {}

  /** A new value with 256 bits of entropy, base64url. */
  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return B64.encodeToString(bytes);
  }

  /** SHA-256 of the value, base64url: the handle under which a token is stored. */
  public static String hash(String value) {
    return B64.encodeToString(sha256().digest(value.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * A fresh SHA-256 digest: a copy of a prototype where the provider allows it (looking the algorithm up among
   * the providers again costs more than the hash of a token).
   */
  private static MessageDigest sha256() {
    try {
      return (MessageDigest) SHA256.clone();
    } catch (CloneNotSupportedException e) {
      return newSha256();
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JRE", e);
    }
  }

  /** Constant-time comparison of two secrets. */
  public static boolean equalsConstantTime(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
