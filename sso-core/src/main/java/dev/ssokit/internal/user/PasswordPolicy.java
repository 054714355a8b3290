package dev.ssokit.internal.user;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a new password must be (OWASP ASVS 5.0 V6.2, NIST SP 800-63B §3.1.1.2): at least a minimum
 * length (8 by default, 15 recommended), at most {@value #MAX_LENGTH} characters (well above the 64
 * that must be allowed), no composition rules, never truncated, not one of the common or breached
 * passwords of the shipped list, not the username or e-mail address.
 *
 * <p>IMPORTANT: lengths count Unicode code points; the list is compared case-insensitively.
 */
public final class PasswordPolicy {
  /** Longest accepted password: bounds the hashing cost of one request, never truncates. */
  public static final int MAX_LENGTH = 256;
  /** The list of common passwords shipped in sso-core (zxcvbn-ts' dictionary, MIT; see THIRD-PARTY-NOTICES.md). */
  static final String COMMON_PASSWORDS = "common-passwords.txt";

  private static final Set<String> COMMON = load();

  private final int minLength;

  public PasswordPolicy(int minLength) {
    this.minLength = minLength;
  }

  /**
   * Throws {@link IllegalArgumentException} with a message for the user (starting {@code password:})
   * when {@code password} may not be set for the account named by {@code username} and {@code email}
   * (either may be {@code null}).
   */
  public void check(String password, String username, String email) {
    int length = password == null ? 0 : password.codePointCount(0, password.length());
    if (length < minLength) {
      throw new IllegalArgumentException("password: must have at least " + minLength + " characters");
    }
    if (length > MAX_LENGTH) {
      throw new IllegalArgumentException("password: must have at most " + MAX_LENGTH + " characters");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (COMMON.contains(lower)) {
      throw new IllegalArgumentException("password: is one of the most common passwords, which attackers try first;"
          + " choose another (a few unrelated words make a good one)");
    }
    if (matches(lower, username) || matches(lower, email)
        || (email != null && email.indexOf('@') > 0 && matches(lower, email.substring(0, email.indexOf('@'))))) {
      throw new IllegalArgumentException("password: must not be the username or e-mail address");
    }
  }

  private static boolean matches(String lowerPassword, String identifier) {
    return identifier != null && !identifier.isBlank() && lowerPassword.equals(identifier.trim().toLowerCase(Locale.ROOT));
  }

  private static Set<String> load() {
    Set<String> words = new HashSet<>(32_768);
    try (InputStream in = PasswordPolicy.class.getResourceAsStream(COMMON_PASSWORDS)) {
      if (in == null) {
        throw new IllegalStateException("sso-core resource " + COMMON_PASSWORDS + " is missing");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.startsWith("#") && !line.isEmpty()) {
          words.add(line.toLowerCase(Locale.ROOT));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + COMMON_PASSWORDS, e);
    }
    return Set.copyOf(words);
  }
}
