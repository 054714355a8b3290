package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoProvider;
import dev.ssokit.SsoSettings;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What {@link SsoFilter} hands the provider: the body as the client sent it, read once, in its declared charset;
 * a form an earlier filter of the host consumed still arrives; the query of a POST is seen (and refused).
 */
class ServletRequestsIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** What the host's earlier filter read: a form parameter, which makes the container consume the body. */
  private static final AtomicReference<String> earlierFilterRead = new AtomicReference<>();
  private static Server server;
  private static String issuer;
  private static String basic;
  private static String secret;

  @BeforeAll
  static void start() throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(0);
    server.addConnector(connector);
    connector.open();
    issuer = "http://localhost:" + connector.getLocalPort();
    SsoProvider provider = SsoProvider.builder(SsoSettings.builder(issuer).build()).build();
    secret = provider.clients().register(new ClientRegistration("svc", "Service", List.of(), null,
        Set.of("client_credentials"), Set.of("api"), "client_secret_basic", null, null)).clientSecret();
    basic = "Basic " + Base64.getEncoder().encodeToString(("svc:" + secret).getBytes(StandardCharsets.UTF_8));
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    // like a CSRF filter of the host looking for a form field on every POST, before the provider's filter
    Filter readsAParameter = (req, res, chain) -> {
      if (((HttpServletRequest) req).getHeader("X-Read-Form") != null) {
        earlierFilterRead.set(req.getParameter("scope"));
      }
      chain.doFilter(req, res);
    };
    context.addFilter(new FilterHolder(readsAParameter), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addFilter(new FilterHolder(new SsoFilter(provider)), "/*", EnumSet.of(DispatcherType.REQUEST));
    server.setHandler(context);
    server.start();
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
  }

  private static HttpResponse<String> post(String pathAndQuery, String contentType, byte[] body) throws Exception {
    return HTTP.send(request(pathAndQuery, contentType, body).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder request(String pathAndQuery, String contentType, byte[] body) {
    return HttpRequest.newBuilder(URI.create(issuer + pathAndQuery)).header("Content-Type", contentType)
        .header("Authorization", basic).POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  private static HttpResponse<String> form(String pathAndQuery, String body) throws Exception {
    return post(pathAndQuery, "application/x-www-form-urlencoded", body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void whenAFormBodyArrivesThenTheProviderReadsItsParameters() throws Exception {
    HttpResponse<String> r = form("/token", "grant_type=client_credentials&scope=api");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSONObjectUtils.parse(r.body())).containsEntry("scope", "api").containsKey("access_token");
  }

  @Test
  void whenAnEarlierFilterConsumedTheFormThenTheProviderStillGetsIt() throws Exception {
    earlierFilterRead.set(null);

    HttpResponse<String> r = HTTP.send(request("/token", "application/x-www-form-urlencoded",
        "grant_type=client_credentials&scope=api".getBytes(StandardCharsets.UTF_8)).header("X-Read-Form", "1").build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(earlierFilterRead).hasValue("api");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(JSONObjectUtils.parse(r.body())).containsEntry("scope", "api");
  }

  @Test
  void whenPostParametersAreInTheUrlThenInvalidRequest() throws Exception {
    HttpResponse<String> r = form("/token?client_secret=" + secret, "grant_type=client_credentials&scope=api");

    assertThat(r.statusCode()).isEqualTo(400);
    Map<String, Object> error = JSONObjectUtils.parse(r.body());
    assertThat(error).containsEntry("error", "invalid_request");
    assertThat((String) error.get("error_description")).contains("form body");
    assertThat(r.body()).doesNotContain(secret);
  }

  @Test
  void whenTheFormDeclaresItsCharsetThenItIsDecodedWithIt() throws Exception {
    // "scope=api" plus a parameter whose value is one ISO-8859-1 byte (é), not valid UTF-8 on its own
    byte[] latin1 = "grant_type=client_credentials&scope=api&x=\u00e9".getBytes(StandardCharsets.ISO_8859_1);

    HttpResponse<String> declared = post("/token", "application/x-www-form-urlencoded; charset=ISO-8859-1", latin1);
    HttpResponse<String> undeclared = post("/token", "application/x-www-form-urlencoded", latin1);

    assertThat(declared.statusCode()).as(declared.body()).isEqualTo(200);
    assertThat(undeclared.statusCode()).isEqualTo(400);
    assertThat(JSONObjectUtils.parse(undeclared.body())).containsEntry("error", "invalid_request");
  }

  @Test
  void whenAFormHasABrokenPercentEncodingThenInvalidRequest() throws Exception {
    for (String body : List.of("grant_type=client_credentials&scope=%zz", "grant_type=client_credentials&x=%4",
        "grant_type=client_credentials&x=%")) {
      HttpResponse<String> r = form("/token", body);

      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(JSONObjectUtils.parse(r.body())).containsEntry("error", "invalid_request");
    }
  }
}
