package dev.ssokit.internal.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Reused, pre-initialised RS256 signatures stay correct, also when several threads sign at once. */
class RsaSignaturePoolTest {
  @Test
  void reusedSignaturesVerifyAndDifferentInputsGetDifferentSignatures() throws Exception {
    RSAKey jwk = new RSAKeyGenerator(2048).generate();
    RsaSignaturePool pool = new RsaSignaturePool(jwk.toPrivateKey());
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
    RsaSignaturePool pool = new RsaSignaturePool(jwk.toPrivateKey());
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

  private static boolean verifies(RSAKey jwk, byte[] input, byte[] signature) throws Exception {
    Signature v = Signature.getInstance("SHA256withRSA");
    v.initVerify(jwk.toPublicKey());
    v.update(input);
    return v.verify(signature);
  }
}
