package dev.ssokit.internal.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Reused, pre-initialised RS256, ES256 and Ed25519 signatures stay correct, also when several threads sign at once. */
class SignaturePoolTest {
  @Test
  void reusedSignaturesVerifyAndDifferentInputsGetDifferentSignatures() throws Exception {
    RSAKey jwk = new RSAKeyGenerator(2048).generate();
    SignaturePool pool = new SignaturePool(jwk.toPrivateKey(), SignaturePool.RS256);
    byte[] a = "header.payload-a".getBytes(StandardCharsets.US_ASCII);
    byte[] b = "header.payload-b".getBytes(StandardCharsets.US_ASCII);
    byte[] first = pool.sign(a);
    byte[] second = pool.sign(b);
    byte[] again = pool.sign(a);
    assertThat(verifies(jwk, a, first)).isTrue();
    assertThat(verifies(jwk, b, second)).isTrue();
    assertThat(verifies(jwk, b, first)).isFalse();
    // PKCS#1 v1.5 is deterministic: a reused Signature starts from a clean state each time
    assertThat(again).isEqualTo(first);
    assertThat(pool.idleCount()).isEqualTo(1);
  }

  @Test
  void concurrentSignersEachGetTheirOwnSignature() throws Exception {
    RSAKey jwk = new RSAKeyGenerator(2048).generate();
    SignaturePool pool = new SignaturePool(jwk.toPrivateKey(), SignaturePool.RS256);
    int threads = 4;
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        Callable<Boolean> signer = () -> {
          start.await();
          boolean allValid = true;
          for (int i = 0; i < 20; i++) {
            byte[] input = ("t" + thread + "-" + i).getBytes(StandardCharsets.US_ASCII);
            allValid &= verifies(jwk, input, pool.sign(input));
          }
          return allValid;
        };
        results.add(executor.submit(signer));
      }
      start.countDown();
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      executor.shutdown();
    }
    assertThat(pool.idleCount()).isBetween(1, threads);
  }

  @Test
  void reusedEcdsaSignaturesVerify() throws Exception {
    ECKey jwk = new ECKeyGenerator(Curve.P_256).generate();
    SignaturePool pool = new SignaturePool(jwk.toPrivateKey(), SignaturePool.ES256);
    byte[] a = "header.payload-a".getBytes(StandardCharsets.US_ASCII);
    byte[] b = "header.payload-b".getBytes(StandardCharsets.US_ASCII);
    byte[] first = pool.sign(a);
    byte[] second = pool.sign(b);
    assertThat(verifies(SignaturePool.ES256, jwk.toPublicKey(), a, first)).isTrue();
    assertThat(verifies(SignaturePool.ES256, jwk.toPublicKey(), b, second)).isTrue();
    assertThat(verifies(SignaturePool.ES256, jwk.toPublicKey(), b, first)).isFalse();
    assertThat(pool.idleCount()).isEqualTo(1);
  }

  @Test
  void reusedEd25519SignaturesVerifyWithTheJoseLibrary() throws Exception {
    OctetKeyPair jwk = new OctetKeyPairGenerator(Curve.Ed25519).generate();
    PrivateKey key = KeyFactory.getInstance(SignaturePool.ED25519)
        .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, jwk.getDecodedD()));
    SignaturePool pool = new SignaturePool(key, SignaturePool.ED25519);
    byte[] a = "header.payload-a".getBytes(StandardCharsets.US_ASCII);
    byte[] b = "header.payload-b".getBytes(StandardCharsets.US_ASCII);
    byte[] first = pool.sign(a);
    byte[] second = pool.sign(b);
    Ed25519Verifier verifier = new Ed25519Verifier(jwk.toPublicJWK());
    JWSHeader header = new JWSHeader(JWSAlgorithm.EdDSA);
    assertThat(verifier.verify(header, a, Base64URL.encode(first))).isTrue();
    assertThat(verifier.verify(header, b, Base64URL.encode(second))).isTrue();
    assertThat(verifier.verify(header, b, Base64URL.encode(first))).isFalse();
    // Ed25519 is deterministic (RFC 8032): a reused Signature starts from a clean state each time
    assertThat(pool.sign(a)).isEqualTo(first);
  }

  private static boolean verifies(String algorithm, PublicKey key, byte[] input, byte[] signature) throws Exception {
    Signature v = Signature.getInstance(algorithm);
    v.initVerify(key);
    v.update(input);
    return v.verify(signature);
  }

  private static boolean verifies(RSAKey jwk, byte[] input, byte[] signature) throws Exception {
    Signature v = Signature.getInstance("SHA256withRSA");
    v.initVerify(jwk.toPublicKey());
    v.update(input);
    return v.verify(signature);
  }
}
