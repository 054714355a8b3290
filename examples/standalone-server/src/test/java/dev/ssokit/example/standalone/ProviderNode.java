package dev.ssokit.example.standalone;

import dev.ssokit.SsoProvider;
import dev.ssokit.VerifiedAccessToken;
import dev.ssokit.servlet.BearerTokenFilter;
import dev.ssokit.servlet.SsoFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One provider instance on its own Jetty port, as a host application would run it: {@link
 * SsoFilter} on every path and, at {@value #API_PATH}, an API of the host protected by {@link
 * BearerTokenFilter} (scope {@value #API_SCOPE}) that answers the token's subject.
 */
final class ProviderNode {
  static final String API_PATH = "/api/me";
  static final String API_SCOPE = "profile";

  private final Server server;
  private final SsoProvider provider;
  private final URI uri;
  private final List<AutoCloseable> resources;

  private ProviderNode(Server server, SsoProvider provider, URI uri, List<AutoCloseable> resources) {
    this.server = server;
    this.provider = provider;
    this.uri = uri;
    this.resources = resources;
  }

  /**
   * Starts a node on a free loopback port.
   *
   * @param issuer   the issuer URL, or {@code null} for the node's own URL
   * @param provider builds the provider for the issuer; what it returns is closed with the node
   *                 when it is {@link AutoCloseable} ({@link #closeWith} for more)
   */
  static ProviderNode start(String issuer, Function<String, SsoProvider> provider) throws Exception {
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    connector.open();
    URI uri = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    SsoProvider sso = provider.apply(issuer != null ? issuer : uri.toString());
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(new FilterHolder(new SsoFilter(sso)), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addFilter(new FilterHolder(BearerTokenFilter.requiringScopes(sso, API_SCOPE)), API_PATH,
        EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new MeServlet()), API_PATH);
    server.setHandler(context);
    server.start();
    return new ProviderNode(server, sso, uri, new ArrayList<>());
  }

  /** Closes {@code resource} (a store, a cache) after the server has stopped. */
  ProviderNode closeWith(AutoCloseable resource) {
    resources.add(resource);
    return this;
  }

  SsoProvider provider() {
    return provider;
  }

  /** This node's own URL (not the issuer when it runs behind a proxy). */
  URI uri() {
    return uri;
  }

  /** Stops the server, then closes the resources given to {@link #closeWith}. */
  void close() throws Exception {
    server.stop();
    for (AutoCloseable r : resources) {
      r.close();
    }
  }

  /** The host's API: answers the subject of the verified token. */
  static final class MeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      VerifiedAccessToken token = (VerifiedAccessToken) req.getAttribute(BearerTokenFilter.TOKEN_ATTRIBUTE);
      resp.setContentType("application/json");
      resp.getWriter().write("{\"sub\":\"" + token.subject() + "\"}");
    }
  }
}
