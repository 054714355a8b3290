package dev.ssokit.example.standalone;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser for the tests: keeps cookies, never follows redirects by itself, and can walk an
 * OpenID Connect authorization code flow (PKCE S256) through the built-in login and consent pages
 * up to the code sent back to the client's redirect URI.
 */
final class Browser {
  /** More steps than any authorization needs (authorize, login, consent): a loop is a failure. */
  private static final int MAX_STEPS = 12;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern HIDDEN_INPUT =
      Pattern.compile("<input type=\"hidden\" name=\"([a-z_]+)\" value=\"([^\"]*)\">");

  /** Where a flow stopped: the code (when it reached the client) and every page the browser saw. */
  record Flow(AuthorizationCode code, CodeVerifier verifier, URI redirectUri, List<String> visited,
              HttpResponse<String> last) {
    boolean sawLoginForm() {
      return visited.stream().anyMatch(p -> p.startsWith("/interaction/login"));
    }

    boolean sawConsentPage() {
      return visited.stream().anyMatch(p -> p.startsWith("/interaction/consent"));
    }
  }

  /**
   * Cookies by name, as a browser keeps them for one host (RFC 6265 §5.3; the tests use one host
   * per browser, paths are all {@code /}). Not java.net.CookieManager: it takes {@code Max-Age}
   * for an RFC 2965 cookie and sends {@code $Version="1"; name="value"}, which no browser does.
   */
  private final Map<String, String> cookies = new ConcurrentHashMap<>();
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();

  HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri).GET());
  }

  HttpResponse<String> postForm(URI uri, Map<String, String> form) throws IOException, InterruptedException {
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    if (!cookies.isEmpty()) {
      request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("; ")));
    }
    HttpResponse<String> response = http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    for (String header : response.headers().allValues("Set-Cookie")) {
      String pair = header.split(";", 2)[0];
      int eq = pair.indexOf('=');
      String name = pair.substring(0, eq).trim();
      String value = pair.substring(eq + 1).trim();
      // RFC 6265 §5.2.2: Max-Age=0 (or an empty value from a clearing cookie) removes it
      if (value.isEmpty() || header.toLowerCase(Locale.ROOT).contains("max-age=0")) {
        cookies.remove(name);
      } else {
        cookies.put(name, value);
      }
    }
    return response;
  }

  /** The value of cookie {@code name} this browser holds, if any. */
  Optional<String> cookie(String name) {
    return Optional.ofNullable(cookies.get(name));
  }

  /** The authorization request of a fresh flow (new PKCE verifier, state and nonce). */
  static AuthenticationRequest authorizationRequest(URI issuer, String clientId, URI redirectUri, String scope,
                                                    CodeVerifier verifier) {
    return new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse(scope), new ClientID(clientId),
        redirectUri)
        .endpointURI(URI.create(issuer + "/authorize"))
        .state(new State())
        .nonce(new Nonce())
        .codeChallenge(verifier, CodeChallengeMethod.S256)
        .build();
  }

  /**
   * Runs an authorization code flow: {@code /authorize}, then the login form (with {@code
   * username} / {@code password}) and the consent page (allow) when the provider shows them, until
   * the provider redirects to {@code redirectUri} or answers anything but a redirect.
   */
  Flow authorize(URI issuer, String clientId, URI redirectUri, String scope, String username, String password)
      throws IOException, InterruptedException {
    CodeVerifier verifier = new CodeVerifier();
    URI next = authorizationRequest(issuer, clientId, redirectUri, scope, verifier).toURI();
    List<String> visited = new ArrayList<>();
    HttpResponse<String> response = null;
    for (int step = 0; step < MAX_STEPS; step++) {
      visited.add(next.getRawPath());
      response = get(next);
      if (next.getRawPath().equals("/interaction/login") && response.statusCode() == 200) {
        Map<String, String> form = hiddenInputs(response.body());
        form.put("username", username);
        form.put("password", password);
        response = postForm(URI.create(issuer + "/interaction/login"), form);
      } else if (next.getRawPath().equals("/interaction/consent") && response.statusCode() == 200) {
        Map<String, String> form = hiddenInputs(response.body());
        form.put("decision", "allow");
        response = postForm(URI.create(issuer + "/interaction/consent"), form);
      }
      if (response.statusCode() != 302 && response.statusCode() != 303) {
        return new Flow(null, verifier, redirectUri, visited, response);
      }
      next = URI.create(response.headers().firstValue("Location").orElseThrow());
      if (next.toString().startsWith(redirectUri.toString())) {
        try {
          AuthorizationResponse answer = AuthorizationResponse.parse(next);
          AuthorizationCode code = answer.indicatesSuccess()
              ? answer.toSuccessResponse().getAuthorizationCode() : null;
          return new Flow(code, verifier, redirectUri, visited, response);
        } catch (ParseException e) {
          throw new AssertionError("the provider redirected to the client with an unparsable answer", e);
        }
      }
      if (!next.isAbsolute()) {
        next = issuer.resolve(next);
      }
    }
    throw new AssertionError("no answer to the client after " + MAX_STEPS + " steps: " + visited);
  }

  /** The hidden inputs of the page's form (interaction id and CSRF token). */
  static Map<String, String> hiddenInputs(String html) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher m = HIDDEN_INPUT.matcher(html);
    while (m.find()) {
      fields.put(m.group(1), m.group(2).replace("&#x3D;", "=").replace("&#61;", "=").replace("&amp;", "&"));
    }
    if (!fields.containsKey("interaction") || !fields.containsKey("csrf_token")) {
      throw new AssertionError("the page has no interaction form: " + html);
    }
    return fields;
  }
}
