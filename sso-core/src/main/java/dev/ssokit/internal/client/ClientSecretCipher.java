package dev.ssokit.internal.client;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secrets of {@code client_secret_jwt} clients at rest (RFC 7523 §2.2, OIDC Core §9): an HMAC can only
 * be checked with the secret itself, so these secrets (and only these) are stored encrypted instead of
 * hashed: {@code jwe:} + a compact JWE ({@code dir}, {@code A256GCM}) under a key derived from the
 * {@code keyEncryptionSecret} setting by PBKDF2-HMAC-SHA512 ({@value #ITERATIONS} iterations, derived once,
 * on first use).
 *
 * <p>IMPORTANT: without a {@code keyEncryptionSecret} there is no key: {@code client_secret_jwt} clients
 * are refused at registration. Changing the setting makes the stored secrets unreadable (their clients
 * need new secrets); the signing keys have the same dependency.
 */
public final class ClientSecretCipher {
  /** Prefix of an encrypted secret in {@code Client.secretHash}. */
  public static final String PREFIX = "jwe:";
  /** PBKDF2-HMAC-SHA512 iterations of the derived key (OWASP's figure). */
  static final int ITERATIONS = 210_000;
  /** Fixed salt: one key per deployment, derived from a high-entropy operator secret. */
  private static final byte[] SALT = "ssokit client_secret_jwt secrets".getBytes(StandardCharsets.UTF_8);

  private final String secret;
  private volatile SecretKeySpec key;

  /** @param keyEncryptionSecret the {@code keyEncryptionSecret} setting, or {@code null} for none */
  public ClientSecretCipher(String keyEncryptionSecret) {
    this.secret = keyEncryptionSecret;
  }

  /** {@return true when secrets can be encrypted (a {@code keyEncryptionSecret} is set)} */
  public boolean available() {
    return secret != null;
  }

  /**
   * The stored form of a {@code client_secret_jwt} secret.
   *
   * @param clientSecret the plain secret
   * @return {@code jwe:} and the encrypted secret
   * @throws IllegalArgumentException naming {@code token_endpoint_auth_method} when no key is configured
   */
  public String seal(String clientSecret) {
    if (!available()) {
      throw new IllegalArgumentException("token_endpoint_auth_method: client_secret_jwt needs the provider's"
          + " keyEncryptionSecret (the secret is stored encrypted, since an HMAC cannot be checked against a hash)");
    }
    try {
      JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM),
          new Payload(clientSecret));
      jwe.encrypt(new DirectEncrypter(key()));
      return PREFIX + jwe.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot encrypt a client secret", e);
    }
  }

  /**
   * The plain secret of a stored form.
   *
   * @param stored the client's stored secret
   * @return the secret, or empty when {@code stored} is not an encrypted secret this key opens
   */
  public Optional<String> open(String stored) {
    if (!available() || stored == null || !stored.startsWith(PREFIX)) {
      return Optional.empty();
    }
    try {
      JWEObject jwe = JWEObject.parse(stored.substring(PREFIX.length()));
      if (!JWEAlgorithm.DIR.equals(jwe.getHeader().getAlgorithm())) {
        return Optional.empty();
      }
      jwe.decrypt(new DirectDecrypter(key()));
      return Optional.of(jwe.getPayload().toString());
    } catch (ParseException | JOSEException e) {
      return Optional.empty();
    }
  }

  private SecretKeySpec key() {
    SecretKeySpec k = key;
    if (k == null) {
      try {
        byte[] bytes = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
            .generateSecret(new PBEKeySpec(secret.toCharArray(), SALT, ITERATIONS, 256)).getEncoded();
        k = new SecretKeySpec(bytes, "AES");
        key = k;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("PBKDF2WithHmacSHA512 unavailable", e);
      }
    }
    return k;
  }
}
