package dev.ssokit.example.standalone;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.AuthenticationResponse;
import com.nimbusds.openid.connect.sdk.AuthenticationResponseParser;
import com.nimbusds.openid.connect.sdk.AuthenticationSuccessResponse;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A relying party and its user's browser, for end-to-end tests over real HTTP: Nimbus builds the
 * authorization request and the token requests and parses the answers; a
 * {@link HttpClient} with a cookie jar plays the browser through the built-in login and consent
 * pages.
 *
 * <p>IMPORTANT: every URL that starts with the provider's issuer is sent to {@code baseUrl}
 * instead, as a load balancer in front of several instances with one issuer would; test use only.
 */
final class OidcTestClient {
  /** Longest wait for one HTTP answer; a hung server fails the test instead of hanging it. */
  static final Duration HTTP_TIMEOUT = Duration.ofSeconds(20);
  private static final Pattern HIDDEN_INPUT = Pattern.compile(
      "<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");
  private static final int MAX_BROWSER_STEPS = 10;

  private final String issuer;
  private final URI baseUrl;
  private final HttpClient browser;
  /**
   * The browser's cookies for the provider, name to value (RFC 6265 §5.3, one site, so no domain or
   * path matching). Not java.net.CookieManager: it turns cookies with Max-Age into RFC 2965 cookies
   * and sends them back quoted ({@code name="value"}), which no browser does.
   */
  private final Map<String, String> cookies;

  /** {@code baseUrl}: where this client actually reaches the provider whose issuer is {@code issuer}. */
  OidcTestClient(String issuer, URI baseUrl) {
    this(issuer, baseUrl, HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(HTTP_TIMEOUT).build(), new ConcurrentHashMap<>());
  }

  private OidcTestClient(String issuer, URI baseUrl, HttpClient browser, Map<String, String> cookies) {
    this.issuer = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    this.baseUrl = baseUrl;
    this.browser = browser;
    this.cookies = cookies;
  }

  /** For a server reached at its own issuer URL. */
  static OidcTestClient of(StandaloneServer server) {
    return new OidcTestClient(server.issuer().toString(), server.issuer());
  }

  /** The same browser (cookies) and client, talking to another instance behind the same issuer. */
  OidcTestClient via(URI otherBaseUrl) {
    return new OidcTestClient(issuer, otherBaseUrl, browser, cookies);
  }

  URI endpoint(String path) {
    String base = baseUrl.toString();
    return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
  }

  /**
   * Runs the authorization code flow with PKCE S256 (OAuth 2.1 §4.1) as {@code username}, allowing
   * consent if asked, and redeems the code; returns the token endpoint's answer.
   */
  TokenResponse codeFlow(String clientId, String clientSecret, URI redirectUri, Scope scope, String username,
                         String password) throws IOException, InterruptedException, ParseException {
    CodeVerifier verifier = new CodeVerifier();
    State state = new State();
    URI authorize = new AuthenticationRequest.Builder(ResponseType.CODE, scope, new ClientID(clientId), redirectUri)
        .state(state).nonce(new Nonce()).codeChallenge(verifier, CodeChallengeMethod.S256)
        .endpointURI(URI.create(issuer + "/authorize")).build().toURI();
    HttpResponse<String> page = browserGet(authorize);
    for (int step = 0; step < MAX_BROWSER_STEPS; step++) {
      if (page.statusCode() == 302 || page.statusCode() == 303) {
        URI location = URI.create(page.headers().firstValue("Location").orElseThrow());
        if (location.toString().startsWith(redirectUri.toString())) {
          AuthenticationResponse response = AuthenticationResponseParser.parse(location);
          if (!response.indicatesSuccess()) {
            throw new AssertionError("authorization failed: " + response.toErrorResponse().getErrorObject());
          }
          AuthenticationSuccessResponse success = response.toSuccessResponse();
          if (!state.equals(success.getState())) {
            throw new AssertionError("state mismatch in the authorization response");
          }
          return token(clientId, clientSecret,
              new AuthorizationCodeGrant(success.getAuthorizationCode(), redirectUri, verifier));
        }
        page = browserGet(location.isAbsolute() ? location : URI.create(issuer).resolve(location));
        continue;
      }
      if (page.statusCode() != 200) {
        throw new AssertionError("browser got HTTP " + page.statusCode() + " at " + page.uri() + ": " + page.body());
      }
      Map<String, String> form = hiddenInputs(page.body());
      String path = page.uri().getPath();
      if (path.endsWith("/interaction/login")) {
        form.put("username", username);
        form.put("password", password);
        page = browserPost(endpoint("/interaction/login"), form);
      } else if (path.endsWith("/interaction/consent")) {
        form.put("decision", "allow");
        page = browserPost(endpoint("/interaction/consent"), form);
      } else {
        throw new AssertionError("unexpected page at " + page.uri() + ": " + page.body());
      }
    }
    throw new AssertionError("no authorization code after " + MAX_BROWSER_STEPS + " browser steps");
  }

  /** {@code grant_type=refresh_token} (OAuth 2.1 §4.3) with {@code client_secret_basic}. */
  TokenResponse refresh(String clientId, String clientSecret, RefreshToken refreshToken)
      throws IOException, ParseException {
    return token(clientId, clientSecret, new RefreshTokenGrant(refreshToken));
  }

  /** {@code grant_type=client_credentials} (OAuth 2.1 §4.2) with {@code client_secret_basic}. */
  TokenResponse clientCredentials(String clientId, String clientSecret, Scope scope)
      throws IOException, ParseException {
    return OIDCTokenResponseParser.parse(clientCredentialsHttp(clientId, clientSecret, scope));
  }

  /** The raw answer of a client_credentials request, for status and content-type checks. */
  HTTPResponse clientCredentialsHttp(String clientId, String clientSecret, Scope scope) throws IOException {
    TokenRequest request = new TokenRequest.Builder(endpoint("/token"),
        new ClientSecretBasic(new ClientID(clientId), new Secret(clientSecret)), new ClientCredentialsGrant())
        .scope(scope).build();
    var http = request.toHTTPRequest();
    http.setConnectTimeout((int) HTTP_TIMEOUT.toMillis());
    http.setReadTimeout((int) HTTP_TIMEOUT.toMillis());
    return http.send();
  }

  /** The provider's published keys. */
  JWKSet jwks() throws IOException, InterruptedException, java.text.ParseException {
    HttpResponse<String> r = browserGet(endpoint("/jwks"));
    if (r.statusCode() != 200) {
      throw new AssertionError("GET /jwks answered " + r.statusCode() + ": " + r.body());
    }
    return JWKSet.parse(r.body());
  }

  /** A plain GET with this browser's cookies, no redirects followed. */
  HttpResponse<String> browserGet(URI uri) throws IOException, InterruptedException {
    return send(withCookies(HttpRequest.newBuilder(route(uri))).GET());
  }

  private HttpResponse<String> browserPost(URI uri, Map<String, String> form) throws IOException, InterruptedException {
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return send(withCookies(HttpRequest.newBuilder(route(uri)))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpRequest.Builder withCookies(HttpRequest.Builder request) {
    request.timeout(HTTP_TIMEOUT);
    if (!cookies.isEmpty()) {
      request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("; ")));
    }
    return request;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response = browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    for (String setCookie : response.headers().allValues("Set-Cookie")) {
      String pair = setCookie.split(";", 2)[0];
      int eq = pair.indexOf('=');
      String name = pair.substring(0, eq).trim();
      String value = pair.substring(eq + 1).trim();
      // RFC 6265 §5.3 step 11 / §5.2.2: an empty value with Max-Age=0 deletes the cookie
      if (value.isEmpty() || setCookie.contains("Max-Age=0")) {
        cookies.remove(name);
      } else {
        cookies.put(name, value);
      }
    }
    return response;
  }

  private TokenResponse token(String clientId, String clientSecret, AuthorizationGrant grant)
      throws IOException, ParseException {
    TokenRequest request = new TokenRequest.Builder(endpoint("/token"),
        new ClientSecretBasic(new ClientID(clientId), new Secret(clientSecret)), grant).build();
    var http = request.toHTTPRequest();
    http.setConnectTimeout((int) HTTP_TIMEOUT.toMillis());
    http.setReadTimeout((int) HTTP_TIMEOUT.toMillis());
    return OIDCTokenResponseParser.parse(http.send());
  }

  /** An issuer URL goes to this client's instance ({@code baseUrl}). */
  private URI route(URI uri) {
    String s = uri.toString();
    return s.startsWith(issuer) ? endpoint(s.substring(issuer.length())) : uri;
  }

  private static Map<String, String> hiddenInputs(String html) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher m = HIDDEN_INPUT.matcher(html);
    while (m.find()) {
      fields.put(m.group(1), m.group(2));
    }
    if (fields.isEmpty()) {
      throw new AssertionError("no hidden form fields in page: " + html);
    }
    return fields;
  }
}
