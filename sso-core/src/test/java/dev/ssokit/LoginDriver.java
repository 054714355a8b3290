package dev.ssokit;

import com.nimbusds.common.contenttype.ContentType;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.testkit.InProcessBrowser;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One browser at one client address: starts an authorization request for client {@code web}
 * (redirect {@code http://localhost:9000/cb}) and submits the login form, every request with the
 * given direct peer address and extra headers (forwarding headers).
 */
final class LoginDriver {
  static final String REDIRECT = "http://localhost:9000/cb";

  private final SsoProvider provider;
  private final String address;
  private final java.util.Map<String, String> headers;
  private final java.util.Map<String, String> cookies = new java.util.LinkedHashMap<>();
  private String interaction;
  private String csrf;

  LoginDriver(SsoProvider provider, String address) {
    this(provider, address, java.util.Map.of());
  }

  LoginDriver(SsoProvider provider, String address, java.util.Map<String, String> headers) {
    this.provider = provider;
    this.address = address;
    this.headers = headers;
  }

  /** Registers the client this driver uses (public, PKCE). */
  static void registerClient(SsoProvider provider) {
    provider.clients().register(new ClientRegistration("web", null, java.util.List.of(URI.create(REDIRECT)), null,
        java.util.Set.of("authorization_code"), java.util.Set.of("openid"), "none", null, null));
  }

  HTTPResponse send(HTTPRequest request) {
    request.setClientIPAddress(address);
    headers.forEach(request::setHeader);
    InProcessBrowser.sendCookies(cookies, request);
    HTTPResponse response = provider.handle(request);
    if (keepsCookies) {
      InProcessBrowser.keepCookies(cookies, response);
    }
    return response;
  }

  private boolean keepsCookies;

  /** From now on keeps every cookie the provider sets (the browser session), as a browser does. */
  LoginDriver keepingCookies() {
    keepsCookies = true;
    return this;
  }

  /** GET /authorize; returns its answer (a redirect to the login page when all is well). */
  HTTPResponse authorize() throws Exception {
    HTTPResponse authorize = send(new HTTPRequest(HTTPRequest.Method.GET, URI.create(
        "http://localhost:8080/authorize?response_type=code&client_id=web"
            + "&redirect_uri=" + enc(REDIRECT) + "&scope=openid&state=s"
            + "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256").toURL()));
    if (!keepsCookies && authorize.getHeaderValues("Set-Cookie") != null) { // kept by send otherwise
      cookies.clear(); // the cookies of this authorization request only
      InProcessBrowser.keepCookies(cookies, authorize);
    }
    return authorize;
  }

  /** Starts a new interaction (authorize, then the login page). */
  LoginDriver start() throws Exception {
    HTTPResponse authorize = authorize();
    if (authorize.getStatusCode() / 100 != 3) {
      throw new AssertionError("authorize answered " + authorize.getStatusCode());
    }
    String html = send(new HTTPRequest(HTTPRequest.Method.GET, authorize.getLocation().toURL())).getBody();
    interaction = field(html, "interaction");
    csrf = field(html, "csrf_token");
    return this;
  }

  /** Submits the login form of the current interaction. */
  HTTPResponse login(String username, String password) throws Exception {
    HTTPRequest post = new HTTPRequest(HTTPRequest.Method.POST,
        URI.create("http://localhost:8080/interaction/login").toURL());
    post.setEntityContentType(ContentType.APPLICATION_URLENCODED);
    post.setBody("interaction=" + enc(interaction) + "&csrf_token=" + enc(csrf)
        + "&username=" + enc(username) + "&password=" + enc(password));
    return send(post);
  }

  /**
   * After a successful login: follows the provider's redirects, allowing consent when asked, to the
   * client's redirect URI; returns the authorization code.
   */
  String code(HTTPResponse afterLogin) throws Exception {
    HTTPResponse r = afterLogin;
    for (int hops = 0; hops < 10; hops++) {
      if (r.getStatusCode() == 200 && r.getBody() != null && r.getBody().contains("name=\"decision\"")) {
        HTTPRequest post = new HTTPRequest(HTTPRequest.Method.POST,
            URI.create("http://localhost:8080/interaction/consent").toURL());
        post.setEntityContentType(ContentType.APPLICATION_URLENCODED);
        post.setBody("interaction=" + enc(field(r.getBody(), "interaction")) + "&csrf_token="
            + enc(field(r.getBody(), "csrf_token")) + "&decision=allow");
        r = send(post);
        continue;
      }
      URI location = r.getLocation();
      if (location == null) {
        throw new AssertionError("no redirect: " + r.getStatusCode());
      }
      if (location.toString().startsWith(REDIRECT)) {
        Matcher m = Pattern.compile("(?:^|&)code=([^&]+)").matcher(location.getRawQuery());
        if (!m.find()) {
          throw new AssertionError("no code in " + location.getRawQuery().replaceAll("code=[^&]+", "code=..."));
        }
        return java.net.URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
      }
      r = send(new HTTPRequest(HTTPRequest.Method.GET, location.toURL()));
    }
    throw new AssertionError("too many redirects");
  }

  /** Redeems {@code code} at the token endpoint (public client, PKCE verifier of {@link #authorize}). */
  HTTPResponse redeem(String code) throws Exception {
    HTTPRequest post = new HTTPRequest(HTTPRequest.Method.POST, URI.create("http://localhost:8080/token").toURL());
    post.setEntityContentType(ContentType.APPLICATION_URLENCODED);
    post.setBody("grant_type=authorization_code&client_id=web&code=" + enc(code) + "&redirect_uri=" + enc(REDIRECT)
        + "&code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    return send(post);
  }

  static String field(String html, String name) {
    Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
    if (!m.find()) {
      throw new AssertionError("no form field " + name);
    }
    return m.group(1);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
