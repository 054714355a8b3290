package dev.ssokit.internal.user;

import com.password4j.Argon2Function;
import com.password4j.BcryptFunction;
import com.password4j.types.Argon2;
import dev.ssokit.internal.limit.SlowHashLimit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * argon2id hashes for user passwords and human-chosen client secrets: through libargon2
 * ({@link NativeArgon2}) where it loads, else password4j; imported bcrypt hashes through password4j.
 *
 * <p>IMPORTANT: parameters follow OWASP's first argon2id choice (19 MiB, t=2, p=1); one hash
 * costs tens of milliseconds, so never use it for high-entropy secrets. Every hash runs under
 * {@link SlowHashLimit} and may throw its {@code LimitExceeded} (503) when the server is at capacity.
 * An imported hash is accepted only within {@link #MAX_MEMORY_KIB}, {@link #MAX_ITERATIONS},
 * {@link #MAX_PARALLELISM} and {@link #MAX_BCRYPT_COST}, so no stored hash can make one login
 * cost unbounded memory or CPU.
 */
public final class PasswordHashes {
  /** Memory cost in KiB (OWASP Password Storage Cheat Sheet). */
  static final int MEMORY_KIB = 19_456;
  static final int ITERATIONS = 2;
  static final int PARALLELISM = 1;
  static final int HASH_LENGTH = 32;
  /** Bounds of an imported argon2 hash: 64 MiB, 10 passes, 8 lanes (above every common default). */
  static final int MAX_MEMORY_KIB = 65_536;
  static final int MAX_ITERATIONS = 10;
  static final int MAX_PARALLELISM = 8;
  /** Bound of an imported bcrypt hash's cost: 2^14 rounds, about a second of CPU. */
  static final int MAX_BCRYPT_COST = 14;

  private static final NativeArgon2 NATIVE = NativeArgon2.load();
  /**
   * Checked against when the user does not exist, so both paths cost the same (no user enumeration): an
   * argon2id hash with today's parameters of {@value #DUMMY_PASSWORD}, written out so that no start
   * spends a hash on it ({@code PasswordHashesTest} checks it against the parameters above).
   */
  static final String DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$Ld2duACrUjdpROkoAMGxAA"
      + "$ALs3M/OOIubhRLczILjCOrA5NTM2EUlVVfwphXJZZHk";
  static final String DUMMY_PASSWORD = "ssokit-timing-equaliser";

  private PasswordHashes() {}

  /**
   * password4j's argon2id with today's parameters, built only when libargon2 is not used: password4j
   * allocates the whole block memory (19 MiB of {@code long[]}) in the constructor and keeps it.
   */
  private static final class PureJava {
    static final Argon2Function ARGON2ID =
        Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_LENGTH, Argon2.ID);
  }

  /** How this JVM hashes passwords, for start-up lines: parameters and implementation. */
  public static String implementation() {
    return "argon2id (" + MEMORY_KIB / 1024 + " MiB, t=" + ITERATIONS + ", p=" + PARALLELISM + ") "
        + (NATIVE != null ? "native (libargon2)" : "pure Java (password4j)");
  }

  public static String hash(String password) {
    return SlowHashLimit.run(() -> argon2id(password));
  }

  private static String argon2id(String password) {
    return NATIVE != null ? NATIVE.hash(password, MEMORY_KIB, ITERATIONS, PARALLELISM)
        : PureJava.ARGON2ID.hash(password).getResult();
  }

  /** True for an argon2 PHC string within this server's bounds (the only argon2 hashes {@link #matches} checks). */
  public static boolean isArgon2(String hash) {
    Argon2Cost cost = Argon2Cost.of(hash);
    return cost != null && cost.memoryKib() <= MAX_MEMORY_KIB && cost.iterations() <= MAX_ITERATIONS
        && cost.parallelism() <= MAX_PARALLELISM;
  }

  /**
   * True for an imported bcrypt hash ({@code $2a$}, {@code $2b$}, {@code $2y$}) of cost at most
   * {@link #MAX_BCRYPT_COST}, which {@link #matches} accepts.
   */
  public static boolean isBcrypt(String hash) {
    if (hash == null || hash.length() != 60 || !(hash.startsWith("$2a$") || hash.startsWith("$2b$")
        || hash.startsWith("$2y$")) || hash.charAt(6) != '$') {
      return false;
    }
    char tens = hash.charAt(4);
    char ones = hash.charAt(5);
    if (tens < '0' || tens > '9' || ones < '0' || ones > '9') {
      return false;
    }
    int cost = (tens - '0') * 10 + ones - '0';
    return cost >= 4 && cost <= MAX_BCRYPT_COST;
  }

  /**
   * True when a hash that just matched should be replaced by a fresh one on this login: an imported
   * bcrypt hash, or an argon2 hash of another variant or made with weaker parameters than today's
   * (memory, iterations or parallelism raised since).
   */
  public static boolean needsRehash(String hash) {
    Argon2Cost cost = Argon2Cost.of(hash);
    return cost == null || !cost.variant().equals("argon2id") || cost.memoryKib() < MEMORY_KIB
        || cost.iterations() < ITERATIONS || cost.parallelism() < PARALLELISM;
  }

  /**
   * True when {@code password} matches {@code hash}; a {@code null} hash, or one outside the bounds,
   * costs a dummy check and fails.
   */
  public static boolean matches(String password, String hash) {
    if (password == null) {
      return false;
    }
    if (isBcrypt(hash)) {
      // imported from another system; replaced by argon2id at this login (needsRehash)
      return SlowHashLimit.run(() -> BcryptFunction.getInstanceFromHash(hash).check(password, hash));
    }
    if (!isArgon2(hash)) {
      SlowHashLimit.run(() -> verifyArgon2(password, DUMMY_HASH));
      return false;
    }
    return SlowHashLimit.run(() -> verifyArgon2(password, hash));
  }

  private static boolean verifyArgon2(String password, String hash) {
    if (NATIVE != null && hash.startsWith("$argon2id$")) {
      return NATIVE.verify(hash, password);
    }
    return Argon2Function.getInstanceFromHash(hash).check(password, hash);
  }

  /** The cost parameters of an argon2 PHC string ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}, RFC 9106). */
  private record Argon2Cost(String variant, long memoryKib, long iterations, int parallelism) {
    /** A PHC argon2 string: variant, version (optional), m, t, p, salt, hash. */
    private static final Pattern PHC = Pattern.compile("\\$(argon2(?:id|i|d))(?:\\$v=\\d{1,3})?"
        + "\\$m=(\\d{1,9}),t=(\\d{1,9}),p=(\\d{1,3})\\$[A-Za-z0-9+/]{11,128}\\$[A-Za-z0-9+/]{16,128}");

    /** The parameters of {@code hash}, or {@code null} when it is not a well-formed argon2 string. */
    static Argon2Cost of(String hash) {
      if (hash == null || hash.length() > 400) {
        return null;
      }
      Matcher m = PHC.matcher(hash);
      if (!m.matches()) {
        return null;
      }
      Argon2Cost cost = new Argon2Cost(m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
          Integer.parseInt(m.group(4)));
      // RFC 9106 §3.1: at least one lane, one pass and 8 KiB per lane
      return cost.parallelism() >= 1 && cost.iterations() >= 1 && cost.memoryKib() >= 8L * cost.parallelism()
          ? cost : null;
    }
  }
}
