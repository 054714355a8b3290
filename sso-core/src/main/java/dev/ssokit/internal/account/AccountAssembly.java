package dev.ssokit.internal.account;

import dev.ssokit.SsoSettings;
import dev.ssokit.internal.http.Cookies;
import dev.ssokit.internal.page.PageRenderer;
import dev.ssokit.internal.interaction.AuthorizationFlow;
import dev.ssokit.internal.logout.SessionLogout;
import dev.ssokit.internal.mfa.SecondFactor;
import dev.ssokit.internal.token.AccessTokenVerifier;
import dev.ssokit.internal.token.RevocationList;
import dev.ssokit.internal.user.PasswordAuthentication;
import dev.ssokit.spi.AccountTokenStore;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.Cache;
import dev.ssokit.spi.ClientStore;
import dev.ssokit.spi.ConsentStore;
import dev.ssokit.spi.MailSender;
import dev.ssokit.spi.RefreshTokenStore;
import dev.ssokit.spi.UserDirectory;
import dev.ssokit.spi.UserStore;
import dev.ssokit.internal.http.Endpoint;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Assembles the accounts capability of the built-in accounts: the services ({@link Accounts},
 * {@link SignIn}) and the JSON API mounted at {@value #API_PREFIX}.
 */
public final class AccountAssembly {
  /** Path of the account API below the issuer. */
  public static final String API_PREFIX = "/auth";

  private final Accounts accounts;
  private final SignIn signIn;
  private final AccountApi api;
  private final AccountTokens tokens;
  private final AccountMfa mfa;
  private final ConnectedApps apps;
  private final AccountCaller caller;
  private final Parts parts;

  /** Everything the capability uses from the provider. */
  public record Parts(SsoSettings settings, Clock clock, UserStore users, UserDirectory directory,
                      AccountTokenStore accountTokens, SecondFactor mfa, MailSender mailSender, Cache cache,
                      AuthorizationFlow flow, Cookies cookies, AccessTokenVerifier verifier, RevocationList revocations,
                      RefreshTokenStore refreshTokens, ConsentStore consents, ClientStore clients, AuditLog audit,
                      SessionLogout logout, PageRenderer pages, PasswordAuthentication passwords) {}

  public AccountAssembly(Parts p) {
    this.tokens = new AccountTokens(p.accountTokens(), p.clock());
    AccountMails mails = new AccountMails(p.mailSender(), p.settings().productName(), p.pages().messages(),
        p.settings().templateDirectory());
    this.accounts = new Accounts(p.settings(), p.users(), tokens, mails, p.mfa(), p.flow().sessions(), p.logout(),
        p.refreshTokens(), p.revocations(), p.consents(), p.cache(), p.audit(), p.clock());
    this.signIn = new SignIn(p.passwords(), p.mfa(), p.flow().sessions(), p.cookies(), p.flow().sessionCookie(),
        p.revocations(), p.audit(), p.clock());
    this.mfa = new AccountMfa(accounts, p.audit(), p.clock());
    this.apps = new ConnectedApps(p.consents(), p.clients(), p.clock());
    this.caller = new AccountCaller(p.flow(), p.verifier(), p.settings().issuer());
    this.api = new AccountApi(accounts, signIn, caller, apps, mfa, p.audit(), p.clock(), p.pages());
    this.parts = p;
  }

  /**
   * The account pages' routes below the issuer: {@code /account} (the signed-in user's account page)
   * and {@code /account/*} (register, verify e-mail, forgot and reset password, sign-in, MFA enrolment).
   *
   * @param basePath the issuer's path
   */
  public Map<String, Endpoint> pageRoutes(String basePath) {
    SsoSettings settings = parts.settings();
    FormCsrf csrf = new FormCsrf(parts.cookies(), settings);
    SignedInPages signedIn = new SignedInPages(parts.flow(), caller, parts.pages(), settings);
    AccountSignInPage signInPage = new AccountSignInPage(signIn, mfa, csrf, parts.cache(), parts.clock(), settings,
        signedIn);
    MfaEnrolmentPage mfaPage = new MfaEnrolmentPage(mfa, signedIn);
    Map<String, Endpoint> routes = new LinkedHashMap<>();
    routes.put(AccountPages.PREFIX, new AccountHomePage(accounts, mfa, apps, signIn, signedIn));
    routes.put(AccountPages.PREFIX + "/*", new AccountPages(accounts, parts.pages(), csrf, settings, basePath,
        signInPage, mfaPage));
    return routes;
  }

  public Accounts accounts() {
    return accounts;
  }

  public SignIn signIn() {
    return signIn;
  }

  public AccountApi api() {
    return api;
  }

  public AccountTokens tokens() {
    return tokens;
  }
}
