package dev.ssokit.example.standalone;

import dev.ssokit.ClientRegistration;
import dev.ssokit.Clients;
import dev.ssokit.Maintenance;
import dev.ssokit.SsoProvider;
import dev.ssokit.SsoSettings;
import dev.ssokit.servlet.SsoFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone SSO Kit server: embedded Jetty 12 with {@link SsoFilter}, configured from
 * {@code SSO_*} environment variables, in memory by default.
 */
public final class StandaloneServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StandaloneServer.class);

  private final Server server;
  private final SsoProvider provider;
  private final URI issuer;
  private final int port;
  private final List<String> banner;

  private StandaloneServer(Server server, SsoProvider provider, URI issuer, int port, List<String> banner) {
    this.server = server;
    this.provider = provider;
    this.issuer = issuer;
    this.port = port;
    this.banner = banner;
  }

  public static void main(String[] args) throws Exception {
    StandaloneServer s;
    try {
      s = start(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("sso-server: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    for (String line : s.banner) {
      System.out.println(line);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(s::close, "sso-shutdown"));
    s.server.join();
  }

  /** Starts a server from environment-style settings; the caller closes it. */
  public static StandaloneServer start(Map<String, String> env) throws Exception {
    ServerConfig config = ServerConfig.fromEnvironment(env);
    String crypto = NativeCrypto.install(config.nativeCrypto());
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(config.host());
    connector.setPort(config.port());
    server.addConnector(connector);
    connector.open();
    int port = connector.getLocalPort();
    String issuer = config.issuer() != null ? config.issuer() : "http://localhost:" + port;
    SsoSettings.Builder settings = SsoSettings.builder(issuer).signingAlgorithm(config.signingAlgorithm())
        .keyRotationInterval(config.keyRotationInterval());
    if (config.keyEncryptionSecret() != null) {
      settings.keyEncryptionSecret(config.keyEncryptionSecret());
    }
    if (config.accessTokenLifetime() != null) {
      settings.accessTokenLifetime(config.accessTokenLifetime());
    }
    if (config.refreshTokenLifetime() != null) {
      settings.refreshTokenLifetime(config.refreshTokenLifetime());
    }
    if (config.sessionLifetime() != null) {
      settings.sessionLifetime(config.sessionLifetime());
    }
    ServerConfig.applyLimits(env, settings);
    List<AutoCloseable> resources = new ArrayList<>();
    Clock clock = Clock.systemUTC();
    SsoProvider.Builder builder = SsoProvider.builder(settings.build()).clock(clock);
    Backends.configure(config, builder, clock, resources);
    SsoProvider provider = builder.build();
    // closed first when the server stops, so no purge or key maintenance runs against a closed pool
    resources.add(0, Maintenance.start(provider, config.purgeInterval()));

    List<String> banner = new ArrayList<>();
    banner.add("");
    banner.add("SSO Kit is running at " + issuer);
    banner.add("  discovery: " + issuer + "/.well-known/openid-configuration");
    banner.add("  storage:   " + (config.databaseUrl() == null ? "in memory (lost at restart)" : "PostgreSQL")
        + ", cache: " + (config.redisUrl() == null ? "in memory"
        : "Redis (key prefix " + config.redisKeyPrefix() + ")")
        + ", expired rows purged every " + config.purgeInterval());
    banner.add("  signing:   " + config.signingAlgorithm() + ", crypto provider " + crypto + ", key rotated "
        + (config.keyRotationInterval() == null ? "on request only" : "every " + config.keyRotationInterval()));
    if (config.seedFile() != null) {
      SeedFile.Result seeded = SeedFile.apply(config.seedFile(), provider);
      banner.add("  seed file " + config.seedFile() + ": clients created " + seeded.createdClients() + ", kept "
          + seeded.keptClients() + "; users created " + seeded.createdUsers() + ", kept " + seeded.keptUsers());
    }
    if (config.demo()) {
      banner.addAll(createDemo(provider));
    }

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(new FilterHolder(new SsoFilter(provider)), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new HealthServlet(provider)), "/health/*");
    context.addServlet(new ServletHolder(new NotFoundServlet()), "/");
    server.setHandler(context);
    server.setStopTimeout(5_000);
    server.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
      @Override
      public void lifeCycleStopped(org.eclipse.jetty.util.component.LifeCycle event) {
        for (AutoCloseable r : resources) {
          try {
            r.close();
          } catch (Exception e) {
            LOG.warn("closing {} failed: {}", r.getClass().getSimpleName(), e.getMessage());
          }
        }
      }
    });
    server.start();
    LOG.info("listening on port {} as issuer {}", port, issuer);
    return new StandaloneServer(server, provider, URI.create(issuer), port, banner);
  }

  /** One confidential and one public demo client and a demo user, with fresh random secrets. */
  private static List<String> createDemo(SsoProvider provider) {
    List<String> lines = new ArrayList<>();
    List<URI> redirects = List.of(URI.create("http://localhost:8080/callback"),
        URI.create("http://127.0.0.1:8080/callback"));
    List<URI> afterLogout = List.of(URI.create("http://localhost:8080/"));
    lines.add("");
    lines.add("Demo setup (fresh secrets at every start; set SSO_DEMO=false to skip):");
    if (provider.clients().find("demo-web").isEmpty()) {
      Clients.Registered web = provider.clients().register(new ClientRegistration("demo-web", "Demo web app",
          redirects, afterLogout, Set.of("authorization_code", "refresh_token", "client_credentials"),
          Set.of("openid", "profile", "email", "offline_access", "api"), "client_secret_basic", "web", "jwt"));
      lines.add("  confidential client: client_id=demo-web client_secret=" + web.clientSecret());
    } else {
      lines.add("  confidential client: client_id=demo-web (exists; secret unchanged)");
    }
    if (provider.clients().find("demo-spa").isEmpty()) {
      provider.clients().register(new ClientRegistration("demo-spa", "Demo single-page app", redirects, afterLogout,
          Set.of("authorization_code", "refresh_token"), Set.of("openid", "profile", "email", "offline_access"),
          "none", "web", "jwt"));
    }
    lines.add("  public client:       client_id=demo-spa (no secret, PKCE)");
    lines.add("  redirect URIs:       " + redirects);
    if (provider.users().findByUsername("demo").isEmpty()) {
      String password = dev.ssokit.internal.token.OpaqueToken.generate().substring(0, 16);
      provider.users().create("demo", password, "demo@example.com",
          Map.of("name", "Demo User", "given_name", "Demo", "family_name", "User", "email_verified", true));
      lines.add("  user:                username=demo password=" + password);
    } else {
      lines.add("  user:                username=demo (exists; password unchanged)");
    }
    lines.add("");
    return lines;
  }

  public URI issuer() {
    return issuer;
  }

  /** The port the server listens on (the one picked when {@code SSO_PORT=0}). */
  public int port() {
    return port;
  }

  public SsoProvider provider() {
    return provider;
  }

  public List<String> banner() {
    return List.copyOf(banner);
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("stopping the server failed: {}", e.getMessage());
    }
  }

  /**
   * {@code GET /health}: liveness (the process answers). {@code GET /health/ready}: readiness for a
   * load balancer: 200 when the store and the cache answer, else 503 naming the one that does not.
   */
  static final class HealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient SsoProvider provider;

    HealthServlet(SsoProvider provider) {
      this.provider = provider;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("application/json");
      resp.setHeader("Cache-Control", "no-store");
      if (!"/ready".equals(req.getPathInfo())) {
        resp.getWriter().write("{\"status\":\"UP\"}");
        return;
      }
      SsoProvider.Readiness r = provider.readiness();
      resp.setStatus(r.ready() ? 200 : 503);
      resp.getWriter().write("{\"status\":\"" + up(r.ready()) + "\",\"store\":\"" + up(r.store())
          + "\",\"cache\":\"" + up(r.cache()) + "\"}");
    }

    private static String up(boolean ok) {
      return ok ? "UP" : "DOWN";
    }
  }


  /** Anything that is not an endpoint: a JSON 404, not Jetty's HTML page. */
  static final class NotFoundServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setStatus(404);
      resp.setContentType("application/json");
      resp.getWriter().write("{\"error\":\"not_found\",\"error_description\":\"no such endpoint\"}");
    }
  }
}
