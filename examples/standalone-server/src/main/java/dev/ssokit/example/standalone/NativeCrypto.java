package dev.ssokit.example.standalone;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.Security;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the Amazon Corretto Crypto Provider (native AWS-LC) ahead of the JDK's providers, so token
 * signatures cost what OpenSSL's do. Where it cannot load (not Linux x86-64, or disabled with
 * {@code SSO_NATIVE_CRYPTO=false}) the JDK's own providers are used, with the same results.
 * {@code SSO_NATIVE_CRYPTO=false} also turns off libargon2 for password hashes (pure Java then).
 */
final class NativeCrypto {
  private static final Logger LOG = LoggerFactory.getLogger(NativeCrypto.class);

  /** sso-core's switch for argon2id through libargon2 (see {@code Users.passwordHashing()}). */
  private static final String ARGON2_NATIVE = "ssokit.argon2.native";

  private NativeCrypto() {}

  /** Installs the provider once per JVM; returns a description of the signature provider in use. */
  static synchronized String install(boolean enabled) {
    if (!enabled) {
      if (System.getProperty(ARGON2_NATIVE) == null) {
        System.setProperty(ARGON2_NATIVE, "false"); // read when the first password is hashed
      }
      return "JDK (SSO_NATIVE_CRYPTO=false)";
    }
    if (Security.getProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME) == null) {
      try {
        AmazonCorrettoCryptoProvider.install();
        AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
      } catch (RuntimeException | LinkageError e) {
        Security.removeProvider(AmazonCorrettoCryptoProvider.PROVIDER_NAME);
        LOG.info("native crypto unavailable ({}); using the JDK's providers", e.getClass().getSimpleName());
        return "JDK (native provider unavailable on this platform)";
      }
    }
    return "native (" + AmazonCorrettoCryptoProvider.PROVIDER_NAME + ")";
  }
}
