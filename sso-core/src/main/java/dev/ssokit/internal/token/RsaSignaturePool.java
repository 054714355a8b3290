package dev.ssokit.internal.token;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * RS256 signatures with one private key through {@link Signature} objects initialised once and reused.
 *
 * <p>IMPORTANT: a JOSE library signer looks the algorithm up in the provider list, creates a
 * {@code Signature}, and initialises it with the key on every signature (with the native provider that is
 * also a new native context). Here the key is converted once into the form of the provider that signs,
 * and a {@code Signature} that has signed is ready for the next input ({@link Signature#sign()} resets it
 * to the state after {@code initSign}). A {@code Signature} is not thread-safe, so each one is used by one
 * thread at a time; the pool holds at most as many as ever signed at once.
 */
final class RsaSignaturePool {
  static final String ALGORITHM = "SHA256withRSA";

  private final PrivateKey key;
  private final ConcurrentLinkedQueue<Signature> idle = new ConcurrentLinkedQueue<>();

  RsaSignaturePool(PrivateKey privateKey) {
    try {
      Signature first = Signature.getInstance(ALGORITHM);
      first.initSign(privateKey); // selects the provider (the first one that takes this key)
      this.key = providerForm(privateKey, first);
      if (key != privateKey) {
        first.initSign(key);
      }
      idle.add(first);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign " + ALGORITHM + " with this key", e);
    }
  }

  /** The RSASSA-PKCS1-v1_5 SHA-256 signature of {@code input}. */
  byte[] sign(byte[] input) throws GeneralSecurityException {
    Signature s = idle.poll();
    if (s == null) {
      s = Signature.getInstance(ALGORITHM);
      s.initSign(key);
    }
    s.update(input);
    byte[] signature = s.sign();
    // Only a Signature that completed goes back: one that threw may be in any state.
    idle.offer(s);
    return signature;
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
      return (PrivateKey) KeyFactory.getInstance("RSA", initialised.getProvider()).translateKey(key);
    } catch (GeneralSecurityException | ClassCastException e) {
      // A provider without an RSA KeyFactory takes the key as it is: it accepted it in initSign.
      return key;
    }
  }
}
