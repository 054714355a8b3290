package dev.ssokit.example.standalone;

import dev.ssokit.ClientRegistration;
import dev.ssokit.Clients;
import dev.ssokit.Maintenance;
import dev.ssokit.SsoProvider;
import dev.ssokit.SsoSettings;
import dev.ssokit.Users;
import dev.ssokit.servlet.MicrometerMetrics;
import dev.ssokit.servlet.SsoFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.ssokit.spi.User;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone SSO Kit server: embedded Jetty 12 with {@link SsoFilter}, configured from
 * {@code SSO_*} environment variables, in memory by default.
 */
public final class StandaloneServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StandaloneServer.class);
  /** How long a stop waits for requests in flight to finish before closing their connections. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);
  /** Jetty's setting of the references per cache line (see {@link #jettyCacheLineHint}). */
  static final String JETTY_REFERENCES_PER_CACHE_LINE = "org.eclipse.jetty.util.referencesPerCacheLine";

  private final Server server;
  private final SsoProvider provider;
  private final URI issuer;
  private final int port;
  private final List<String> banner;
  private final Tls tls;
  private final ServerConnector redirect;

  private StandaloneServer(Server server, SsoProvider provider, URI issuer, int port, List<String> banner, Tls tls,
                           ServerConnector redirect) {
    this.tls = tls;
    this.redirect = redirect;
    this.server = server;
    this.provider = provider;
    this.issuer = issuer;
    this.port = port;
    this.banner = banner;
  }

  public static void main(String[] args) throws Exception {
    // JDK facilities the start and the first request load anyway, loaded on a second core meanwhile
    daemon(StandaloneServer::warmUp, "sso-warm-up").start();
    jettyCacheLineHint();
    StandaloneServer s;
    try {
      s = start(System.getenv());
    } catch (IllegalArgumentException e) {
      // one line naming the variable to fix, no stack trace: the operator's next step is that variable
      System.err.println("sso-server: " + e.getMessage());
      System.exit(2);
      return;
    } catch (Exception | LinkageError e) {
      System.err.println("sso-server: cannot start: " + StartFailure.reason(e));
      System.exit(2);
      return;
    }
    boolean json = "json".equals(System.getenv("SSO_LOG_FORMAT"));
    for (String line : s.banner) {
      if (!json) {
        System.out.println(line);
      } else if (!line.isBlank()) {
        // JSON logs: the banner as log lines too, so that every stdout line is one JSON object; a log
        // pipeline keeps and ships what it gets, so the demo secrets stay out of it
        LOG.info("{}", withoutSecrets(line));
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(s::close, "sso-shutdown"));
    s.server.join();
  }

  /**
   * Loads what would otherwise load on the start's path: the JVM's locale list, which Jetty's
   * {@code MimeTypes} reads when the server is built (about 60 ms), and the default TLS context, which
   * the OAuth library's request class loads when the first request arrives (about 200 ms of trust-store
   * parsing before the first answer).
   */
  private static void warmUp() {
    Locale.getAvailableLocales();
    try {
      SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      // nothing to load ahead: the first https use reports it where it happens
    }
  }

  /**
   * Tells Jetty how many references fill a cache line (it pads its striped pools by it) unless the
   * operator did: without the hint Jetty builds the JVM's platform MBean server to ask whether references
   * are compressed (about 55 ms of the start). HotSpot names the compressed-reference mode in
   * {@code java.vm.compressedOopsMode} exactly when they are; Jetty's own arithmetic follows.
   */
  static void jettyCacheLineHint() {
    if (System.getProperty(JETTY_REFERENCES_PER_CACHE_LINE) == null) {
      int cacheLineBytes = Integer.getInteger("org.eclipse.jetty.util.cacheLineBytes", 64);
      int referenceBytes = System.getProperty("java.vm.compressedOopsMode") != null ? 4 : 8;
      System.setProperty(JETTY_REFERENCES_PER_CACHE_LINE, String.valueOf(cacheLineBytes / referenceBytes));
    }
  }

  /** A daemon thread named {@code name} that runs {@code task}, not yet started. */
  private static Thread daemon(Runnable task, String name) {
    Thread t = new Thread(task, name);
    t.setDaemon(true);
    return t;
  }

  /** A banner line fit for a log line: the demo client's secret and the demo user's password left out. */
  static String withoutSecrets(String line) {
    return line.replaceAll("\\b(client_secret|password)=\\S+", "$1=(not logged; shown with SSO_LOG_FORMAT=text)");
  }

  /** Starts a server from environment-style settings; the caller closes it. */
  public static StandaloneServer start(Map<String, String> env) throws Exception {
    ServerConfig config = ServerConfig.fromEnvironment(env);
    // The native provider loads (its library unpacked, its self-tests: about 100 ms) on a second core
    // while Jetty's server is built; TLS and the provider come after it, so they see it installed.
    CompletableFuture<String> nativeCrypto = CompletableFuture.supplyAsync(
        () -> NativeCrypto.install(config.nativeCrypto()), task -> daemon(task, "sso-native-crypto").start());
    Server server = new Server();
    HttpConfiguration http = new HttpConfiguration();
    // No "Server: Jetty(12.x)" header: the version only helps an attacker pick an exploit.
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    String crypto = nativeCrypto.join();
    Tls.Config tlsConfig = Tls.config(env);
    Tls tls = tlsConfig == null ? null : Tls.load(tlsConfig);
    ServerConnector connector = tls == null ? new ServerConnector(server, new HttpConnectionFactory(http))
        : httpsConnector(server, http, tls);
    // Requests Jetty refuses itself (bad request line, ambiguous path, oversized header): JSON, and never
    // its default page, which echoes the whole URL (query, so tokens and codes, included).
    server.setErrorHandler(new JsonErrorHandler());
    connector.setHost(config.host());
    connector.setPort(config.port());
    server.addConnector(connector);
    try {
      connector.open();
    } catch (IOException e) {
      throw new IllegalArgumentException("SSO_PORT: cannot listen on " + config.host() + ":" + config.port() + " ("
          + StartFailure.reason(e) + ")", e);
    }
    ServerConnector redirect = null;
    if (tls != null && tls.config().redirectPort() != null) {
      redirect = new ServerConnector(server, new HttpConnectionFactory(http));
      redirect.setHost(config.host());
      redirect.setPort(tls.config().redirectPort());
      server.addConnector(redirect);
      try {
        redirect.open();
      } catch (IOException e) {
        connector.close();
        throw new IllegalArgumentException("SSO_HTTP_REDIRECT_PORT: cannot listen on " + config.host() + ":"
            + tls.config().redirectPort() + " (" + StartFailure.reason(e) + ")", e);
      }
    }
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      return start(env, config, crypto, server, connector, tls, redirect, resources);
    } catch (Exception | Error e) {
      // nothing half-started stays behind: the port, pools and maintenance threads are released
      closeAll(resources);
      connector.close();
      if (redirect != null) {
        redirect.close();
      }
      if (e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("keyEncryptionSecret")) {
        // the stored signing keys do not open with this secret: name the variable, not the library setting
        throw new IllegalArgumentException("SSO_KEY_ENCRYPTION_SECRET: "
            + e.getMessage().replace("keyEncryptionSecret", "SSO_KEY_ENCRYPTION_SECRET"), e);
      }
      throw e;
    }
  }

  /** TLS with HTTP/2 negotiated by ALPN (RFC 7301), HTTP/1.1 for clients that do not offer h2. */
  private static ServerConnector httpsConnector(Server server, HttpConfiguration http, Tls tls) {
    HttpConfiguration https = new HttpConfiguration(http);
    // isSecure() and the https scheme for the filter; any Host name (health checks by IP, several DNS names)
    https.addCustomizer(new SecureRequestCustomizer(false));
    HttpConnectionFactory h1 = new HttpConnectionFactory(https);
    HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(https);
    ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory();
    alpn.setDefaultProtocol(h1.getProtocol());
    return new ServerConnector(server, new SslConnectionFactory(tls.contextFactory(), alpn.getProtocol()), alpn, h2,
        h1);
  }

  private static StandaloneServer start(Map<String, String> env, ServerConfig config, String crypto, Server server,
                                        ServerConnector connector, Tls tls, ServerConnector redirect,
                                        List<AutoCloseable> resources) throws Exception {
    int port = connector.getLocalPort();
    String issuer = config.issuer() != null ? config.issuer()
        : (tls == null ? "http" : "https") + "://localhost:" + port;
    if (tls != null) {
      ScheduledExecutorService reloader = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "sso-tls-reload"));
      long every = Tls.RELOAD_CHECK_INTERVAL.toMillis();
      reloader.scheduleWithFixedDelay(tls::reloadIfChanged, every, every, TimeUnit.MILLISECONDS);
      resources.add(reloader::shutdownNow);
    }
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
    if (config.passwordMinLength() != null) {
      settings.passwordMinLength(config.passwordMinLength());
    }
    if (config.refreshTokenAbsoluteLifetime() != null) {
      settings.refreshTokenAbsoluteLifetime(config.refreshTokenAbsoluteLifetime());
    }
    if (config.sessionIdleTimeout() != null) {
      settings.sessionIdleTimeout(config.sessionIdleTimeout());
    }
    ServerConfig.applyLimits(env, settings);
    ServerConfig.applyProtocol(env, settings);
    ServerConfig.applyPages(env, settings);
    ServerConfig.applySecrets(env, settings);
    settings.registration(ServerConfig.registration(env));
    Clock clock = Clock.systemUTC();
    SsoProvider.Builder builder = SsoProvider.builder(ServerConfig.build(settings)).clock(clock);
    SmtpMailSender.Config smtp = SmtpMailSender.config(env);
    if (smtp != null) {
      builder.mailSender(new SmtpMailSender(smtp));
    } else if (config.demo() && !"json".equals(env.get("SSO_LOG_FORMAT"))) {
      // demo mails (with their links) on the console; never into a JSON log pipeline
      builder.mailSender(new ConsoleMailSender(System.out));
    }
    Backends.configure(config, builder, clock, resources);
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    builder.metrics(new MicrometerMetrics(metrics));
    SsoProvider provider = builder.build();
    // closed first when the server stops, so no purge or key maintenance runs against a closed pool
    resources.add(0, Maintenance.start(provider, config.purgeInterval()));

    List<String> banner = new ArrayList<>();
    banner.add("");
    banner.add("SSO Kit is running at " + issuer);
    banner.add("  discovery: " + issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration");
    banner.add("  storage:   " + (config.databaseUrl() == null ? "in memory (lost at restart)" : "PostgreSQL")
        + ", cache: " + (config.redisUrl() == null ? "in memory"
        : "Redis (key prefix " + config.redisKeyPrefix() + ")")
        + ", expired rows purged every " + config.purgeInterval());
    banner.add("  signing:   " + config.signingAlgorithm() + ", crypto provider " + crypto + ", key rotated "
        + (config.keyRotationInterval() == null ? "on request only" : "every " + config.keyRotationInterval())
        + (config.keyEncryptionSecret() != null ? ", private keys encrypted at rest"
        : config.databaseUrl() != null ? "" : ", private keys in memory only"));
    banner.add("  passwords: " + Users.passwordHashing());
    if (config.databaseUrl() != null && config.keyEncryptionSecret() == null) {
      banner.add("  WARNING:   private signing keys are stored UNENCRYPTED in PostgreSQL: anyone who can read the"
          + " database can sign tokens; set SSO_KEY_ENCRYPTION_SECRET");
    }
    if (config.databaseUrl() != null && ServerConfig.blankToNull(env.get("SSO_ENCRYPTION_KEY")) == null) {
      banner.add("  WARNING:   two-step verification (TOTP) cannot be enrolled: its secrets are only stored encrypted;"
          + " set SSO_ENCRYPTION_KEY (openssl rand -base64 32)");
    }
    banner.add("  tls:       " + (tls == null ? "off (plain HTTP: terminate TLS in a proxy, or set SSO_TLS_CERT and"
        + " SSO_TLS_KEY)" : "on, HTTP/2 and HTTP/1.1, files checked for renewal every " + Tls.RELOAD_CHECK_INTERVAL
        + (redirect == null ? "" : "; port " + redirect.getLocalPort() + " redirects http to https")));
    banner.add("  accounts:  registration " + ServerConfig.registration(env).name().toLowerCase(java.util.Locale.ROOT)
        + ", mail " + (smtp != null ? "via SMTP " + smtp.host() + ":" + smtp.port() + " (" + smtp.security() + ")"
        : config.demo() ? "printed to the console (demo mode; set SSO_SMTP_HOST)"
        : "off: no e-mail verification or password reset (set SSO_SMTP_HOST)"));
    banner.add("  admin:     " + (config.adminToken() == null ? "off (set SSO_ADMIN_TOKEN)"
        : "POST " + issuer + "/admin/keys/rotate with the SSO_ADMIN_TOKEN bearer secret"));
    String base = issuer.replaceAll("/+$", "");
    banner.add("  api docs:  " + (!provider.settings().apiDocs() ? "off (SSO_API_DOCS=false)"
        : base + "/docs (Swagger UI), " + base + "/api/openapi.json"));
    if (config.seedFile() != null) {
      SeedFile.Result seeded;
      try {
        seeded = SeedFile.apply(config.seedFile(), provider, config.seedApply());
      } catch (IOException e) {
        throw new IllegalArgumentException("SSO_SEED_FILE: cannot read " + config.seedFile() + " ("
            + StartFailure.reason(e) + ")", e);
      }
      banner.add("  seed file " + config.seedFile() + (config.seedApply() ? " (applied)" : "") + ": "
          + seeded.summary());
    }
    if (config.adminUsername() != null) {
      banner.add("  admin API: " + bootstrapAdmin(provider, config.adminUsername(), config.adminPassword()));
    }
    // The demo setup hashes the demo user's password (argon2id; the first hash also maps its 19 MiB, about
    // 80 ms) while Jetty starts; the start returns, and the banner with the demo secrets shows, after it.
    CompletableFuture<List<String>> demo = !config.demo() ? CompletableFuture.completedFuture(List.of())
        : CompletableFuture.supplyAsync(() -> createDemo(provider), task -> daemon(task, "sso-demo-setup").start());

    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addFilter(new FilterHolder(new RequestLogFilter(ServerConfig.accessLog(env), provider)), "/*",
        EnumSet.of(DispatcherType.REQUEST));
    context.addFilter(new FilterHolder(new SsoFilter(provider)), "/*", EnumSet.of(DispatcherType.REQUEST));
    context.addServlet(new ServletHolder(new HealthServlet(provider)), "/health/*");
    context.addServlet(new ServletHolder(new MetricsServlet(metrics)), "/metrics");
    if (config.adminToken() != null) {
      String issuerPath = URI.create(issuer).getRawPath() == null ? "" : URI.create(issuer).getRawPath();
      context.addServlet(new ServletHolder(new AdminServlet(provider, config.adminToken())), issuerPath + "/admin/*");
    }
    context.addServlet(new ServletHolder(new NotFoundServlet()), "/");
    // Graceful stop: new connections are refused, requests in flight run to completion within the stop timeout
    server.setHandler(new GracefulHandler(redirect == null ? context
        : new HttpsRedirectHandler(redirect, URI.create(issuer), context)));
    server.setStopTimeout(STOP_TIMEOUT.toMillis());
    server.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
      @Override
      public void lifeCycleStopped(org.eclipse.jetty.util.component.LifeCycle event) {
        closeAll(resources);
      }
    });
    server.start();
    try {
      banner.addAll(demo.join());
    } catch (CompletionException e) {
      server.stop(); // and with it the resources (the listener above); the caller reports the cause
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    LOG.info("listening on port {} as issuer {}", port, issuer);
    return new StandaloneServer(server, provider, URI.create(issuer), port, banner, tls, redirect);
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        LOG.warn("closing {} failed: {}", r.getClass().getSimpleName(), e.getMessage());
      }
    }
    resources.clear();
  }

  /** The first administrator from {@code SSO_ADMIN_USERNAME}/{@code SSO_ADMIN_PASSWORD} (see Users#bootstrapAdministrator). */
  static String bootstrapAdmin(SsoProvider provider, String username, String password) {
    Optional<User> admin;
    try {
      admin = provider.users().bootstrapAdministrator(username, password);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("SSO_ADMIN_PASSWORD: " + e.getMessage().replaceFirst("^password: ", ""), e);
    }
    if (admin.isEmpty()) {
      return "an administrator exists; SSO_ADMIN_USERNAME left unused";
    }
    LOG.info("bootstrap administrator {} has role {}", admin.get().username(), Users.ADMIN_ROLE);
    return "user " + admin.get().username() + " is administrator (role " + Users.ADMIN_ROLE + ")";
  }

  /** One confidential and one public demo client and a demo user, with fresh random secrets. */
  private static List<String> createDemo(SsoProvider provider) {
    List<String> lines = new ArrayList<>();
    List<URI> redirects = List.of(URI.create("http://localhost:8080/callback"),
        URI.create("http://127.0.0.1:8080/callback"));
    List<URI> afterLogout = List.of(URI.create("http://localhost:8080/"));
    lines.add("");
    lines.add("Demo setup (fresh secrets at every start; set SSO_DEMO=false to skip):");
    if (provider.clients().find("demo-admin").isEmpty()) {
      // RFC 6749 §4.4: automation gets an sso:admin token for the admin API with client_credentials
      Clients.Registered admin = provider.clients().register(new ClientRegistration("demo-admin", "Demo admin automation",
          List.of(), List.of(), Set.of("client_credentials"), Set.of("sso:admin"), "client_secret_basic", null, null));
      lines.add("  admin API client:    client_id=demo-admin client_secret=" + admin.clientSecret()
          + " (client_credentials, scope sso:admin)");
    } else {
      lines.add("  admin API client:    client_id=demo-admin (exists; secret unchanged)");
    }
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
      String password = provider.users().generatePassword();
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

  /** Checks the TLS files now, as the periodic check does; whether a new key and chain are in use. */
  boolean reloadTlsIfChanged() {
    return tls != null && tls.reloadIfChanged();
  }

  /** The port answering http with a redirect to https ({@code SSO_HTTP_REDIRECT_PORT}), or -1. */
  int redirectPort() {
    return redirect == null ? -1 : redirect.getLocalPort();
  }

  /** Requests being handled now (tests wait on it to stop the server with one in flight). */
  long requestsInFlight() {
    return server.getDescendant(GracefulHandler.class).getCurrentRequestCount();
  }

  /** Whether a stop has begun (and is waiting for requests in flight). */
  boolean stopping() {
    return server.isStopping();
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
   * {@code GET /metrics}: the provider's meters ({@link MicrometerMetrics}) in Prometheus' text format,
   * for a scraper. IMPORTANT: they name client ids; expose the path to the monitoring network only.
   */
  static final class MetricsServlet extends GetOnlyServlet {
    private static final long serialVersionUID = 1L;
    /** Prometheus' text exposition format 0.0.4, which every scraper reads. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private final transient PrometheusMeterRegistry registry;

    MetricsServlet(PrometheusMeterRegistry registry) {
      this.registry = registry;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType(CONTENT_TYPE);
      resp.setHeader("Cache-Control", "no-store");
      resp.setHeader("X-Content-Type-Options", "nosniff");
      resp.getWriter().write(registry.scrape());
    }
  }

  /** A read-only servlet: GET and HEAD, anything else 405 in the OAuth error shape (HttpServlet would answer 501). */
  abstract static class GetOnlyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
      if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) {
        resp.setStatus(405);
        resp.setHeader("Allow", "GET");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setContentType("application/json");
        resp.getWriter().write("{\"error\":\"invalid_request\",\"error_description\":\"HTTP method not allowed here\"}");
        return;
      }
      super.service(req, resp);
    }
  }

  /**
   * {@code GET /health}: liveness (the process answers). {@code GET /health/ready}: readiness for a
   * load balancer: 200 when the store and the cache answer, else 503 naming the one that does not.
   */
  static final class HealthServlet extends GetOnlyServlet {
    private static final long serialVersionUID = 1L;
    private final transient SsoProvider provider;

    HealthServlet(SsoProvider provider) {
      this.provider = provider;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setContentType("application/json");
      resp.setHeader("Cache-Control", "no-store");
      resp.setHeader("X-Content-Type-Options", "nosniff");
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


  /**
   * Jetty's own error answers (the request never reached {@link SsoFilter}) as RFC 6749 §5.2 shaped
   * JSON. IMPORTANT: nothing of the request (URL, reason text) is echoed: it may carry tokens.
   */
  static final class JsonErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
      int status = code;
      if (code == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505) {
        // An unknown HTTP version (HTTP/9.9, a bare HTTP/0.9 line) is the client's fault: 400, so that a
        // 5xx always means a server fault (alerts on 5xx rates stay meaningful under scanner traffic).
        status = HttpStatus.BAD_REQUEST_400;
        response.setStatus(status);
      }
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=UTF-8");
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      response.getHeaders().put("X-Content-Type-Options", "nosniff");
      response.write(true, ByteBuffer.wrap(body(status)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      fields.put(HttpHeader.CONTENT_TYPE, "application/json;charset=UTF-8");
      fields.put(HttpHeader.CACHE_CONTROL, "no-store");
      fields.put("X-Content-Type-Options", "nosniff");
      return ByteBuffer.wrap(body(status));
    }

    private static byte[] body(int status) {
      String json = status >= 500
          ? "{\"error\":\"server_error\",\"error_description\":\"internal error\"}"
          : status == 404 ? "{\"error\":\"not_found\",\"error_description\":\"no such endpoint\"}"
          : "{\"error\":\"invalid_request\",\"error_description\":\"malformed HTTP request (" + status + ")\"}";
      return json.getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Anything that is not an endpoint: a JSON 404, not Jetty's HTML page. */
  static final class NotFoundServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      resp.setStatus(404);
      resp.setHeader("X-Content-Type-Options", "nosniff");
      resp.setContentType("application/json");
      resp.getWriter().write("{\"error\":\"not_found\",\"error_description\":\"no such endpoint\"}");
    }
  }
}
