package dev.ssokit.internal.account;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.SsoSettings;
import dev.ssokit.internal.http.Cookies;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.token.OpaqueToken;
import java.time.Duration;
import java.util.Optional;

/**
 * The CSRF token of the account forms used without a session (register, forgot/reset password,
 * sign-in): double submit, the form's hidden {@code csrf_token} must equal a cookie set with the
 * form ({@code SameSite=Lax}, {@code HttpOnly}), which another site can neither read nor set.
 */
final class FormCsrf {
  static final Duration COOKIE_LIFETIME = Duration.ofHours(1);

  private final Cookies cookies;
  private final String cookie;

  /** The token a form carries, and the {@code Set-Cookie} value when the browser has none yet. */
  record Issued(String token, String setCookie) {
    /** Adds the cookie to the page that carries the form, when it is new. */
    HTTPResponse addTo(HTTPResponse r) {
      if (setCookie != null) {
        Responses.addHeader(r, "Set-Cookie", setCookie);
      }
      return r;
    }
  }

  FormCsrf(Cookies cookies, SsoSettings settings) {
    this.cookies = cookies;
    this.cookie = cookies.name(settings.sessionCookieName() + "_csrf");
  }

  Issued issue(HTTPRequest request) {
    Optional<String> existing = Cookies.read(request, cookie).filter(v -> v.length() <= 64);
    if (existing.isPresent()) {
      return new Issued(existing.get(), null);
    }
    String token = OpaqueToken.generate();
    return new Issued(token, cookies.set(cookie, token, COOKIE_LIFETIME));
  }

  boolean valid(HTTPRequest request, String sent) {
    Optional<String> expected = Cookies.read(request, cookie);
    return sent != null && expected.isPresent() && OpaqueToken.equalsConstantTime(sent, expected.get());
  }
}
