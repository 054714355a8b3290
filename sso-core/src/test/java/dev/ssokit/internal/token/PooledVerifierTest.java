package dev.ssokit.internal.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Reused verifying Signatures accept what the JOSE library signs and refuse what its verifiers refuse. */
class PooledVerifierTest {
  private static final JWTClaimsSet CLAIMS = new JWTClaimsSet.Builder().subject("alice").issuer("https://idp").build();

  @Test
  void rs256SignaturesOfTheKeyVerifyOthersDoNot() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).generate();
    RSAKey other = new RSAKeyGenerator(2048).generate();
    PooledVerifier verifier = new PooledVerifier(JWSAlgorithm.RS256, key.toRSAPublicKey());
    SignedJWT good = signed(JWSAlgorithm.RS256, new RSASSASigner(key), CLAIMS);
    assertThat(good.verify(verifier)).isTrue();
    assertThat(good.verify(verifier)).as("the reused Signature starts clean").isTrue();
    assertThat(signed(JWSAlgorithm.RS256, new RSASSASigner(other), CLAIMS).verify(verifier)).isFalse();
    assertThat(tamperedPayload(good).verify(verifier)).isFalse();
    assertThat(verifier.idleCount()).isEqualTo(1);
  }

  @Test
  void es256SignaturesOfTheKeyVerifyMalformedOnesAreRefused() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).generate();
    PooledVerifier verifier = new PooledVerifier(JWSAlgorithm.ES256, key.toECPublicKey());
    SignedJWT good = signed(JWSAlgorithm.ES256, new ECDSASigner(key), CLAIMS);
    assertThat(good.verify(verifier)).isTrue();
    JWSHeader header = good.getHeader();
    byte[] input = good.getSigningInput();
    byte[] raw = good.getSignature().decode();
    assertThat(verifier.verify(header, input, Base64URL.encode(raw))).isTrue();
    // the JWS form is R || S of 32 bytes each: a DER signature, a short one, and R = S = 0 are refused
    assertThat(verifier.verify(header, input, Base64URL.encode(new byte[8]))).isFalse();
    assertThat(verifier.verify(header, input, Base64URL.encode(new byte[64]))).isFalse();
    byte[] flipped = raw.clone();
    flipped[40] ^= 1;
    assertThat(verifier.verify(header, input, Base64URL.encode(flipped))).isFalse();
    assertThat(verifier.verify(header, input, new Base64URL("not*base64"))).isFalse();
    assertThat(verifier.verify(header, input, Base64URL.encode(raw))).as("still usable after refusals").isTrue();
  }

  @Test
  void ed25519SignaturesOfTheKeyVerifyOthersDoNot() throws Exception {
    java.security.KeyPair pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    PooledVerifier verifier = new PooledVerifier(JWSAlgorithm.EdDSA, pair.getPublic());
    JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.EdDSA).type(JOSEObjectType.JWT).build();
    byte[] input = (header.toBase64URL() + "." + Base64URL.encode(CLAIMS.toString())).getBytes(
        java.nio.charset.StandardCharsets.US_ASCII);
    java.security.Signature signer = java.security.Signature.getInstance("Ed25519");
    signer.initSign(pair.getPrivate());
    signer.update(input);
    byte[] signature = signer.sign();
    assertThat(verifier.verify(header, input, Base64URL.encode(signature))).isTrue();
    byte[] other = input.clone();
    other[other.length - 1] ^= 1;
    assertThat(verifier.verify(header, other, Base64URL.encode(signature))).isFalse();
    assertThat(verifier.verify(header, input, Base64URL.encode(new byte[64]))).isFalse();
    assertThat(verifier.verify(header, input, Base64URL.encode(new byte[10]))).isFalse();
    assertThat(verifier.verify(header, input, Base64URL.encode(signature))).as("still usable after refusals").isTrue();
  }

  @Test
  void anotherAlgorithmOrACriticalHeaderIsRefused() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).generate();
    PooledVerifier verifier = new PooledVerifier(JWSAlgorithm.RS256, key.toRSAPublicKey());
    SignedJWT ps256 = signed(JWSAlgorithm.PS256, new RSASSASigner(key), CLAIMS);
    assertThat(ps256.verify(verifier)).isFalse();
    JWSHeader crit = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
        .criticalParams(Set.of("exp")).customParam("exp", 1).build();
    SignedJWT critical = new SignedJWT(crit, CLAIMS);
    critical.sign(new RSASSASigner(key));
    assertThat(critical.verify(verifier)).isFalse();
  }

  @Test
  void concurrentVerificationsEachGetTheirOwnSignature() throws Exception {
    ECKey key = new ECKeyGenerator(Curve.P_256).generate();
    PooledVerifier verifier = new PooledVerifier(JWSAlgorithm.ES256, key.toECPublicKey());
    List<SignedJWT> tokens = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      tokens.add(signed(JWSAlgorithm.ES256, new ECDSASigner(key), new JWTClaimsSet.Builder().subject("u" + i).build()));
    }
    SignedJWT forged = tamperedPayload(tokens.get(0));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> work = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        work.add(() -> {
          boolean ok = true;
          for (int round = 0; round < 200; round++) {
            for (SignedJWT jwt : tokens) {
              ok &= verifier.verify(jwt.getHeader(), jwt.getSigningInput(), jwt.getSignature());
            }
            ok &= !verifier.verify(forged.getHeader(), forged.getSigningInput(), forged.getSignature());
          }
          return ok;
        });
      }
      for (Future<Boolean> f : pool.invokeAll(work)) {
        assertThat(f.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(verifier.idleCount()).isBetween(1, 4);
  }

  private static SignedJWT signed(JWSAlgorithm alg, com.nimbusds.jose.JWSSigner signer, JWTClaimsSet claims)
      throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(JOSEObjectType.JWT).build(), claims);
    jwt.sign(signer);
    return SignedJWT.parse(jwt.serialize());
  }

  /** The token with another payload and the original signature. */
  private static SignedJWT tamperedPayload(SignedJWT jwt) throws Exception {
    Base64URL[] parts = jwt.getParsedParts();
    Base64URL other = Base64URL.encode(new JWTClaimsSet.Builder().subject("mallory").build().toString());
    return new SignedJWT(parts[0], other, parts[2]);
  }
}
