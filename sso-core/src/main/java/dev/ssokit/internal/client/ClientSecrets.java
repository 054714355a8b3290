package dev.ssokit.internal.client;

import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.internal.user.PasswordHashes;

/**
 * Client secret hashing: every secret, generated or imported, carries at least 128
 * bits and is stored as SHA-256, compared in constant time: checking one costs about a microsecond.
 *
 * <p>IMPORTANT: argon2id hashes written by earlier versions for imported secrets still match (under
 * the slow-hash limit); {@link #needsUpgrade} tells the caller to replace them after a successful check.
 */
public final class ClientSecrets {
  static final String SHA256_PREFIX = "sha256:";
  /** How password4j's argon2 hashes start (legacy hashes of imported secrets). */
  private static final String ARGON2_PREFIX = "$argon2";
  /** The least a declared or imported secret must carry (RFC 6749 §10.10; RFC 9700 §2.5 asks for high entropy). */
  public static final int MIN_ENTROPY_BITS = 128;
  /** Characters that give 128 bits even from a hex generator (the smallest alphabet a generator uses). */
  public static final int MIN_LENGTH = 32;
  /** Distinct characters below which a 32+ character string cannot come from a random generator. */
  static final int MIN_DISTINCT_CHARACTERS = 8;
  /**
   * Compared against when the client is unknown, public or has no usable hash, so every answer costs
   * the same SHA-256 and comparison (issue 7 #2: no client enumeration by timing).
   */
  private static final String DUMMY_HASH = hashGenerated(OpaqueToken.generate());

  private ClientSecrets() {}

  /** A new 256-bit secret (to show once). */
  public static String generate() {
    return OpaqueToken.generate();
  }

  /** Hash of a secret SSO Kit generated (high entropy). */
  public static String hashGenerated(String secret) {
    return SHA256_PREFIX + OpaqueToken.hash(secret);
  }

  /**
   * Hash of a secret an operator declared or imported, after checking it can carry 128 bits:
   * {@link IllegalArgumentException} naming the rule otherwise (the caller names the client).
   */
  public static String hashDeclared(String secret) {
    if (!strongEnough(secret)) {
      throw new IllegalArgumentException("client_secret: must carry at least " + MIN_ENTROPY_BITS
          + " bits of entropy: at least " + MIN_LENGTH + " characters from a random generator"
          + " (e.g. openssl rand -hex 32)");
    }
    return hashGenerated(secret);
  }

  /**
   * True when {@code secret} can carry 128 bits: at least 32 characters (hex, the smallest generator
   * alphabet, gives 4 bits each) and not a short pattern repeated. Entropy of one string cannot be
   * measured; this refuses what certainly falls short.
   */
  public static boolean strongEnough(String secret) {
    return secret != null && secret.length() >= MIN_LENGTH
        && secret.chars().distinct().count() >= MIN_DISTINCT_CHARACTERS;
  }

  /** True when {@code secret} matches the stored {@code hash}; the same work when {@code hash} is {@code null}. */
  public static boolean matches(String secret, String hash) {
    if (secret == null) {
      return false;
    }
    if (needsUpgrade(hash)) {
      // A legacy hash of an imported secret: slow, bounded by SlowHashLimit, replaced after the first success.
      return PasswordHashes.matches(secret, hash);
    }
    boolean usable = hash != null && hash.startsWith(SHA256_PREFIX);
    boolean equal = OpaqueToken.equalsConstantTime(hashGenerated(secret), usable ? hash : DUMMY_HASH);
    return equal && usable;
  }

  /** True when {@code hash} is a legacy argon2id hash to replace by {@link #hashGenerated} once the secret matched. */
  public static boolean needsUpgrade(String hash) {
    // checked here, not through PasswordHashes: the fast path never loads the argon2 machinery
    return hash != null && hash.startsWith(ARGON2_PREFIX);
  }
}
