package dev.ssokit.internal.token;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.PasswordBasedDecrypter;
import com.nimbusds.jose.crypto.PasswordBasedEncrypter;
import com.nimbusds.jose.jwk.JWK;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Private signing keys at rest: a JWK as plain JSON when no key-encryption secret is set, else a
 * compact JWE. The format is versioned by the JWE's own {@code alg}:
 * <ul>
 *   <li>{@code PBES2-HS512+A256KW} with {@code A256GCM} (RFC 7518 §4.8): the key-encryption key is
 *       derived from the secret by PBKDF2-HMAC-SHA512 with a random {@value #SALT_BYTES}-byte salt
 *       and {@value #ITERATIONS} iterations (OWASP's figure for PBKDF2-HMAC-SHA512), kept in the
 *       header ({@code p2s}, {@code p2c}). Every key written now.</li>
 *   <li>{@code dir} with {@code A256GCM}: the key was one unsalted SHA-256 of the secret. Written by
 *       SSO Kit before 0.2; still read, never written.</li>
 * </ul>
 *
 * <p>IMPORTANT: the KDF costs tens of milliseconds, so each stored form is opened once and kept
 * (the store is re-read every minute); {@link #retainOnly} drops what the store no longer has.
 */
final class SigningKeyCipher {
  /** PBKDF2-HMAC-SHA512 iterations of new keys. */
  static final int ITERATIONS = 210_000;
  /** Salt length of new keys (RFC 7518 §4.8.1.1 asks for at least 8). */
  static final int SALT_BYTES = 16;
  /** The largest {@code p2c} accepted when reading, so a tampered row cannot stall the start. */
  private static final int MAX_ITERATIONS = 10 * ITERATIONS;

  private final String secret;
  private final Map<String, JWK> opened = new ConcurrentHashMap<>();

  /** @param secret the key-encryption secret, or {@code null} to keep keys as plain JWK */
  SigningKeyCipher(String secret) {
    this.secret = secret;
  }

  /** The stored form of a new private key. */
  String seal(JWK key) {
    String json = key.toJSONString();
    if (secret == null) {
      return json;
    }
    try {
      JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.PBES2_HS512_A256KW, EncryptionMethod.A256GCM),
          new Payload(json));
      jwe.encrypt(new PasswordBasedEncrypter(secret, SALT_BYTES, ITERATIONS));
      String sealed = jwe.serialize();
      opened.put(sealed, key);
      return sealed;
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot encrypt signing key", e);
    }
  }

  /** The private key of a stored form, in either format. */
  JWK open(String material) {
    JWK known = opened.get(material);
    if (known != null) {
      return known;
    }
    JWK key = material.startsWith("{") ? parse(material) : decrypt(material);
    opened.put(material, key);
    return key;
  }

  /** Forgets every opened key whose stored form is not among {@code materials}. */
  void retainOnly(java.util.Collection<String> materials) {
    opened.keySet().retainAll(materials);
  }

  private JWK decrypt(String material) {
    if (secret == null) {
      throw new IllegalStateException("signing keys in the store are encrypted: set keyEncryptionSecret");
    }
    try {
      JWEObject jwe = JWEObject.parse(material);
      JWEAlgorithm alg = jwe.getHeader().getAlgorithm();
      if (JWEAlgorithm.PBES2_HS512_A256KW.equals(alg)) {
        if (jwe.getHeader().getPBES2Count() > MAX_ITERATIONS) {
          throw new IllegalStateException("a stored signing key asks for " + jwe.getHeader().getPBES2Count()
              + " PBKDF2 iterations, more than " + MAX_ITERATIONS);
        }
        jwe.decrypt(new PasswordBasedDecrypter(secret));
      } else if (JWEAlgorithm.DIR.equals(alg)) {
        jwe.decrypt(new DirectDecrypter(legacyKey(secret))); // format of SSO Kit 0.1
      } else {
        throw new IllegalStateException("a stored signing key is encrypted with unsupported alg " + alg);
      }
      return parse(jwe.getPayload().toString());
    } catch (ParseException | JOSEException e) {
      throw new IllegalStateException("cannot read a signing key from the store (wrong keyEncryptionSecret?)", e);
    }
  }

  private static JWK parse(String json) {
    try {
      return JWK.parse(json);
    } catch (ParseException e) {
      throw new IllegalStateException("a stored signing key is not a JWK", e);
    }
  }

  /** The key-encryption key of the 0.1 format: SHA-256 of the secret. */
  static byte[] legacyKey(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
