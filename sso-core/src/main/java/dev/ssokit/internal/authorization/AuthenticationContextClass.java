package dev.ssokit.internal.authorization;

import java.util.List;

/**
 * SSO Kit's Authentication Context Class References, the values of the {@code acr} claim (OIDC Core
 * §2) and of {@code acr_values} (§3.1.2.1): how strongly the user authenticated.
 *
 * <p>IMPORTANT: only values a login can produce are advertised ({@link #SUPPORTED}); the
 * multi-factor value is issued when the account has TOTP enrolled (built-in accounts). A request or a
 * client that accepts only {@link #MULTI_FACTOR} makes a password-only session take the second step
 * (step-up); an account without a second factor then gets {@code unmet_authentication_requirements}.
 */
public final class AuthenticationContextClass {
  /** A login with a password ({@code amr} {@code pwd}, RFC 8176). */
  public static final String PASSWORD = "urn:ssokit:acr:pwd";
  /** A login with a password and a second factor ({@code amr} {@code mfa}: TOTP or a recovery code). */
  public static final String MULTI_FACTOR = "urn:ssokit:acr:mfa";
  /** The values this provider issues, for {@code acr_values_supported} (OIDC Discovery §3). */
  public static final List<String> SUPPORTED = List.of(PASSWORD, MULTI_FACTOR);
  /**
   * The values a login can be made to produce, so a request or a client may require them: the
   * multi-factor value by step-up (the MFA challenge after the password, or on top of a password-only
   * session); an account without a second factor cannot meet it.
   */
  public static final List<String> REQUIRABLE = List.of(PASSWORD, MULTI_FACTOR);
  /** Every value SSO Kit defines, which a client's {@code default_acr_values} / {@code allowed_acr_values} may name. */
  public static final List<String> DEFINED = List.of(PASSWORD, MULTI_FACTOR);

  /** {@code amr} value of a login with two factors (RFC 8176 §2). */
  public static final String AMR_MULTI_FACTOR = "mfa";

  private AuthenticationContextClass() {}

  /**
   * True when a login whose acr must be one of {@code acceptable} (empty: any) needs the second factor:
   * none of them is reached by a password alone.
   */
  public static boolean secondFactorRequired(List<String> acceptable) {
    return !acceptable.isEmpty() && !acceptable.contains(PASSWORD) && acceptable.contains(MULTI_FACTOR);
  }

  /** True when a login with the methods {@code amr} used a second factor. */
  public static boolean multiFactor(List<String> amr) {
    return amr != null && amr.contains(AMR_MULTI_FACTOR);
  }

  /** The {@code acr} of a login whose methods were {@code amr}, or {@code null} when none applies. */
  public static String of(List<String> amr) {
    if (amr == null) {
      return null;
    }
    if (amr.contains(AMR_MULTI_FACTOR)) {
      return MULTI_FACTOR;
    }
    return amr.contains("pwd") ? PASSWORD : null;
  }
}
