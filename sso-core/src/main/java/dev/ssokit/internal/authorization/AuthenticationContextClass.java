package dev.ssokit.internal.authorization;

import java.util.List;

/**
 * SSO Kit's Authentication Context Class References, the values of the {@code acr} claim (OIDC Core
 * §2) and of {@code acr_values} (§3.1.2.1): how strongly the user authenticated.
 *
 * <p>IMPORTANT: only values a login can produce are advertised ({@link #SUPPORTED}); the
 * multi-factor value is issued when the account has TOTP enrolled (built-in accounts).
 */
public final class AuthenticationContextClass {
  /** A login with a password ({@code amr} {@code pwd}, RFC 8176). */
  public static final String PASSWORD = "urn:ssokit:acr:pwd";
  /** A login with a password and a second factor ({@code amr} {@code mfa}: TOTP or a recovery code). */
  public static final String MULTI_FACTOR = "urn:ssokit:acr:mfa";
  /** The values this provider issues, for {@code acr_values_supported} (OIDC Discovery §3). */
  public static final List<String> SUPPORTED = List.of(PASSWORD, MULTI_FACTOR);
  /**
   * The values a login can be made to produce for any account, so a client may require them. The
   * multi-factor value is issued when the account has TOTP, but a login cannot yet demand a second
   * factor from an account without one (no step-up), so a client cannot require it.
   */
  public static final List<String> REQUIRABLE = List.of(PASSWORD);
  /** Every value SSO Kit defines, which a client's {@code default_acr_values} / {@code allowed_acr_values} may name. */
  public static final List<String> DEFINED = List.of(PASSWORD, MULTI_FACTOR);

  private AuthenticationContextClass() {}

  /** The {@code acr} of a login whose methods were {@code amr}, or {@code null} when none applies. */
  public static String of(List<String> amr) {
    if (amr == null) {
      return null;
    }
    if (amr.contains("mfa")) {
      return MULTI_FACTOR;
    }
    return amr.contains("pwd") ? PASSWORD : null;
  }
}
