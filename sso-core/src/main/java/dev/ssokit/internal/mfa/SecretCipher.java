package dev.ssokit.internal.mfa;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * TOTP secrets at rest: AES-256-GCM (NIST SP 800-38D) with a random 96-bit nonce and the account's
 * subject as associated data, so a ciphertext copied to another account's row does not open. Stored
 * form: {@code v1.<key id>.<nonce>.<ciphertext and tag>} (base64url); the key id is the first 8
 * characters of the base64url SHA-256 of the key, so keys can rotate: the current key seals, every
 * configured key opens.
 *
 * <p>IMPORTANT: a stored value without the {@value #PREFIX} prefix is a secret from before encryption
 * (base32 never contains a dot): it is read as it is and re-sealed on its next use
 * ({@link #needsReseal}).
 */
final class SecretCipher {
  static final String PREFIX = "v1.";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final String currentId;
  private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

  /** A sealed secret named a key this provider is not configured with, or its tag did not verify. */
  static final class CannotOpen extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CannotOpen(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * @param current  the sealing key (base64, 32 bytes), or {@code null}: nothing is sealed
   * @param previous former keys (base64), only opened with
   */
  SecretCipher(String current, List<String> previous) {
    this.currentId = current == null ? null : add(current);
    for (String p : previous) {
      add(p);
    }
  }

  private String add(String base64) {
    byte[] key = Base64.getDecoder().decode(base64.trim());
    String id = keyId(key);
    keys.putIfAbsent(id, new SecretKeySpec(key, "AES"));
    return id;
  }

  static String keyId(byte[] key) {
    try {
      return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(key)).substring(0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** True when there is a key to seal with. */
  boolean sealing() {
    return currentId != null;
  }

  /** The stored form of {@code secret} of {@code subject}; the secret itself when there is no key. */
  String seal(String subject, String secret) {
    if (currentId == null) {
      return secret;
    }
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(aad(subject));
      byte[] sealed = c.doFinal(secret.getBytes(StandardCharsets.US_ASCII));
      return PREFIX + currentId + "." + B64.encodeToString(nonce) + "." + B64.encodeToString(sealed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  /**
   * The secret of a stored form of {@code subject}.
   *
   * @throws CannotOpen when the key it names is not configured or the value was altered
   */
  String open(String subject, String stored) {
    if (!stored.startsWith(PREFIX)) {
      return stored;
    }
    String[] parts = stored.split("\\.", -1);
    if (parts.length != 4) {
      throw new CannotOpen("malformed encrypted TOTP secret");
    }
    SecretKeySpec key = keys.get(parts[1]);
    if (key == null) {
      throw new CannotOpen("the TOTP secret is encrypted with key " + parts[1]
          + ", which is neither the encryption key nor a previous one");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, Base64.getUrlDecoder().decode(parts[2])));
      c.updateAAD(aad(subject));
      return new String(c.doFinal(Base64.getUrlDecoder().decode(parts[3])), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException | javax.crypto.AEADBadTagException e) {
      throw new CannotOpen("the encrypted TOTP secret does not verify (altered, or of another account)");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JDK", e);
    }
  }

  /** True when {@code stored} should be written again: plain while a key exists, or sealed with an older key. */
  boolean needsReseal(String stored) {
    if (currentId == null) {
      return false;
    }
    return !stored.startsWith(PREFIX + currentId + ".");
  }

  private static byte[] aad(String subject) {
    byte[] s = subject.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(PREFIX.length() + s.length).put(PREFIX.getBytes(StandardCharsets.US_ASCII)).put(s)
        .array();
  }
}
