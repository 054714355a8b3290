package dev.ssokit.internal.token;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Signatures of one private key through {@link Signature} objects initialised once and reused (RS256
 * {@code SHA256withRSA}, ES256 {@code SHA256withECDSA}, EdDSA {@code Ed25519}).
 *
 * <p>IMPORTANT: a JOSE library signer looks the algorithm up in the provider list, creates a
 * {@code Signature}, and initialises it with the key on every signature (with the native provider that is
 * also a new native context). Here the key is converted once into the form of the provider that signs,
 * and a {@code Signature} that has signed is ready for the next input ({@link Signature#sign()} resets it
 * to the state after {@code initSign}). A {@code Signature} is not thread-safe, so each one is used by one
 * thread at a time; the pool holds at most as many as ever signed at once.
 */
final class SignaturePool {
  static final String RS256 = "SHA256withRSA";
  static final String ES256 = "SHA256withECDSA";
  static final String ED25519 = "Ed25519";

  private final String algorithm;
  private final PrivateKey key;
  private final String providerName;
  private final ConcurrentLinkedQueue<Signature> idle = new ConcurrentLinkedQueue<>();

  /** A pool signing with {@code privateKey} by the JCA {@code algorithm} (one of the constants above). */
  SignaturePool(PrivateKey privateKey, String algorithm) {
    this.algorithm = algorithm;
    try {
      Signature first = Signature.getInstance(algorithm);
      first.initSign(privateKey); // selects the provider (the first one that takes this key)
      this.key = providerForm(privateKey, first);
      if (key != privateKey) {
        first.initSign(key);
      }
      this.providerName = first.getProvider().getName();
      idle.add(first);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign " + algorithm + " with this key", e);
    }
  }

  /** The signature of {@code input} in the provider's encoding (DER for ECDSA). */
  byte[] sign(byte[] input) throws GeneralSecurityException {
    Signature s = idle.poll();
    if (s == null) {
      s = Signature.getInstance(algorithm);
      s.initSign(key);
    }
    s.update(input);
    byte[] signature = s.sign();
    // Only a Signature that completed goes back: one that threw may be in any state.
    idle.offer(s);
    return signature;
  }

  /** Name of the provider that signs (e.g. {@code SunEC}, {@code AmazonCorrettoCryptoProvider}). */
  String providerName() {
    return providerName;
  }

  /** Signature objects waiting for the next input (at most the largest number of concurrent signers). */
  int idleCount() {
    return idle.size();
  }

  /**
   * The key as the signing provider's own key class, so the provider does not convert (for the native
   * provider: re-encode and parse into native memory) a foreign key on each initialisation.
   */
  private static PrivateKey providerForm(PrivateKey key, Signature initialised) {
    try {
      return (PrivateKey) KeyFactory.getInstance(key.getAlgorithm(), initialised.getProvider()).translateKey(key);
    } catch (GeneralSecurityException | ClassCastException e) {
      // A provider without a KeyFactory for this key type takes the key as it is: it accepted it in initSign.
      return key;
    }
  }
}
