package dev.ssokit.internal.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.ssokit.spi.SigningKey;
import dev.ssokit.spi.ProviderMetrics;
import dev.ssokit.spi.SigningKeyStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The provider's signing keys: loaded from the {@link SigningKeyStore}, generated there on first
 * start (by whichever instance starts first), optionally encrypted at rest.
 *
 * <p>IMPORTANT: the public JWK Set is serialised once per load so JWKS answers cost nothing.
 */
public final class SigningKeys {
  /** RSA modulus size of generated RS256 keys. */
  static final int RSA_KEY_SIZE = 2048;

  private final SigningKeyStore store;
  private final JWSAlgorithm algorithm;
  private final SigningKeyCipher cipher;
  private final Clock clock;
  private final ProviderMetrics metrics;

  /** Shortest time between two re-reads of the store caused by tokens with an unknown kid. */
  static final Duration UNKNOWN_KID_RELOAD_INTERVAL = Duration.ofSeconds(5);

  private volatile Loaded loaded;
  private volatile Instant lastUnknownKidReload = Instant.EPOCH;

  /** {@code verifiers}: one per published kid, its public key already in the verifying provider's own class. */
  private record Loaded(JWK active, EncodedSigner signer, JWKSet publicKeys, String publicJson,
      Map<String, JWSVerifier> verifiers, Map<JOSEObjectType, EncodedHeader> headers) {
    /** The active key's header for tokens of {@code type}, serialised once: it is the same for every token. */
    EncodedHeader header(JWSAlgorithm algorithm, JOSEObjectType type) {
      return headers.computeIfAbsent(type, t -> {
        JWSHeader header = new JWSHeader.Builder(algorithm).type(t).keyID(active.getKeyID()).build();
        return new EncodedHeader(header, base64url(header.toString()) + '.');
      });
    }
  }

  /** A JWS protected header and its base64url form followed by the dot of the signing input. */
  private record EncodedHeader(JWSHeader header, String prefix) {}

  /** The base64url signature of a JWS signing input. */
  @FunctionalInterface
  private interface EncodedSigner {
    String sign(JWSHeader header, byte[] signingInput) throws JOSEException, GeneralSecurityException;
  }

  /** The JDK's EdDSA provider: pure Java, several times slower than the JOSE library's own Ed25519. */
  private static final String JDK_EDDSA_PROVIDER = "SunEC";

  /** Base64url without padding (RFC 7515 §2), the JDK's: the JOSE library's codec is a constant-time one meant for secrets. */
  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  public SigningKeys(SigningKeyStore store, String algorithm, String keyEncryptionSecret, Clock clock) {
    this(store, algorithm, keyEncryptionSecret, clock, ProviderMetrics.NONE);
  }

  /** As above, reporting the time of every signature to {@code metrics}. */
  public SigningKeys(SigningKeyStore store, String algorithm, String keyEncryptionSecret, Clock clock,
      ProviderMetrics metrics) {
    this.metrics = metrics;
    this.store = store;
    this.algorithm = JWSAlgorithm.parse(algorithm);
    this.cipher = new SigningKeyCipher(keyEncryptionSecret);
    this.clock = clock;
    reload();
  }

  /** Re-reads the store (after a rotation on another instance), generating the first key if none. */
  public void reload() {
    load();
  }

  /** Reads the store, generates the first key if none, publishes; returns the keys read. */
  private List<StoredJwk> load() {
    List<StoredJwk> keys = readAll();
    StoredJwk active = find(keys, SigningKey.Status.ACTIVE);
    if (active == null) {
      store.addIfAbsent(newKey(SigningKey.Status.ACTIVE));
      // Another instance may have won the race: read back whichever key is active now.
      keys = readAll();
      active = find(keys, SigningKey.Status.ACTIVE);
      if (active == null) {
        throw new IllegalStateException("no active " + algorithm + " key after generation");
      }
    }
    // The signing key first, then the others (NEXT ones already published for verifiers' caches).
    List<JWK> published = new ArrayList<>();
    published.add(active.jwk().toPublicJWK());
    for (StoredJwk k : keys) {
      if (k != active) {
        published.add(k.jwk().toPublicJWK());
      }
    }
    JWKSet publicSet = new JWKSet(published);
    Loaded before = loaded;
    // The periodic re-read finds the same opened key: keep its signer (and its initialised Signatures).
    EncodedSigner signer = before != null && before.active() == active.jwk() ? before.signer() : signerFor(active.jwk());
    Map<String, JWSVerifier> verifiers = new HashMap<>();
    for (JWK k : published) {
      JWSVerifier verifier = publishedVerifierOf(k);
      if (k.getKeyID() != null && verifier != null) {
        verifiers.put(k.getKeyID(), verifier);
      }
    }
    loaded = new Loaded(active.jwk(), signer, publicSet, publicSet.toString(true), Map.copyOf(verifiers),
        new ConcurrentHashMap<>());
    return keys;
  }

  /**
   * Publishes a NEXT key now, unless one is waiting already; it starts signing at the first
   * {@link #maintain} after {@code publishAhead}. Returns the kid of the waiting NEXT key.
   */
  public String rotate() {
    store.addIfAbsent(newKey(SigningKey.Status.NEXT));
    return find(load(), SigningKey.Status.NEXT).meta().kid();
  }

  /**
   * Rotates now and lets the new key sign at once (an operator's explicit request, e.g. for a
   * conformance test); the previous key stays published, so the tokens it signed stay valid.
   * Returns the kid of the new active key.
   */
  public String rotateNow() {
    String kid = rotate();
    store.activate(kid);
    reload();
    return kid;
  }

  /**
   * One step of the rotation lifecycle, safe to run on every instance at once:
   * a NEXT key published for {@code publishAhead} becomes ACTIVE (the old one RETIRED); an ACTIVE
   * key older than {@code rotationInterval} gets a NEXT successor; a RETIRED key is deleted once no
   * token it signed can still be valid ({@code retention} after its successor took over). Then the
   * keys are re-read.
   */
  public void maintain(Duration rotationInterval, Duration publishAhead, Duration retention) {
    Instant now = clock.instant();
    List<SigningKey> mine = store.list().stream().filter(k -> k.algorithm().equals(algorithm.getName())).toList();
    SigningKey active = mine.stream().filter(k -> k.status() == SigningKey.Status.ACTIVE).findFirst().orElse(null);
    SigningKey next = mine.stream().filter(k -> k.status() == SigningKey.Status.NEXT).findFirst().orElse(null);
    if (next != null && !now.isBefore(next.createdAt().plus(publishAhead))) {
      store.activate(next.kid());
    } else if (next == null && active != null && rotationInterval != null
        && !now.isBefore(active.createdAt().plus(rotationInterval))) {
      store.addIfAbsent(newKey(SigningKey.Status.NEXT));
    }
    for (int i = 0; i < mine.size(); i++) {
      SigningKey k = mine.get(i);
      // Its successor (the next key created) took over at the earliest publishAhead after its creation.
      if (k.status() == SigningKey.Status.RETIRED && i + 1 < mine.size()
          && now.isAfter(mine.get(i + 1).createdAt().plus(publishAhead).plus(retention))) {
        store.delete(k.kid());
      }
    }
    reload();
  }

  private SigningKey newKey(SigningKey.Status status) {
    JWK generated = generate();
    return new SigningKey(generated.getKeyID(), algorithm.getName(), cipher.seal(generated), status, clock.instant());
  }

  private record StoredJwk(SigningKey meta, JWK jwk) {}

  private StoredJwk find(List<StoredJwk> keys, SigningKey.Status status) {
    return keys.stream()
        .filter(k -> k.meta().status() == status && k.meta().algorithm().equals(algorithm.getName()))
        .findFirst().orElse(null);
  }

  private List<StoredJwk> readAll() {
    List<StoredJwk> keys = new ArrayList<>();
    List<SigningKey> stored = store.list();
    for (SigningKey sk : stored) {
      keys.add(new StoredJwk(sk, cipher.open(sk.material())));
    }
    cipher.retainOnly(stored.stream().map(SigningKey::material).toList());
    return keys;
  }

  public JWSAlgorithm algorithm() {
    return algorithm;
  }

  /** Key id of the key that signs now. */
  public String activeKeyId() {
    return loaded.active().getKeyID();
  }

  /**
   * Signs {@code claims} as a JWT of header {@code typ} with the active key, in its compact serialisation
   * (RFC 7515 §7.1); the {@code kid} and the signature come from one read of the keys, so a rotation in
   * between cannot mislabel the token. The header, the claims and the signature are each encoded once, and
   * RS256 and ES256 (and EdDSA with a native provider) sign through {@link SignaturePool}.
   */
  public String signCompact(JOSEObjectType type, JWTClaimsSet claims) {
    Loaded now = loaded;
    EncodedHeader header = now.header(algorithm, type);
    String signingInput = header.prefix() + base64url(claims.toString());
    byte[] input = signingInput.getBytes(StandardCharsets.US_ASCII);
    long start = System.nanoTime();
    try {
      String signed = signingInput + '.' + now.signer().sign(header.header(), input);
      metrics.signed(algorithm.getName(), System.nanoTime() - start);
      return signed;
    } catch (JOSEException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a " + type + " with key " + now.active().getKeyID(), e);
    }
  }

  private static String base64url(String json) {
    return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Curve of the active key (EdDSA / ES256), for {@code at_hash}; {@code null} for RSA. */
  public Curve activeCurve() {
    JWK k = loaded.active();
    if (k instanceof ECKey ec) {
      return ec.getCurve();
    }
    if (k instanceof OctetKeyPair okp) {
      return okp.getCurve();
    }
    return null;
  }

  /** Every published public key, for verification. */
  public JWKSet publicKeys() {
    return loaded.publicKeys();
  }

  /** The JWKS document, serialised once. */
  public String publicJwksJson() {
    return loaded.publicJson();
  }

  /** True when {@code jwt} carries a valid signature by one of the published keys. */
  public boolean verify(SignedJWT jwt) {
    return verifyingKey(jwt) != null;
  }

  /** The published key whose signature {@code jwt} carries; {@code null} when none verifies it. */
  JWK verifyingKey(SignedJWT jwt) {
    Loaded keys = loaded;
    JWK key = keys.publicKeys().getKeyByKeyId(jwt.getHeader().getKeyID());
    Instant now = clock.instant();
    if (key == null && jwt.getHeader().getKeyID() != null
        && !now.isBefore(lastUnknownKidReload.plus(UNKNOWN_KID_RELOAD_INTERVAL))) {
      // another instance may have rotated with activation at once: re-read the store, at most every few seconds
      lastUnknownKidReload = now;
      reload();
      keys = loaded;
      key = keys.publicKeys().getKeyByKeyId(jwt.getHeader().getKeyID());
    }
    if (key == null || (key.getAlgorithm() != null && !key.getAlgorithm().equals(jwt.getHeader().getAlgorithm()))) {
      return null;
    }
    return verifiedBy(jwt, keys.verifiers().get(key.getKeyID())) ? key : null;
  }

  /** True while {@code key} (one {@link #verifyingKey} returned) is among the published keys. */
  boolean publishes(JWK key) {
    JWK current = loaded.publicKeys().getKeyByKeyId(key.getKeyID());
    return current == key || key.equals(current);
  }

  /**
   * The verifier of one of our published keys, built once per key: a key that names the algorithm we sign
   * with (RS256, ES256 on P-256, EdDSA on Ed25519) verifies through reused {@code Signature}s
   * ({@link PooledVerifier}; EdDSA only when a provider other than the JDK's slow {@code SunEC} offers
   * Ed25519, as for signing); any other through {@link #verifierOf}.
   */
  private static JWSVerifier publishedVerifierOf(JWK key) {
    try {
      if (key instanceof RSAKey rsa && JWSAlgorithm.RS256.equals(key.getAlgorithm())) {
        return new PooledVerifier(JWSAlgorithm.RS256, rsa.toRSAPublicKey());
      }
      if (key instanceof ECKey ec && JWSAlgorithm.ES256.equals(key.getAlgorithm())
          && Curve.P_256.equals(ec.getCurve())) {
        return new PooledVerifier(JWSAlgorithm.ES256, ec.toECPublicKey());
      }
      if (key instanceof OctetKeyPair okp && JWSAlgorithm.EdDSA.equals(key.getAlgorithm())
          && Curve.Ed25519.equals(okp.getCurve())) {
        PooledVerifier pooled = new PooledVerifier(JWSAlgorithm.EdDSA, KeyFactory.getInstance(SignaturePool.ED25519)
            .generatePublic(new X509EncodedKeySpec(ed25519SubjectPublicKeyInfo(okp.getDecodedX()))));
        if (!JDK_EDDSA_PROVIDER.equals(pooled.providerName())) {
          return pooled;
        }
      }
    } catch (JOSEException | GeneralSecurityException e) {
      // a key these Signatures cannot take: the JOSE library's verifier decides
    }
    return verifierOf(key);
  }

  /**
   * A JOSE library verifier for {@code key} (a client's key, or a published key {@link #publishedVerifierOf}
   * does not pool): the RSA or EC public key is translated into the class of the provider that verifies
   * (with the native provider, its own key object: otherwise every verification converts the JDK key into a
   * native one again).
   */
  private static JWSVerifier verifierOf(JWK key) {
    try {
      if (key instanceof RSAKey rsa) {
        RSAPublicKey plain = rsa.toRSAPublicKey();
        return new RSASSAVerifier(KeyFactory.getInstance("RSA").translateKey(plain) instanceof RSAPublicKey own ? own : plain);
      }
      if (key instanceof ECKey ec) {
        ECPublicKey plain = ec.toECPublicKey();
        return new ECDSAVerifier(KeyFactory.getInstance("EC").translateKey(plain) instanceof ECPublicKey own ? own : plain);
      }
      if (key instanceof OctetKeyPair okp) {
        return new Ed25519Verifier(okp);
      }
      return null;
    } catch (JOSEException | GeneralSecurityException e) {
      return null;
    }
  }

  /**
   * True when {@code jwt}'s signature verifies with the public {@code key} (RSA, EC or Ed25519);
   * a key that cannot verify the token's algorithm (wrong type, curve or size) is simply not it.
   */
  public static boolean verifiesWith(SignedJWT jwt, JWK key) {
    return verifiedBy(jwt, verifierOf(key));
  }

  /** The X.509 SubjectPublicKeyInfo of an Ed25519 public key (RFC 8410 §4): a fixed prefix, then the 32 bytes. */
  private static byte[] ed25519SubjectPublicKeyInfo(byte[] x) throws GeneralSecurityException {
    if (x.length != 32) {
      throw new java.security.InvalidKeyException("an Ed25519 public key has 32 bytes");
    }
    byte[] prefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
    byte[] der = java.util.Arrays.copyOf(prefix, prefix.length + 32);
    System.arraycopy(x, 0, der, prefix.length, 32);
    return der;
  }

  private static boolean verifiedBy(SignedJWT jwt, JWSVerifier verifier) {
    try {
      return verifier != null && jwt.verify(verifier);
    } catch (JOSEException | IllegalStateException e) {
      return false;
    }
  }

  private JWK generate() {
    try {
      String kid = OpaqueToken.generate().substring(0, 16);
      if (JWSAlgorithm.RS256.equals(algorithm)) {
        return new RSAKeyGenerator(RSA_KEY_SIZE).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).generate();
      }
      if (JWSAlgorithm.ES256.equals(algorithm)) {
        return new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).generate();
      }
      return new OctetKeyPairGenerator(Curve.Ed25519).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(algorithm)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate a " + algorithm + " key", e);
    }
  }

  /**
   * RS256 and ES256 sign through reused, pre-initialised {@code Signature}s ({@link SignaturePool}); EdDSA too
   * when a provider other than the JDK's offers Ed25519 (the native one: about 20 µs a signature, where the
   * JOSE library's pure-Java Ed25519 takes 150-230 µs and the JDK's own {@code SunEC} one about 1.2 ms:
   * benchmarks/RESULTS.md), else through the JOSE library's signer.
   */
  private static EncodedSigner signerFor(JWK key) {
    try {
      if (key instanceof RSAKey rsa) {
        SignaturePool pool = new SignaturePool(rsa.toPrivateKey(), SignaturePool.RS256);
        return (header, input) -> BASE64URL.encodeToString(pool.sign(input));
      }
      if (key instanceof ECKey ec) {
        SignaturePool pool = new SignaturePool(ec.toPrivateKey(), SignaturePool.ES256);
        int length = ECDSA.getSignatureByteArrayLength(JWSAlgorithm.ES256);
        // JWS carries R || S (RFC 7518 §3.4), the JCA gives DER
        return (header, input) -> BASE64URL.encodeToString(ECDSA.transcodeSignatureToConcat(pool.sign(input), length));
      }
      OctetKeyPair okp = (OctetKeyPair) key;
      SignaturePool pool = new SignaturePool(KeyFactory.getInstance(SignaturePool.ED25519).generatePrivate(
          new EdECPrivateKeySpec(NamedParameterSpec.ED25519, okp.getDecodedD())), SignaturePool.ED25519);
      if (!JDK_EDDSA_PROVIDER.equals(pool.providerName())) {
        return (header, input) -> BASE64URL.encodeToString(pool.sign(input));
      }
      JWSSigner signer = new Ed25519Signer(okp);
      return (header, input) -> signer.sign(header, input).toString();
    } catch (JOSEException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with key " + key.getKeyID(), e);
    }
  }
}
