package dev.ssokit.internal.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.password4j.Argon2Function;
import com.password4j.BcryptFunction;
import com.password4j.types.Argon2;
import java.io.File;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PasswordHashesTest {
  private static final String PASSWORD = "correct horse, bätterie ☃";

  @Test
  void hashesThroughLibargon2WhereItIsInstalled() {
    // sso-core's tests have JNA on the class path; .ci/run installs libargon2 (libargon2-1)
    assertThat(PasswordHashes.implementation()).isEqualTo(libargon2Installed()
        ? "argon2id (19 MiB, t=2, p=1) native (libargon2)" : "argon2id (19 MiB, t=2, p=1) pure Java (password4j)");
    String hash = PasswordHashes.hash(PASSWORD);
    assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    assertThat(PasswordHashes.matches(PASSWORD, hash)).isTrue();
    assertThat(PasswordHashes.matches(PASSWORD + "x", hash)).isFalse();
    assertThat(PasswordHashes.needsRehash(hash)).isFalse();
  }

  @Test
  void theDummyHashOfUnknownUsersHasTodaysParameters() {
    // written out in the source: a change of parameters must write it again, or an unknown user's
    // check would cost less than a known one's (user enumeration by timing)
    assertThat(PasswordHashes.DUMMY_HASH).startsWith("$argon2id$v=19$m=" + PasswordHashes.MEMORY_KIB + ",t="
        + PasswordHashes.ITERATIONS + ",p=" + PasswordHashes.PARALLELISM + "$");
    assertThat(PasswordHashes.needsRehash(PasswordHashes.DUMMY_HASH)).isFalse();
    assertThat(PasswordHashes.matches(PasswordHashes.DUMMY_PASSWORD, PasswordHashes.DUMMY_HASH)).isTrue();
    assertThat(PasswordHashes.matches(PASSWORD, PasswordHashes.DUMMY_HASH)).isFalse();
  }

  @Test
  void nativeAndPureJavaHashesAreInterchangeable() {
    // hashes stored by earlier versions (password4j) keep matching, and a host without libargon2
    // keeps matching the hashes written natively
    String byJava = Argon2Function.getInstance(19_456, 2, 1, 32, Argon2.ID).hash(PASSWORD).getResult();
    assertThat(PasswordHashes.matches(PASSWORD, byJava)).isTrue();
    assertThat(PasswordHashes.matches("wrong", byJava)).isFalse();
    String byNative = PasswordHashes.hash(PASSWORD);
    assertThat(Argon2Function.getInstanceFromHash(byNative).check(PASSWORD, byNative)).isTrue();
    assertThat(Argon2Function.getInstanceFromHash(byNative).check("wrong", byNative)).isFalse();
  }

  @Test
  void theSwitchTurnsTheNativeImplementationOff() {
    System.setProperty(NativeArgon2.PROPERTY, "false");
    try {
      assertThat(NativeArgon2.load()).isNull();
    } finally {
      System.clearProperty(NativeArgon2.PROPERTY);
    }
    assertThat(NativeArgon2.load() != null).isEqualTo(libargon2Installed());
  }

  @Test
  void otherArgon2VariantsMatchAndAreReplacedAtLogin() {
    String argon2i = Argon2Function.getInstance(4_096, 3, 1, 32, Argon2.I).hash(PASSWORD).getResult();
    assertThat(PasswordHashes.isArgon2(argon2i)).isTrue();
    assertThat(PasswordHashes.matches(PASSWORD, argon2i)).isTrue();
    assertThat(PasswordHashes.needsRehash(argon2i)).isTrue();
    String weaker = Argon2Function.getInstance(7_168, 5, 1, 32, Argon2.ID).hash(PASSWORD).getResult();
    assertThat(PasswordHashes.matches(PASSWORD, weaker)).isTrue();
    assertThat(PasswordHashes.needsRehash(weaker)).isTrue();
  }

  @Test
  void hashesBeyondTheBoundsAreRefusedWithoutBeingComputed() {
    String salt = "c29tZXNhbHRzb21lc2FsdA";
    String tag = "3Xy/C+k7tedPWuJyEL90FFDQzZanSrWpOejR8jtyZU0";
    // 4 GiB of memory, 100,000 passes or 255 lanes would make one login cost unbounded memory or CPU
    for (String params : new String[] {"m=4194304,t=2,p=1", "m=19456,t=100000,p=1", "m=19456,t=2,p=255",
        "m=65537,t=1,p=1", "m=19456,t=0,p=1", "m=19456,t=2,p=0", "m=4,t=2,p=1"}) {
      String hash = "$argon2id$v=19$" + params + "$" + salt + "$" + tag;
      assertThat(PasswordHashes.isArgon2(hash)).as(params).isFalse();
      assertThat(PasswordHashes.matches(PASSWORD, hash)).as(params).isFalse();
    }
    assertThat(PasswordHashes.isArgon2("$argon2id$v=19$m=65536,t=10,p=8$" + salt + "$" + tag)).isTrue();
    assertThat(PasswordHashes.isArgon2("$argon2id$v=19$m=19456,t=2,p=1$" + salt)).isFalse();
    assertThat(PasswordHashes.isArgon2("$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + tag + "$x")).isFalse();
    assertThat(PasswordHashes.isArgon2(null)).isFalse();
  }

  @Test
  void bcryptIsAcceptedUpToCost14() {
    String cost10 = BcryptFunction.getInstance(10).hash(PASSWORD).getResult();
    assertThat(PasswordHashes.isBcrypt(cost10)).isTrue();
    assertThat(PasswordHashes.matches(PASSWORD, cost10)).isTrue();
    assertThat(PasswordHashes.matches("wrong", cost10)).isFalse();
    assertThat(PasswordHashes.needsRehash(cost10)).isTrue();
    // cost 31 is 2^31 rounds: hours of CPU for one login
    String cost31 = "$2b$31$" + cost10.substring(7);
    assertThat(PasswordHashes.isBcrypt(cost31)).isFalse();
    assertThat(PasswordHashes.matches(PASSWORD, cost31)).isFalse();
    assertThat(PasswordHashes.isBcrypt("$2b$14$" + cost10.substring(7))).isTrue();
    assertThat(PasswordHashes.isBcrypt("$2b$1x$" + cost10.substring(7))).isFalse();
  }

  /** Whether a libargon2 shared library is in one of the usual places (Debian/Ubuntu multiarch, /usr/local, Homebrew). */
  private static boolean libargon2Installed() {
    return Stream.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib/aarch64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64", "/usr/lib", "/usr/local/lib", "/opt/homebrew/lib")
        .map(File::new).map(File::list).filter(names -> names != null).flatMap(Stream::of)
        .anyMatch(name -> name.startsWith("libargon2.so") || name.startsWith("libargon2.") && name.endsWith(".dylib"));
  }
}
