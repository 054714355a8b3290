package dev.ssokit.example.standalone;

import java.security.SecureRandom;
import java.util.Base64;

/** Fresh random secrets, tokens and passwords for the tests: 256 bits, base64url (43 characters). */
final class TestSecrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestSecrets() {}

  static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
