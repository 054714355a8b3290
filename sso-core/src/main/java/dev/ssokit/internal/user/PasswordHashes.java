package dev.ssokit.internal.user;

import com.password4j.Argon2Function;
import com.password4j.BcryptFunction;
import com.password4j.types.Argon2;
import dev.ssokit.internal.limit.SlowHashLimit;

/**
 * argon2id hashes (password4j) for user passwords and human-chosen client secrets.
 *
 * <p>IMPORTANT: parameters follow OWASP's first argon2id choice (19 MiB, t=2, p=1); one hash
 * costs tens of milliseconds, so never use it for high-entropy secrets. Every hash runs under
 * {@link SlowHashLimit} and may throw its {@code LimitExceeded} (503) when the server is at capacity.
 */
public final class PasswordHashes {
  /** Memory cost in KiB (OWASP Password Storage Cheat Sheet). */
  static final int MEMORY_KIB = 19_456;
  static final int ITERATIONS = 2;
  static final int PARALLELISM = 1;
  static final int HASH_LENGTH = 32;

  private static final Argon2Function ARGON2ID =
      Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_LENGTH, Argon2.ID);
  /** Checked against when the user does not exist, so both paths cost the same (no user enumeration). */
  private static final String DUMMY_HASH = ARGON2ID.hash("ssokit-timing-equaliser").getResult();

  private PasswordHashes() {}

  public static String hash(String password) {
    return SlowHashLimit.run(() -> ARGON2ID.hash(password).getResult());
  }

  public static boolean isArgon2(String hash) {
    return hash != null && hash.startsWith("$argon2");
  }

  /** True for an imported bcrypt hash ({@code $2a$}, {@code $2b$}, {@code $2y$}), which {@link #matches} accepts. */
  public static boolean isBcrypt(String hash) {
    return hash != null && hash.length() == 60
        && (hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$"));
  }

  /**
   * True when a hash that just matched should be replaced by a fresh one on this login: an imported
   * bcrypt hash, or an argon2id hash made with weaker parameters than today's (memory, iterations or
   * parallelism raised since).
   */
  public static boolean needsRehash(String hash) {
    if (!isArgon2(hash)) {
      return true;
    }
    Argon2Function f = Argon2Function.getInstanceFromHash(hash);
    return f.getVariant() != Argon2.ID || f.getMemory() < MEMORY_KIB || f.getIterations() < ITERATIONS
        || f.getParallelism() < PARALLELISM;
  }

  /** True when {@code password} matches {@code hash}; a {@code null} hash costs a dummy check and fails. */
  public static boolean matches(String password, String hash) {
    if (password == null) {
      return false;
    }
    if (isBcrypt(hash)) {
      // imported from another system; replaced by argon2id at this login (needsRehash)
      return SlowHashLimit.run(() -> BcryptFunction.getInstanceFromHash(hash).check(password, hash));
    }
    if (!isArgon2(hash)) {
      SlowHashLimit.run(() -> ARGON2ID.check(password, DUMMY_HASH));
      return false;
    }
    return SlowHashLimit.run(() -> Argon2Function.getInstanceFromHash(hash).check(password, hash));
  }
}
