package dev.ssokit.internal.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Verifies RS256, ES256 or EdDSA (Ed25519) signatures of one key through {@link Signature} objects
 * initialised once with it and reused (the verifying side of {@link SignaturePool}).
 *
 * <p>IMPORTANT: the JOSE library's verifiers look the algorithm up and initialise a new {@code Signature}
 * per token, and decode the signature with the library's constant-time base64 codec, meant for key
 * material: on the introspection and UserInfo paths that decoding was the largest single cost. A JWS
 * signature is public, so the JDK's decoder reads it here. Like the library's verifiers this one refuses a
 * header with {@code crit} parameters (RFC 7515 §4.1.11: none is understood), another algorithm, and an
 * ECDSA signature that is not the JWS {@code R || S} of the curve's length or has {@code R} or {@code S}
 * out of range.
 */
final class PooledVerifier implements JWSVerifier {
  private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

  private final JWSAlgorithm algorithm;
  private final String jcaAlgorithm;
  private final PublicKey key;
  private final String providerName;
  private final JCAContext jcaContext = new JCAContext();
  private final ConcurrentLinkedQueue<Signature> idle = new ConcurrentLinkedQueue<>();

  /** A verifier of {@code algorithm} (RS256, ES256 or EdDSA) signatures by {@code key}, in its provider's own class. */
  PooledVerifier(JWSAlgorithm algorithm, PublicKey key) throws GeneralSecurityException {
    if (JWSAlgorithm.RS256.equals(algorithm)) {
      jcaAlgorithm = SignaturePool.RS256;
    } else if (JWSAlgorithm.ES256.equals(algorithm)) {
      jcaAlgorithm = SignaturePool.ES256;
    } else if (JWSAlgorithm.EdDSA.equals(algorithm)) {
      jcaAlgorithm = SignaturePool.ED25519;
    } else {
      throw new IllegalArgumentException("no pooled verifier for " + algorithm);
    }
    this.algorithm = algorithm;
    this.key = key;
    Signature first = newSignature(); // fails now, not at the first token, when the key does not fit
    this.providerName = first.getProvider().getName();
    idle.add(first);
  }

  @Override
  public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
    if (!algorithm.equals(header.getAlgorithm())
        || (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty())) {
      return false;
    }
    byte[] bytes;
    try {
      bytes = BASE64URL.decode(signature.toString());
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (JWSAlgorithm.ES256.equals(algorithm)) {
      if (bytes.length != ECDSA.getSignatureByteArrayLength(algorithm)) {
        return false;
      }
      try {
        ECDSA.ensureLegalSignature(bytes, algorithm);
      } catch (JOSEException e) {
        return false;
      }
      bytes = ECDSA.transcodeSignatureToDER(bytes);
    }
    try {
      Signature s = idle.poll();
      if (s == null) {
        s = newSignature();
      }
      s.update(signingInput);
      boolean valid = s.verify(bytes);
      // Only a Signature that completed goes back: one that threw may be in any state.
      idle.offer(s);
      return valid;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private Signature newSignature() throws GeneralSecurityException {
    Signature s = Signature.getInstance(jcaAlgorithm);
    s.initVerify(key);
    return s;
  }

  /** Name of the provider that verifies (e.g. {@code SunEC}, {@code AmazonCorrettoCryptoProvider}). */
  String providerName() {
    return providerName;
  }

  /** Signature objects waiting for the next token (at most the largest number of concurrent verifications). */
  int idleCount() {
    return idle.size();
  }

  @Override
  public Set<JWSAlgorithm> supportedJWSAlgorithms() {
    return Set.of(algorithm);
  }

  @Override
  public JCAContext getJCAContext() {
    return jcaContext;
  }
}
