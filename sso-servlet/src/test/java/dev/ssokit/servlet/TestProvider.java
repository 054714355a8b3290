package dev.ssokit.servlet;

import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoProvider;
import dev.ssokit.SsoSettings;
import dev.ssokit.contract.MutableClock;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientOptions;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real provider for end-to-end tests: Jetty 12 on a random port with {@link SsoFilter} on
 * {@code /*} and a protected API ({@link BearerTokenFilter}, scope {@value #API_SCOPE}) at
 * {@code /api/*}; issuer {@code http://localhost:<port>}; time from a {@link MutableClock}.
 * Registers two confidential clients, a public client and one user.
 */
final class TestProvider implements AutoCloseable {
  static final String USERNAME = "alice";
  static final String PASSWORD = "correct horse battery staple";
  static final String EMAIL = "alice@example.com";
  static final String API_SCOPE = "api.read";

  static final String CLIENT_A = "webapp";
  static final URI REDIRECT_A = URI.create("https://app.example.com/callback");
  static final URI POST_LOGOUT_A = URI.create("https://app.example.com/signed-out");
  /** The one RFC 8707 resource {@link #CLIENT_A} registered. */
  static final URI RESOURCE_A = URI.create("https://api.example.com");
  static final String CLIENT_B = "otherapp";
  static final URI REDIRECT_B = URI.create("https://other.example.com/callback");
  static final String PUBLIC_CLIENT = "spa";
  static final URI REDIRECT_PUBLIC = URI.create("http://127.0.0.1/spa/callback");

  final MutableClock clock;
  final SsoProvider provider;
  final String issuer;
  final String secretA;
  final String secretB;
  final String userId;
  private final Server server;

  private TestProvider(UnaryOperator<SsoSettings.Builder> settings, UnaryOperator<SsoProvider.Builder> parts)
      throws Exception {
    server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setPort(0);
    server.addConnector(connector);
    connector.open();
    issuer = "http://localhost:" + connector.getLocalPort();
    clock = MutableClock.atNow();
    provider = parts.apply(SsoProvider.builder(settings.apply(SsoSettings.builder(issuer)).build()).clock(clock))
        .build();

    secretA = provider.clients().register(new ClientRegistration(CLIENT_A, "Web App", List.of(REDIRECT_A),
        List.of(POST_LOGOUT_A), Set.of("authorization_code", "refresh_token", "client_credentials"),
        Set.of("openid", "profile", "email", "offline_access", API_SCOPE, "api.write"),
        Client.AUTH_CLIENT_SECRET_BASIC, null, null)
        .withOptions(ClientOptions.builder().allowedResources(Set.of(RESOURCE_A)).build())).clientSecret();
    secretB = provider.clients().register(new ClientRegistration(CLIENT_B, "Other App", List.of(REDIRECT_B),
        List.of(), Set.of("authorization_code", "refresh_token"),
        Set.of("openid", "profile", "email", "offline_access"),
        Client.AUTH_CLIENT_SECRET_BASIC, null, null)).clientSecret();
    provider.clients().register(new ClientRegistration(PUBLIC_CLIENT, "Single-Page App", List.of(REDIRECT_PUBLIC),
        List.of(), Set.of("authorization_code", "refresh_token"), Set.of("openid", "profile", "offline_access"),
        Client.AUTH_NONE, null, null));
    userId = provider.users().create(USERNAME, PASSWORD, EMAIL,
        Map.of("name", "Alice Liddell", "email_verified", true)).orElseThrow().id();

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(new FilterHolder(new SsoFilter(provider)), "/*", EnumSet.of(DispatcherType.REQUEST));
    BearerTokenFilter api = BearerTokenFilter.requiringScopes(provider, API_SCOPE);
    FilterHolder apiHolder = new FilterHolder(api);
    context.addFilter(apiHolder, "/api/*", EnumSet.of(DispatcherType.REQUEST));
    // RFC 9728: the same filter answers the API's protected resource metadata
    context.addFilter(apiHolder, api.resourceMetadataPath(), EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new ApiServlet()), "/api/*");
    server.setHandler(context);
    server.start();
  }

  static TestProvider start() throws Exception {
    return new TestProvider(UnaryOperator.identity(), UnaryOperator.identity());
  }

  static TestProvider start(UnaryOperator<SsoSettings.Builder> settings) throws Exception {
    return new TestProvider(settings, UnaryOperator.identity());
  }

  /** A provider with other settings and other parts (SPIs such as a mail sender, customizers, shared cache, loopback fetches). */
  static TestProvider start(UnaryOperator<SsoSettings.Builder> settings, UnaryOperator<SsoProvider.Builder> parts)
      throws Exception {
    return new TestProvider(settings, parts);
  }

  URI uri(String path) {
    return URI.create(issuer + path);
  }

  Browser browser() {
    return new Browser(issuer);
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop Jetty", e);
    }
  }

  /** The host's own API: answers the verified token's subject. */
  private static final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      var token = (dev.ssokit.VerifiedAccessToken) req.getAttribute(BearerTokenFilter.TOKEN_ATTRIBUTE);
      resp.setContentType("application/json");
      resp.getWriter().write("{\"sub\":\"" + token.subject() + "\"}");
    }
  }
}
