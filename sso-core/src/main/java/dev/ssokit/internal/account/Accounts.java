package dev.ssokit.internal.account;

import dev.ssokit.SsoSettings;
import dev.ssokit.internal.api.ApiProblem;
import dev.ssokit.internal.interaction.BrowserSession;
import dev.ssokit.internal.interaction.SessionStore;
import dev.ssokit.internal.logout.SessionLogout;
import dev.ssokit.internal.mfa.SecondFactor;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.internal.token.RevocationList;
import dev.ssokit.internal.user.PasswordHashes;
import dev.ssokit.internal.user.PasswordPolicy;
import dev.ssokit.internal.user.StoredUserDirectory;
import dev.ssokit.spi.AccountToken;
import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.Cache;
import dev.ssokit.spi.ConsentStore;
import dev.ssokit.spi.RefreshTokenStore;
import dev.ssokit.spi.User;
import dev.ssokit.spi.UserStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What users do with their built-in account, whether through the JSON API ({@code /auth/*}) or the
 * pages ({@code /account/*}): register, confirm the e-mail address, reset or change the password,
 * edit the profile, end sessions, disconnect clients, delete the account. Every refusal is an
 * {@link ApiProblem}; every change is an audit event.
 *
 * <p>IMPORTANT: only for the built-in accounts ({@link UserStore}); a host with its own
 * {@code UserDirectory} owns these concerns itself.
 */
public final class Accounts {
  /** Profile claims a user may set on their own account (OIDC Core §5.1), besides {@code email}. */
  public static final Set<String> EDITABLE_CLAIMS = Set.of("name", "given_name", "family_name", "middle_name",
      "nickname", "profile", "picture", "website", "gender", "birthdate", "zoneinfo", "locale", "phone_number");
  /** Longest value of a profile claim. */
  static final int MAX_CLAIM_LENGTH = 512;
  /** Longest e-mail address (RFC 5321 §4.5.3.1.3 path limit). */
  static final int MAX_EMAIL_LENGTH = 254;
  /** Reset mails per account and hour: enough for a user, useless for mail-bombing someone. */
  static final int RESET_MAILS_PER_HOUR = 3;
  /** One address of the shape local@domain.tld, no spaces; deliverability is what the mailed link proves. */
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+$");

  private final SsoSettings settings;
  private final UserStore users;
  private final PasswordPolicy policy;
  private final AccountTokens tokens;
  private final AccountMails mails;
  private final SecondFactor mfa;
  private final SessionStore sessions;
  private final SessionLogout logout;
  private final RefreshTokenStore refreshTokens;
  private final RevocationList revocations;
  private final ConsentStore consents;
  private final Cache cache;
  private final AuditLog audit;
  private final Clock clock;

  public Accounts(SsoSettings settings, UserStore users, AccountTokens tokens, AccountMails mails, SecondFactor mfa,
                  SessionStore sessions, SessionLogout logout, RefreshTokenStore refreshTokens,
                  RevocationList revocations, ConsentStore consents, Cache cache, AuditLog audit, Clock clock) {
    this.settings = settings;
    this.users = users;
    this.policy = new PasswordPolicy(settings.passwordMinLength());
    this.tokens = tokens;
    this.mails = mails;
    this.mfa = mfa;
    this.sessions = sessions;
    this.logout = logout;
    this.refreshTokens = refreshTokens;
    this.revocations = revocations;
    this.consents = consents;
    this.cache = cache;
    this.audit = audit;
    this.clock = clock;
  }

  public SsoSettings settings() {
    return settings;
  }

  public SecondFactor mfa() {
    return mfa;
  }

  public AccountMails mails() {
    return mails;
  }

  /** The account of {@code subject}; 404 when it is gone or disabled. */
  public User user(String subject) {
    return users.findById(subject).filter(u -> !u.disabled())
        .orElseThrow(() -> ApiProblem.notFound("the account no longer exists"));
  }

  /**
   * The page that completes a mailed step in a browser, in the mail's language:
   * {@code <issuer>/account/<page>?token=...&ui_locales=<tag>} (OIDC Core §3.1.2.1 {@code ui_locales}).
   */
  String link(String page, String token, Locale locale) {
    return settings.issuer() + "/account/" + page + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
        + uiLocales(locale);
  }

  /** The {@code &ui_locales=<tag>} that opens a linked page in {@code locale}. */
  private static String uiLocales(Locale locale) {
    return "&ui_locales=" + URLEncoder.encode(locale.toLanguageTag(), StandardCharsets.UTF_8);
  }

  // ---- registration and e-mail -------------------------------------------------------------

  /** What {@link #register} did. */
  public record Registered(User user, boolean verificationMailSent) {}

  /**
   * Creates an account (registration open, or invite-only with a valid {@code invitation}). With
   * verification required, a mail with a confirmation link goes to {@code email}.
   */
  public Registered register(String username, String email, String password, String name, String invitation,
                             String address, Locale locale) {
    boolean viaInvitation = false;
    String cleanEmail = email(email, "email");
    if (settings.registration() == SsoSettings.Registration.CLOSED) {
      throw ApiProblem.of(403, "Forbidden", "registration is closed: ask the operator for an account");
    }
    boolean verify = settings.emailVerificationRequired();
    if (verify && !mails.available()) {
      throw ApiProblem.of(503, "Service Unavailable",
          "registration needs e-mail verification, but no mail sender is configured").header("Retry-After", "3600");
    }
    String login = username == null || username.isBlank() ? cleanEmail : username.trim();
    if (login.length() > 128 || login.chars().anyMatch(Character::isWhitespace)) {
      throw ApiProblem.invalidField("username", "at most 128 characters, no spaces");
    }
    if (login.indexOf('@') >= 0 && !login.equalsIgnoreCase(cleanEmail)) {
      throw ApiProblem.invalidField("username", "may contain '@' only when it is the e-mail address itself");
    }
    checkPassword(password, login, cleanEmail);
    Map<String, Object> claims = new HashMap<>();
    if (name != null && !name.isBlank()) {
      claims.put("name", claim("name", name));
    }
    AccountToken invite = null;
    if (settings.registration() == SsoSettings.Registration.INVITE) {
      invite = tokens.redeem(invitation, AccountToken.PURPOSE_INVITE).orElseThrow(() ->
          ApiProblem.of(403, "Forbidden", "registration is by invitation: the invitation is missing, used or expired"));
      viaInvitation = true;
    }
    if (users.findByEmail(cleanEmail).isPresent() || users.findByUsername(login.toLowerCase(Locale.ROOT)).isPresent()) {
      if (invite != null) {
        tokens.restore(invite);
      }
      throw ApiProblem.conflict("an account with this username or e-mail address exists: sign in or reset the"
          + " password");
    }
    // an invitation mailed to this very address proves it, as a verification link would
    boolean verified = viaInvitation && cleanEmail.equalsIgnoreCase(invite.email());
    User user = new User(OpaqueToken.generate().substring(0, 22), login.toLowerCase(Locale.ROOT), cleanEmail,
        verified, PasswordHashes.hash(password), claims, null, clock.instant());
    if (!users.create(user)) {
      if (invite != null) {
        tokens.restore(invite);
      }
      throw ApiProblem.conflict("an account with this username exists");
    }
    audit.append(new AuditEvent(clock.instant(), "account.registered", user.id(), null, address,
        Map.of("invited", String.valueOf(viaInvitation))));
    boolean sent = !verified && sendVerification(user, cleanEmail, AccountToken.PURPOSE_VERIFY_EMAIL, locale);
    return new Registered(user, sent);
  }

  /** Issues an invitation to register for {@code email}, mails it if it can, and returns its link. */
  public String invite(String email, Locale locale) {
    String to = email(email, "email");
    String token = tokens.issue(AccountToken.PURPOSE_INVITE, null, to, AccountTokens.INVITE_LIFETIME);
    String link = settings.issuer() + "/account/register?invitation=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
        + uiLocales(locale);
    if (mails.available()) {
      Map<String, Object> model = new HashMap<>();
      model.put("link", link);
      model.put("hours", AccountTokens.INVITE_LIFETIME.toHours());
      mails.send("invite", to, locale, model);
    }
    audit.append(new AuditEvent(clock.instant(), "account.invited", null, null, null, Map.of()));
    return link;
  }

  /** Mails a new confirmation link for the account's current, unconfirmed address (the old link stops working). */
  public boolean resendVerification(String subject, Locale locale) {
    User u = user(subject);
    if (u.email() == null || u.emailVerified()) {
      throw ApiProblem.conflict("the e-mail address is confirmed already");
    }
    requireMail();
    return sendVerification(u, u.email(), AccountToken.PURPOSE_VERIFY_EMAIL, locale);
  }

  private boolean sendVerification(User u, String to, String purpose, Locale locale) {
    String token = tokens.issue(purpose, u.id(), to, AccountTokens.VERIFY_EMAIL_LIFETIME);
    boolean change = AccountToken.PURPOSE_CHANGE_EMAIL.equals(purpose);
    Map<String, Object> model = new HashMap<>();
    model.put("link", link("verify-email", token, locale));
    model.put("email", to);
    model.put("hours", AccountTokens.VERIFY_EMAIL_LIFETIME.toHours());
    putName(model, u);
    return mails.send(change ? "change_email" : "verify_email", to, locale, model);
  }

  /** Confirms an e-mail address with a mailed token: the account's address, or a new one that then replaces it. */
  public User verifyEmail(String token, String address) {
    Optional<AccountToken> t = tokens.redeem(token, AccountToken.PURPOSE_VERIFY_EMAIL);
    if (t.isEmpty()) {
      t = tokens.redeem(token, AccountToken.PURPOSE_CHANGE_EMAIL);
    }
    AccountToken redeemed = t.orElseThrow(() -> ApiProblem.invalidField("token",
        "the link is unknown, used or expired: ask for a new one"));
    User u = users.findById(redeemed.subject()).orElseThrow(() -> ApiProblem.notFound("the account no longer exists"));
    if (redeemed.email() == null || (AccountToken.PURPOSE_VERIFY_EMAIL.equals(redeemed.purpose())
        && !redeemed.email().equalsIgnoreCase(u.email()))) {
      throw ApiProblem.invalidField("token", "the account's address changed since this link was sent");
    }
    Optional<User> owner = users.findByEmail(redeemed.email());
    if (AccountToken.PURPOSE_CHANGE_EMAIL.equals(redeemed.purpose()) && owner.isPresent()
        && !owner.get().id().equals(u.id())) {
      throw ApiProblem.conflict("another account uses this e-mail address now");
    }
    User updated = new User(u.id(), u.username(), redeemed.email(), true, u.passwordHash(), u.claims(), u.lockedUntil(),
        u.createdAt(), u.disabled());
    users.update(updated);
    audit.append(new AuditEvent(clock.instant(), AccountToken.PURPOSE_CHANGE_EMAIL.equals(redeemed.purpose())
        ? "account.email_changed" : "account.email_verified", u.id(), null, address, Map.of()));
    return updated;
  }

  // ---- profile -------------------------------------------------------------------------------

  /**
   * Applies a profile change: editable claims are set ({@code null} removes one); a new
   * {@code email} is not applied but mailed a confirmation link, and replaces the old address once
   * confirmed. Returns the new pending address, if any.
   */
  public Optional<String> updateProfile(String subject, Map<String, Object> changes, String address, Locale locale) {
    User u = user(subject);
    Map<String, Object> claims = new HashMap<>(u.claims());
    String pendingEmail = null;
    for (Map.Entry<String, Object> e : changes.entrySet()) {
      String field = e.getKey();
      if ("email".equals(field)) {
        String email = email(e.getValue() == null ? null : String.valueOf(e.getValue()), "email");
        if (!email.equalsIgnoreCase(u.email() == null ? "" : u.email())) {
          pendingEmail = email;
        }
      } else if (EDITABLE_CLAIMS.contains(field)) {
        if (e.getValue() == null) {
          claims.remove(field);
        } else if (e.getValue() instanceof String s) {
          claims.put(field, claim(field, s));
        } else {
          throw ApiProblem.invalidField(field, "must be a string or null");
        }
      } else {
        throw ApiProblem.invalidField(field, "cannot be changed here; editable: email and "
            + new java.util.TreeSet<>(EDITABLE_CLAIMS));
      }
    }
    if (pendingEmail != null) {
      requireMail();
      if (users.findByEmail(pendingEmail).isPresent()) {
        throw ApiProblem.conflict("another account uses this e-mail address");
      }
    }
    if (!claims.equals(u.claims())) {
      users.update(new User(u.id(), u.username(), u.email(), u.emailVerified(), u.passwordHash(), claims,
          u.lockedUntil(), u.createdAt(), u.disabled()));
      audit.append(new AuditEvent(clock.instant(), "account.profile_updated", u.id(), null, address,
          Map.of("fields", String.join(" ", new java.util.TreeSet<>(changes.keySet())))));
    }
    if (pendingEmail != null) {
      sendVerification(u, pendingEmail, AccountToken.PURPOSE_CHANGE_EMAIL, locale);
      audit.append(new AuditEvent(clock.instant(), "account.email_change_requested", u.id(), null, address, Map.of()));
    }
    return Optional.ofNullable(pendingEmail);
  }

  // ---- passwords -----------------------------------------------------------------------------

  /**
   * Changes the password after checking the current one; ends every other session of the account
   * and revokes its refresh tokens ({@code keepSid}: the caller's own session, or {@code null}).
   */
  public void changePassword(String subject, String current, String next, String keepSid, String address,
                             Locale locale) {
    User u = user(subject);
    if (current == null || !PasswordHashes.matches(current, u.passwordHash())) {
      audit.append(new AuditEvent(clock.instant(), "account.password_change_failed", subject, null, address, Map.of()));
      throw ApiProblem.invalidField("current_password", "is not the account's password");
    }
    checkPassword(next, u.username(), u.email());
    users.update(withPassword(u, PasswordHashes.hash(next)));
    endSessions(subject, keepSid);
    refreshTokens.revokeSubject(subject);
    tokens.revokeAll(subject, AccountToken.PURPOSE_RESET_PASSWORD);
    audit.append(new AuditEvent(clock.instant(), "account.password_changed", subject, null, address, Map.of()));
    notifyPasswordChanged(u, false, locale);
  }

  /**
   * Mails a reset link when {@code login} (username or e-mail) names an account with an address.
   * Answers nothing: the caller says the same whether the account exists or not.
   */
  public void forgotPassword(String login, String address, Locale locale) {
    requireMail();
    if (login == null || login.isBlank() || login.length() > MAX_EMAIL_LENGTH) {
      throw ApiProblem.invalidField("email", "required: the e-mail address or username of the account");
    }
    Optional<User> u = StoredUserDirectory.findByLogin(users, login).filter(x -> !x.disabled() && x.email() != null);
    audit.append(new AuditEvent(clock.instant(), "account.password_reset_requested", u.map(User::id).orElse(null), null,
        address, Map.of()));
    if (u.isEmpty()) {
      return;
    }
    long sent = cache.increment("reset-mail:" + OpaqueToken.hash(u.get().id()), Duration.ofHours(1));
    if (sent > RESET_MAILS_PER_HOUR) {
      return; // quietly: the answer must not differ from an unknown account's
    }
    String token = tokens.issue(AccountToken.PURPOSE_RESET_PASSWORD, u.get().id(), u.get().email(),
        AccountTokens.RESET_PASSWORD_LIFETIME);
    Map<String, Object> model = new HashMap<>();
    model.put("link", link("reset-password", token, locale));
    model.put("minutes", AccountTokens.RESET_PASSWORD_LIFETIME.toMinutes());
    putName(model, u.get());
    mails.send("reset_password", u.get().email(), locale, model);
  }

  /**
   * Sets a new password with a mailed reset token; ends every session and refresh token of the
   * account and every access token issued so far. Confirms the e-mail address too (the link reached it).
   */
  public User resetPassword(String token, String password, String address, Locale locale) {
    if (password == null || password.isEmpty()) {
      throw ApiProblem.invalidField("password", "required");
    }
    checkPassword(password, null, null);
    AccountToken t = tokens.redeem(token, AccountToken.PURPOSE_RESET_PASSWORD).orElseThrow(() ->
        ApiProblem.invalidField("token", "the link is unknown, used or expired: ask for a new one"));
    User u = users.findById(t.subject()).filter(x -> !x.disabled())
        .orElseThrow(() -> ApiProblem.notFound("the account no longer exists"));
    try {
      checkPassword(password, u.username(), u.email());
    } catch (ApiProblem p) {
      tokens.restore(t); // the user may correct the password and use the same link
      throw p;
    }
    boolean verified = u.emailVerified() || (u.email() != null && u.email().equalsIgnoreCase(t.email()));
    User updated = new User(u.id(), u.username(), u.email(), verified, PasswordHashes.hash(password), u.claims(), null,
        u.createdAt(), u.disabled());
    users.update(updated);
    endEverything(u.id());
    audit.append(new AuditEvent(clock.instant(), "account.password_reset", u.id(), null, address, Map.of()));
    notifyPasswordChanged(u, true, locale);
    return updated;
  }

  // ---- sessions, connected apps, deletion ----------------------------------------------------

  /** The live browser sessions of the account. */
  public List<BrowserSession> sessions(String subject) {
    return sessions.findBySubject(subject);
  }

  /** Ends one session of the account and what was issued in it; 404 when it is not one of its sessions. */
  public void endSession(String subject, String sid, String address) {
    BrowserSession s = sessions.findBySubject(subject).stream().filter(x -> x.sid().equals(sid)).findFirst()
        .orElseThrow(() -> ApiProblem.notFound("no such session of this account"));
    endOne(s);
    audit.append(new AuditEvent(clock.instant(), "account.session_ended", subject, null, address,
        Map.of("sid", sid)));
  }

  /** Ends the session of the caller (sign-out). */
  public void signOut(BrowserSession s, String cookieValue, String address) {
    sessions.delete(cookieValue);
    endIssued(s);
    audit.append(new AuditEvent(clock.instant(), "logout", s.subject(), null, address, Map.of("sid", s.sid())));
  }

  /** Disconnects a client: its consent goes, its refresh and access tokens for the account stop working. */
  public void revokeConsent(String subject, String clientId, String address) {
    boolean had = consents.revoke(subject, clientId);
    int tokensRevoked = refreshTokens.revokeClient(subject, clientId);
    if (!had && tokensRevoked == 0) {
      throw ApiProblem.notFound("this client has no access to the account");
    }
    Instant now = clock.instant();
    revocations.revokeSubjectAtClient(subject, clientId, now, now.plus(settings.accessTokenLifetime()));
    audit.append(new AuditEvent(now, "account.consent_revoked", subject, clientId, address, Map.of()));
  }

  /** How recent the sign-in must be for the account to be deleted (re-authentication, ASVS 5.0 V7.5.1). */
  public static final Duration DELETE_REAUTHENTICATION = Duration.ofMinutes(5);

  /**
   * Deletes the account of a browser session signed in within {@link #DELETE_REAUTHENTICATION};
   * everything the account holds stops working at once.
   */
  public void delete(BrowserSession session, String address) {
    if (session == null) {
      throw ApiProblem.of(403, "Forbidden", "delete the account from a signed-in browser session, not with a token");
    }
    String subject = session.subject();
    user(subject);
    if (session.authTime().plus(DELETE_REAUTHENTICATION).isBefore(clock.instant())) {
      throw ApiProblem.of(401, "Unauthorized", "sign in again (POST /auth/login) within "
          + DELETE_REAUTHENTICATION.toMinutes() + " minutes before deleting the account");
    }
    endEverything(subject);
    mfa.disable(subject);
    for (String purpose : List.of(AccountToken.PURPOSE_VERIFY_EMAIL, AccountToken.PURPOSE_CHANGE_EMAIL,
        AccountToken.PURPOSE_RESET_PASSWORD)) {
      tokens.revokeAll(subject, purpose);
    }
    for (var c : consents.findBySubject(subject)) {
      consents.revoke(subject, c.clientId());
    }
    users.delete(subject);
    audit.append(new AuditEvent(clock.instant(), "account.deleted", subject, null, address, Map.of()));
  }

  /** Every session, refresh token and access token of the account ends (reset, deletion). */
  private void endEverything(String subject) {
    Instant now = clock.instant();
    endSessions(subject, null);
    refreshTokens.revokeSubject(subject);
    revocations.revokeSubject(subject, now, now.plus(settings.accessTokenLifetime()));
  }

  /** Ends the account's sessions except {@code keepSid}, with what was issued in them. */
  private void endSessions(String subject, String keepSid) {
    for (BrowserSession s : sessions.findBySubject(subject)) {
      if (!s.sid().equals(keepSid)) {
        endOne(s);
      }
    }
    // sessions in which a client got a code are known durably too (Back-Channel Logout): end those as well
    for (String sid : logout.subjectEnded(subject)) {
      if (!sid.equals(keepSid)) {
        sessions.deleteBySid(sid);
        refreshTokens.revokeSession(sid);
        revocations.endSession(sid, clock.instant().plus(settings.accessTokenLifetime()));
      }
    }
  }

  private void endOne(BrowserSession s) {
    sessions.deleteBySid(s.sid());
    endIssued(s);
  }

  private void endIssued(BrowserSession s) {
    logout.sessionEnded(s);
    refreshTokens.revokeSession(s.sid());
    revocations.endSession(s.sid(), clock.instant().plus(settings.accessTokenLifetime()));
  }

  // ---- helpers -------------------------------------------------------------------------------

  private void notifyPasswordChanged(User u, boolean reset, Locale locale) {
    if (u.email() == null || !mails.available()) {
      return;
    }
    Map<String, Object> model = new HashMap<>();
    model.put("link", AccountPages.url(settings, "forgot-password", locale).toString());
    if (reset) {
      model.put("reset", true);
    }
    putName(model, u);
    mails.send("password_changed", u.email(), locale, model);
  }

  private void requireMail() {
    if (!mails.available()) {
      throw ApiProblem.of(503, "Service Unavailable", "this needs e-mail, but no mail sender is configured")
          .header("Retry-After", "3600");
    }
  }

  private void checkPassword(String password, String username, String email) {
    if (password == null || password.isEmpty()) {
      throw ApiProblem.invalidField("password", "required");
    }
    try {
      policy.check(password, username, email);
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      throw ApiProblem.invalidField("password", message.startsWith("password: ") ? message.substring(10) : message);
    }
  }

  static String email(String value, String field) {
    if (value == null || value.isBlank()) {
      throw ApiProblem.invalidField(field, "required");
    }
    String v = value.trim();
    if (v.length() > MAX_EMAIL_LENGTH || !EMAIL.matcher(v).matches()) {
      throw ApiProblem.invalidField(field, "is not an e-mail address");
    }
    return v;
  }

  private static String claim(String field, String value) {
    if (value.length() > MAX_CLAIM_LENGTH) {
      throw ApiProblem.invalidField(field, "at most " + MAX_CLAIM_LENGTH + " characters");
    }
    return value.trim();
  }

  private static void putName(Map<String, Object> model, User u) {
    Object name = u.claims().get("name");
    if (name instanceof String s && !s.isBlank()) {
      model.put("name", s);
    }
  }

  private static User withPassword(User u, String hash) {
    return new User(u.id(), u.username(), u.email(), u.emailVerified(), hash, u.claims(), null, u.createdAt(),
        u.disabled());
  }
}
