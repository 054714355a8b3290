package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import java.net.MalformedURLException;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * Hosts that call {@link SsoProvider#handle} with their own request conversion: a URL that
 * {@code java.net.URI} refuses is served when a browser would send it, and 400 when it is broken.
 */
class RequestUrlTest {
  private static final String ISSUER = "http://localhost:9000";
  private final SsoProvider provider = SsoProvider.builder(SsoSettings.builder(ISSUER).build()).build();

  /** {@code new URL(String)}: the lenient parser a servlet request conversion uses. */
  private HTTPResponse send(HTTPRequest.Method method, String pathAndQuery) throws MalformedURLException {
    HTTPRequest request = new HTTPRequest(method, new URL(ISSUER + pathAndQuery));
    if (method == HTTPRequest.Method.POST) {
      request.setHeader("Content-Type", "application/x-www-form-urlencoded");
      request.setBody("grant_type=client_credentials");
    }
    return provider.handle(request);
  }

  @Test
  void whenQueryHasCharactersBrowsersSendUnencodedThenServed() throws Exception {
    assertThat(send(HTTPRequest.Method.GET, "/jwks?x={a|b}^c\\d`e\"<f>").getStatusCode()).isEqualTo(200);
    assertThat(send(HTTPRequest.Method.GET, "/jwks?x=\u00e9\u4e2d").getStatusCode()).isEqualTo(200);
  }

  @Test
  void whenPercentEncodingIsBrokenThen400InvalidRequest() throws Exception {
    for (String query : new String[] {"?x=%E0%A4%A", "?x=%ZZ", "?x=%", "?x={%G1}"}) {
      HTTPResponse r = send(HTTPRequest.Method.GET, "/jwks" + query);
      assertThat(r.getStatusCode()).as(query).isEqualTo(400);
      assertThat(r.getBody()).as(query).contains("\"invalid_request\"").doesNotContain("x=");
    }
  }

  @Test
  void whenTheReviewsUrlsAreHandledThen400NotAServerError() throws Exception {
    HTTPResponse authorize = send(HTTPRequest.Method.GET, "/authorize?client_id=x&state={x}");
    assertThat(authorize.getStatusCode()).isEqualTo(400);
    assertThat(authorize.getHeaderValue("Content-Type")).startsWith("text/html");
    HTTPResponse token = send(HTTPRequest.Method.POST, "/token?x={");
    assertThat(token.getStatusCode()).isEqualTo(400);
    assertThat(token.getBody()).contains("\"invalid_request\"");
    HTTPResponse logout = send(HTTPRequest.Method.GET, "/logout?id_token_hint=eyJ.x.y&state=a|b");
    assertThat(logout.getStatusCode()).isEqualTo(400);
  }
}
