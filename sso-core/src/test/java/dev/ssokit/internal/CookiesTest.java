package dev.ssokit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import dev.ssokit.internal.http.Cookies;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CookiesTest {

  private static HTTPRequest withCookie(String header) throws Exception {
    HTTPRequest r = new HTTPRequest(HTTPRequest.Method.GET, URI.create("http://localhost/x").toURL());
    r.setHeader("Cookie", header);
    return r;
  }

  @Test
  void whenCookieIsPlainOrQuotedThenTheValueIsRead() throws Exception {
    assertThat(Cookies.read(withCookie("a=1; ssokit_session=abc; b=2"), "ssokit_session")).hasValue("abc");
    // RFC 2965 style as sent by java.net.CookieManager.
    assertThat(Cookies.read(withCookie("$Version=\"1\"; ssokit_session=\"abc\"; $Path=\"/\""), "ssokit_session"))
        .hasValue("abc");
    assertThat(Cookies.read(withCookie("ssokit_session_interaction=zzz"), "ssokit_session")).isEmpty();
    assertThat(Cookies.read(withCookie("ssokit_session=\"\""), "ssokit_session")).isEmpty();
  }

  @Test
  void whenCookieNameAppearsTwiceThenNeitherValueIsTrusted() throws Exception {
    // a sibling domain's cookie of the same name must not pick the session (first-wins was the bug)
    assertThat(Cookies.read(withCookie("ssokit_session=attacker; ssokit_session=victim"), "ssokit_session")).isEmpty();
    assertThat(Cookies.read(withCookie("ssokit_session=same; a=1; ssokit_session=same"), "ssokit_session")).isEmpty();
  }

  @Test
  void whenSecureThenNamesArePrefixedHostWithoutPathSecureWithPath() {
    assertThat(new Cookies("", true).name("s")).isEqualTo("__Host-s");
    assertThat(new Cookies("/sso", true).name("s")).isEqualTo("__Secure-s");
    assertThat(new Cookies("", false).name("s")).isEqualTo("s");
    assertThat(new Cookies("", true).setForBrowserSession("__Host-s", "v"))
        .isEqualTo("__Host-s=v; Path=/; HttpOnly; SameSite=Lax; Secure");
  }

  @Test
  void whenCookieIsSetThenItIsHttpOnlyLaxAndSecureOnlyOnHttps() {
    assertThat(new Cookies("/sso", true).set("s", "v", Duration.ofMinutes(5)))
        .isEqualTo("s=v; Path=/sso; Max-Age=300; HttpOnly; SameSite=Lax; Secure");
    assertThat(new Cookies("", false).clear("s")).isEqualTo("s=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
  }
}
