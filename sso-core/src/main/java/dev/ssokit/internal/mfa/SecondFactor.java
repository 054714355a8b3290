package dev.ssokit.internal.mfa;

import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.Cache;
import dev.ssokit.spi.MfaEnrolment;
import dev.ssokit.spi.MfaStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * TOTP as the second factor of the built-in accounts: enrolment (secret, {@code otpauth://} URI, QR
 * code), confirmation with a first code, ten single-use recovery codes, and the check at login.
 *
 * <p>IMPORTANT: a TOTP code is accepted once per account and time step, on every instance
 * ({@link Cache#putIfAbsent}): a code seen over a shoulder or phished cannot be replayed. Wrong codes
 * are counted per account ({@value #MAX_FAILURES} per {@link #FAILURE_WINDOW}); past that every code
 * is refused until the window ends, so six digits cannot be guessed. Recovery codes carry 80 random
 * bits each, so SHA-256 suffices to store them (as for other high-entropy secrets).
 *
 * <p>IMPORTANT: TOTP secrets are stored AES-256-GCM encrypted ({@link SecretCipher}) under the
 * {@code encryptionKey} setting; a secret stored plain or under a previous key is re-encrypted with the
 * current key at its next successful use. Without a key, a durable store gets no new enrolment
 * ({@link EncryptionKeyMissing}): only the in-memory store, which nothing outlives, keeps secrets plain.
 */
public final class SecondFactor {
  /** Recovery codes generated at a time. */
  public static final int RECOVERY_CODES = 10;
  /** Wrong codes per account and window before every code is refused. */
  public static final int MAX_FAILURES = 10;
  public static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);
  /** Random bytes of a recovery code: 80 bits, 16 base32 characters. */
  static final int RECOVERY_CODE_BYTES = 10;

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SecondFactor.class);

  private final MfaStore store;
  private final Cache cache;
  private final Clock clock;
  private final String issuerLabel;
  private final SecretCipher cipher;
  private final boolean plainAllowed;

  /** A new enrolment in a durable store while no {@code encryptionKey} is configured. */
  public static final class EncryptionKeyMissing extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EncryptionKeyMissing() {
      super("two-step verification cannot be enrolled: the server has no encryption key for TOTP secrets"
          + " (setting encryptionKey / sso.encryption-key / SSO_ENCRYPTION_KEY)", null, false, false);
    }
  }

  /** What an authenticator app needs: the secret, as text, URI and QR code. */
  public record Enrolment(String secret, String otpauthUri, String qrSvg) {}

  /** The outcome of a code check. */
  public enum Check { ACCEPTED, REJECTED, TOO_MANY_FAILURES }

  /**
   * @param issuerLabel  the name authenticator apps show for the account (RFC 6238 apps' "issuer")
   * @param encryptionKey the key that seals TOTP secrets (base64, 32 bytes), or {@code null}
   * @param previousKeys former keys, only opened with
   * @param plainAllowed true when {@code store} keeps nothing at rest (in memory): without a key, secrets stay plain
   */
  public SecondFactor(MfaStore store, Cache cache, Clock clock, String issuerLabel, String encryptionKey,
                      List<String> previousKeys, boolean plainAllowed) {
    this.store = store;
    this.cache = cache;
    this.clock = clock;
    this.issuerLabel = issuerLabel;
    this.cipher = new SecretCipher(encryptionKey, previousKeys);
    this.plainAllowed = plainAllowed;
  }

  /** True when a new enrolment can be stored: an encryption key is set, or the store is in memory. */
  public boolean enrolmentAvailable() {
    return cipher.sealing() || plainAllowed;
  }

  /** True when {@code subject} has a confirmed second factor: its logins need a code. */
  public boolean enabled(String subject) {
    return store.find(subject).map(MfaEnrolment::confirmed).orElse(false);
  }

  /** How many unused recovery codes {@code subject} has left. */
  public int recoveryCodesLeft(String subject) {
    return store.find(subject).map(e -> e.recoveryCodeHashes().size()).orElse(0);
  }

  /**
   * Starts (or restarts) an enrolment: a new secret, not asked for at login until {@link #confirm}ed.
   *
   * @throws IllegalStateException when the account has a confirmed second factor already
   * @throws EncryptionKeyMissing when the secret could not be stored encrypted ({@link #enrolmentAvailable})
   */
  public Enrolment begin(String subject, String accountName) {
    if (enabled(subject)) {
      throw new IllegalStateException("the account has a second factor already; disable it first");
    }
    if (!enrolmentAvailable()) {
      throw new EncryptionKeyMissing();
    }
    String secret = Totp.newSecret();
    store.save(new MfaEnrolment(subject, cipher.seal(subject, secret), false, List.of(), clock.instant()));
    return describe(secret, accountName);
  }

  /** The pending (unconfirmed) enrolment of {@code subject} again, for the page that shows it. */
  public Optional<Enrolment> pending(String subject, String accountName) {
    Optional<MfaEnrolment> e = store.find(subject).filter(x -> !x.confirmed());
    try {
      return e.map(x -> describe(cipher.open(subject, x.secret()), accountName));
    } catch (SecretCipher.CannotOpen unreadable) {
      LOG.error("pending TOTP enrolment not shown: {}", unreadable.getMessage());
      return Optional.empty();
    }
  }

  private Enrolment describe(String secret, String accountName) {
    // Key Uri Format (Google Authenticator wiki): otpauth://totp/<issuer>:<account>?secret=..&issuer=..
    String label = enc(issuerLabel) + ":" + enc(accountName);
    String uri = "otpauth://totp/" + label + "?secret=" + secret + "&issuer=" + enc(issuerLabel)
        + "&algorithm=SHA1&digits=" + Totp.DIGITS + "&period=" + Totp.STEP_SECONDS;
    return new Enrolment(secret, uri, QrCode.svg(uri));
  }

  /**
   * Confirms the pending enrolment with a first code from the app; returns the ten recovery codes
   * (shown once), or empty when there is no pending enrolment or the code is wrong.
   */
  public Optional<List<String>> confirm(String subject, String code) {
    Optional<MfaEnrolment> pending = store.find(subject).filter(e -> !e.confirmed());
    if (pending.isEmpty() || checkTotp(subject, pending.get(), code) != Check.ACCEPTED) {
      return Optional.empty();
    }
    List<String> codes = newRecoveryCodes();
    store.save(new MfaEnrolment(subject, pending.get().secret(), true, hashes(codes), pending.get().createdAt()));
    return Optional.of(codes);
  }

  /**
   * Checks a TOTP code or, failing that, a recovery code (which is then spent) of a confirmed
   * enrolment.
   */
  public Check verify(String subject, String code) {
    Optional<MfaEnrolment> e = store.find(subject).filter(MfaEnrolment::confirmed);
    if (e.isEmpty()) {
      return Check.REJECTED;
    }
    String trimmed = code == null ? "" : code.trim().replace(" ", "");
    if (trimmed.length() == Totp.DIGITS) {
      Check c = checkTotp(subject, e.get(), trimmed);
      if (c == Check.ACCEPTED && cipher.needsReseal(e.get().secret())) {
        // a plain secret from before encryption, or one under a previous key: stored under the current key now
        MfaEnrolment now = store.find(subject).orElse(e.get());
        store.save(new MfaEnrolment(subject, cipher.seal(subject, cipher.open(subject, now.secret())), now.confirmed(),
            now.recoveryCodeHashes(), now.createdAt()));
      }
      return c;
    }
    if (blocked(subject)) {
      return Check.TOO_MANY_FAILURES;
    }
    if (trimmed.length() <= 64 && store.useRecoveryCode(subject, hashRecoveryCode(trimmed))) {
      return Check.ACCEPTED;
    }
    fail(subject);
    return Check.REJECTED;
  }

  /** New recovery codes replacing the old ones (which stop working); empty when MFA is off. */
  public Optional<List<String>> regenerateRecoveryCodes(String subject) {
    Optional<MfaEnrolment> e = store.find(subject).filter(MfaEnrolment::confirmed);
    if (e.isEmpty()) {
      return Optional.empty();
    }
    List<String> codes = newRecoveryCodes();
    store.save(new MfaEnrolment(subject, e.get().secret(), true, hashes(codes), e.get().createdAt()));
    return Optional.of(codes);
  }

  /** Removes the second factor; {@code false} when there was none. */
  public boolean disable(String subject) {
    return store.delete(subject);
  }

  private Check checkTotp(String subject, MfaEnrolment enrolment, String code) {
    if (blocked(subject)) {
      return Check.TOO_MANY_FAILURES;
    }
    String secret;
    try {
      secret = cipher.open(subject, enrolment.secret());
    } catch (SecretCipher.CannotOpen e) {
      // a configuration fault (a key removed too early) or an altered row: the code cannot match; recovery codes work
      LOG.error("TOTP code refused: {}", e.getMessage());
      return Check.REJECTED;
    }
    Instant now = clock.instant();
    OptionalLong step = Totp.match(secret, code, now);
    if (step.isEmpty()) {
      fail(subject);
      return Check.REJECTED;
    }
    // RFC 6238 §5.2: a code is accepted once; the marker outlives the window in which the step is accepted
    Instant keep = Instant.ofEpochSecond((step.getAsLong() + Totp.WINDOW + 1) * Totp.STEP_SECONDS);
    boolean first = cache.putIfAbsent("totp-used:" + OpaqueToken.hash(subject) + ":" + step.getAsLong(), "1", keep);
    if (!first) {
      fail(subject);
      return Check.REJECTED;
    }
    return Check.ACCEPTED;
  }

  private boolean blocked(String subject) {
    return cache.get("mfa-blocked:" + OpaqueToken.hash(subject)).isPresent();
  }

  private void fail(String subject) {
    long n = cache.increment("mfa-fail:" + OpaqueToken.hash(subject), FAILURE_WINDOW);
    if (n >= MAX_FAILURES) {
      cache.put("mfa-blocked:" + OpaqueToken.hash(subject), "1", clock.instant().plus(FAILURE_WINDOW));
    }
  }

  private static List<String> newRecoveryCodes() {
    List<String> codes = new ArrayList<>(RECOVERY_CODES);
    for (int i = 0; i < RECOVERY_CODES; i++) {
      byte[] b = new byte[RECOVERY_CODE_BYTES];
      RANDOM.nextBytes(b);
      String s = Totp.base32(b).toLowerCase(Locale.ROOT); // 16 characters, 80 bits
      codes.add(s.substring(0, 4) + "-" + s.substring(4, 8) + "-" + s.substring(8, 12) + "-" + s.substring(12, 16));
    }
    return codes;
  }

  private static List<String> hashes(List<String> codes) {
    return codes.stream().map(SecondFactor::hashRecoveryCode).toList();
  }

  /** Case and dashes do not matter when a user types a recovery code. */
  static String hashRecoveryCode(String code) {
    return OpaqueToken.hash(code.replace("-", "").toLowerCase(Locale.ROOT));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
