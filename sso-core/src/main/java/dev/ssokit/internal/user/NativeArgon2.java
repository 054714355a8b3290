package dev.ssokit.internal.user;

import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.ssokit.internal.limit.LimitExceeded;
import dev.ssokit.internal.limit.SlowHashLimit;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * argon2id through the reference C implementation, libargon2 (Debian/Ubuntu {@code libargon2-1},
 * Homebrew {@code argon2}), called over JNA: about 40% of the pure-Java CPU in a 192 MB heap (20 against
 * 52 ms per verification, collections included), and its 19 MiB of block memory is C memory outside
 * the Java heap, so logins leave no garbage to collect.
 *
 * <p>IMPORTANT: optional. JNA is an optional dependency of sso-core (the standalone server and the
 * Spring Boot starter bring it); {@link #load} answers {@code null} when JNA or the library is
 * absent or when the system property {@value #PROPERTY} is {@code false}, and {@link PasswordHashes}
 * uses password4j instead. Both read and write the same PHC strings ({@code $argon2id$v=19$m=...})
 * and encode passwords as UTF-8.
 */
final class NativeArgon2 {
  private static final Logger LOG = LoggerFactory.getLogger(NativeArgon2.class);
  /** The system property that turns the native implementation off ({@code false}). */
  static final String PROPERTY = "ssokit.argon2.native";
  private static final int SALT_BYTES = 16;
  /** libargon2's {@code ARGON2_OK} and {@code ARGON2_MEMORY_ALLOCATION_ERROR}. */
  private static final int OK = 0;
  private static final int MEMORY_ALLOCATION_ERROR = -22;
  /** Room for the PHC string of any parameters within {@link PasswordHashes}' bounds, NUL included. */
  private static final int ENCODED_BYTES = 160;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The two functions of libargon2's {@code argon2.h} used here. */
  interface Libargon2 extends Library {
    int argon2id_hash_encoded(int tCost, int mCost, int parallelism, byte[] pwd, SizeT pwdlen, byte[] salt,
        SizeT saltlen, SizeT hashlen, byte[] encoded, SizeT encodedlen);

    int argon2id_verify(byte[] encoded, byte[] pwd, SizeT pwdlen);
  }

  /** C's {@code size_t}. */
  public static final class SizeT extends IntegerType {
    private static final long serialVersionUID = 1L;

    public SizeT() {
      this(0);
    }

    SizeT(long value) {
      super(Native.SIZE_T_SIZE, value, true);
    }
  }

  private final Libargon2 lib;

  private NativeArgon2(Libargon2 lib) {
    this.lib = lib;
  }

  /** The native implementation, or {@code null} when it is turned off or cannot load here. */
  static NativeArgon2 load() {
    if ("false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
      return null;
    }
    try {
      NativeArgon2 loaded = new NativeArgon2(Native.load("argon2", Libargon2.class));
      // a library that loads but answers wrongly (another "argon2") must not store hashes
      String probe = loaded.hash("ssokit-native-argon2-probe", 8, 1, 1);
      if (!loaded.verify(probe, "ssokit-native-argon2-probe") || loaded.verify(probe, "other")) {
        throw new IllegalStateException("probe hash did not verify");
      }
      return loaded;
    } catch (LinkageError | RuntimeException e) {
      LOG.info("native argon2id unavailable ({}: install libargon2, e.g. apt-get install libargon2-1);"
          + " using the pure-Java implementation", e.getClass().getSimpleName());
      return null;
    }
  }

  /** A PHC string of {@code password} with a fresh salt. */
  String hash(String password, int memoryKib, int iterations, int parallelism) {
    byte[] pwd = password.getBytes(StandardCharsets.UTF_8);
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] encoded = new byte[ENCODED_BYTES];
    try {
      int result = lib.argon2id_hash_encoded(iterations, memoryKib, parallelism, pwd, new SizeT(pwd.length), salt,
          new SizeT(SALT_BYTES), new SizeT(PasswordHashes.HASH_LENGTH), encoded, new SizeT(ENCODED_BYTES));
      if (result == MEMORY_ALLOCATION_ERROR) {
        throw LimitExceeded.overloaded(SlowHashLimit.RETRY_AFTER_SECONDS); // the host is short of memory: 503, try again
      }
      if (result != OK) {
        throw new IllegalStateException("libargon2 error " + result);
      }
      int end = 0;
      while (encoded[end] != 0) {
        end++;
      }
      return new String(encoded, 0, end, StandardCharsets.US_ASCII);
    } finally {
      Arrays.fill(pwd, (byte) 0);
    }
  }

  /** True when {@code password} matches the argon2id PHC string {@code hash}; false for a malformed one. */
  boolean verify(String hash, String password) {
    byte[] pwd = password.getBytes(StandardCharsets.UTF_8);
    byte[] encoded = Arrays.copyOf(hash.getBytes(StandardCharsets.US_ASCII), hash.length() + 1); // NUL-terminated
    try {
      int result = lib.argon2id_verify(encoded, pwd, new SizeT(pwd.length));
      if (result == MEMORY_ALLOCATION_ERROR) {
        throw LimitExceeded.overloaded(SlowHashLimit.RETRY_AFTER_SECONDS); // not a wrong password: 503, try again
      }
      return result == OK; // a mismatch, or a string libargon2 cannot decode
    } finally {
      Arrays.fill(pwd, (byte) 0);
    }
  }
}
