package dev.ssokit.benchmarks.redis;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.TypelessAccessToken;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoProvider;
import dev.ssokit.SsoSettings;
import dev.ssokit.redis.RedisCache;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import redis.clients.jedis.JedisPooled;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Redis cost of SSO Kit, measured against a real server (issue 4, "measure and report"): cache calls
 * (= round trips) and Redis commands per protocol step, counted by a {@link CountingCache} and by
 * {@code INFO commandstats} deltas, and the throughput of {@code put}, {@code take} and {@code
 * increment} from one JVM with several threads.
 *
 * <p>IMPORTANT: a program, not a test: run by hand (RESULTS.md says how); it writes only keys under
 * a fresh random prefix and deletes them at the end. Command counts include whatever else runs on
 * the server meanwhile.
 */
public final class RedisBenchmark {
  static final String URL_VARIABLE = "SSO_BENCH_REDIS_URL";
  static final String DEFAULT_URL = "redis://127.0.0.1:6379";
  static final String ISSUER = "https://sso.bench.example";
  static final URI REDIRECT = URI.create("https://app.bench.example/callback");
  static final int DEFAULT_FLOWS = 200;
  static final int DEFAULT_SECONDS = 5;
  static final int[] THREADS = {1, 4, 16, 32};
  /** Password of the generated benchmark users (local, throw-away accounts). */
  private static final String BENCH_PASSWORD = "bench-password-0123";
  private static final Pattern HIDDEN_INPUT =
      Pattern.compile("<input type=\"hidden\" name=\"([a-z_]+)\" value=\"([^\"]*)\">");

  private RedisBenchmark() {}

  public static void main(String[] args) throws Exception {
    String url = System.getenv().getOrDefault(URL_VARIABLE, DEFAULT_URL);
    int flows = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_FLOWS;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_SECONDS;
    String prefix = "ssokit-bench:" + UUID.randomUUID() + ":";
    System.out.println("# SSO Kit Redis benchmark, " + Instant.now() + ", Java " + Runtime.version() + ", "
        + Runtime.getRuntime().availableProcessors() + " CPUs, server " + url.replaceAll("//[^@]*@", "//"));
    try (JedisPooled admin = new JedisPooled(URI.create(url))) {
      System.out.println("# Redis " + admin.info("server").lines().filter(l -> l.startsWith("redis_version"))
          .findFirst().orElse("?"));
      try (RedisCache redis = RedisCache.connect(url, prefix, Clock.systemUTC())) {
        roundTrips(redis, admin, flows);
        throughput(redis, seconds);
      } finally {
        deleteKeys(admin, prefix);
      }
    }
  }

  // ---------------------------------------------------------------- round trips per protocol step

  private record Step(String name, Map<String, Long> calls, Map<String, Long> commands) {}

  private static void roundTrips(RedisCache redis, JedisPooled admin, int flows) throws Exception {
    CountingCache cache = new CountingCache(redis);
    SsoProvider provider = SsoProvider.builder(SsoSettings.builder(ISSUER).build()).cache(cache).build();
    String webSecret = register(provider, "web", List.of("authorization_code", "refresh_token"),
        List.of("openid", "profile", "offline_access"), "jwt");
    String jwtSecret = register(provider, "svc-jwt", List.of("client_credentials"), List.of("api"), "jwt");
    String opaqueSecret = register(provider, "svc-opaque", List.of("client_credentials"), List.of("api"), "opaque");
    ClientSecretBasic web = new ClientSecretBasic(new ClientID("web"), new Secret(webSecret));

    Map<String, List<Step>> steps = new LinkedHashMap<>();
    for (int i = 0; i < flows; i++) {
      // a new user each time: the first flow of a user shows login and consent
      String username = "bench-" + i;
      provider.users().create(username, BENCH_PASSWORD, username + "@example.com", Map.of("name", "Bench " + i));
      Map<String, String> cookies = new HashMap<>();
      CodeVerifier verifier = new CodeVerifier();
      // 1. first authorization: login and consent pages
      HTTPResponse r = measure(steps, "GET /authorize (no session)", cache, admin,
          () -> provider.handle(get(authorize(verifier, "openid profile offline_access"), cookies)));
      URI loginPage = expectRedirect(r, cookies);
      r = measure(steps, "GET /interaction/login", cache, admin, () -> provider.handle(get(loginPage, cookies)));
      Map<String, String> form = hidden(r);
      Map<String, String> wrong = new HashMap<>(form);
      wrong.put("username", username);
      wrong.put("password", "not-the-password");
      // a failed attempt counts towards the lockout (Cache.increment); one stays far below the limit
      measure(steps, "POST /interaction/login (wrong password)", cache, admin,
          () -> provider.handle(post(URI.create(ISSUER + "/interaction/login"), wrong, cookies)));
      form.put("username", username);
      form.put("password", BENCH_PASSWORD);
      r = measure(steps, "POST /interaction/login", cache, admin,
          () -> provider.handle(post(URI.create(ISSUER + "/interaction/login"), form, cookies)));
      URI consentPage = expectRedirect(r, cookies);
      r = measure(steps, "GET /interaction/consent", cache, admin, () -> provider.handle(get(consentPage, cookies)));
      Map<String, String> consent = hidden(r);
      consent.put("decision", "allow");
      r = measure(steps, "POST /interaction/consent", cache, admin,
          () -> provider.handle(post(URI.create(ISSUER + "/interaction/consent"), consent, cookies)));
      AuthorizationCode code = code(r);
      HTTPRequest redeem = new TokenRequest.Builder(URI.create(ISSUER + "/token"), web,
          new AuthorizationCodeGrant(code, REDIRECT, verifier)).build().toHTTPRequest();
      r = measure(steps, "POST /token authorization_code", cache, admin, () -> provider.handle(redeem));
      OIDCTokenResponse tokens = OIDCTokenResponse.parse(expectOk(r));

      // 2. single sign-on: session and consent exist
      CodeVerifier verifier2 = new CodeVerifier();
      r = measure(steps, "GET /authorize (SSO session, consented)", cache, admin,
          () -> provider.handle(get(authorize(verifier2, "openid profile offline_access"), cookies)));
      AuthorizationCode code2 = code(r);
      HTTPRequest redeem2 = new TokenRequest.Builder(URI.create(ISSUER + "/token"), web,
          new AuthorizationCodeGrant(code2, REDIRECT, verifier2)).build().toHTTPRequest();
      expectOk(provider.handle(redeem2));

      HTTPRequest refresh = new TokenRequest.Builder(URI.create(ISSUER + "/token"), web,
          new RefreshTokenGrant(new RefreshToken(tokens.getOIDCTokens().getRefreshToken().getValue())))
          .build().toHTTPRequest();
      r = measure(steps, "POST /token refresh_token", cache, admin, () -> provider.handle(refresh));
      expectOk(r);
      HTTPRequest jwtCc = new TokenRequest.Builder(URI.create(ISSUER + "/token"),
          new ClientSecretBasic(new ClientID("svc-jwt"), new Secret(jwtSecret)), new ClientCredentialsGrant())
          .scope(new Scope("api")).build().toHTTPRequest();
      expectOk(measure(steps, "POST /token client_credentials (JWT)", cache, admin, () -> provider.handle(jwtCc)));
      HTTPRequest opaqueCc = new TokenRequest.Builder(URI.create(ISSUER + "/token"),
          new ClientSecretBasic(new ClientID("svc-opaque"), new Secret(opaqueSecret)), new ClientCredentialsGrant())
          .scope(new Scope("api")).build().toHTTPRequest();
      expectOk(measure(steps, "POST /token client_credentials (opaque)", cache, admin,
          () -> provider.handle(opaqueCc)));
      HTTPRequest introspect = new TokenIntrospectionRequest(URI.create(ISSUER + "/introspect"), web,
          new TypelessAccessToken(tokens.getOIDCTokens().getAccessToken().getValue())).toHTTPRequest();
      expectOk(measure(steps, "POST /introspect (JWT access token)", cache, admin,
          () -> provider.handle(introspect)));
    }

    System.out.println();
    System.out.println("## Redis round trips per step (mean of " + flows + " flows)");
    System.out.println();
    System.out.println("| step | cache calls = round trips | by method | Redis commands (INFO commandstats delta) |");
    System.out.println("|---|---:|---|---|");
    double flowTotal = 0;
    double flowCommands = 0;
    for (Map.Entry<String, List<Step>> e : steps.entrySet()) {
      Map<String, Double> calls = mean(e.getValue(), Step::calls);
      Map<String, Double> commands = mean(e.getValue(), Step::commands);
      double total = calls.values().stream().mapToDouble(Double::doubleValue).sum();
      double totalCommands = commands.values().stream().mapToDouble(Double::doubleValue).sum();
      if (!e.getKey().contains("SSO") && !e.getKey().contains("client_credentials") && !e.getKey().contains("refresh")
          && !e.getKey().contains("introspect") && !e.getKey().contains("wrong")) {
        flowTotal += total;
        flowCommands += totalCommands;
      }
      System.out.printf("| %s | %s | %s | %s (%s) |%n", e.getKey(), fmt(total), format(calls), fmt(totalCommands),
          format(commands));
    }
    System.out.printf("| **authorization-code flow with login and consent** (no wrong password) | **%s** | | **%s** |%n",
        fmt(flowTotal), fmt(flowCommands));
  }

  private interface Call {
    HTTPResponse run() throws Exception;
  }

  private static HTTPResponse measure(Map<String, List<Step>> steps, String name, CountingCache cache,
                                      JedisPooled admin, Call call) throws Exception {
    Map<String, Long> callsBefore = cache.snapshot();
    Map<String, Long> commandsBefore = commandStats(admin);
    HTTPResponse r = call.run();
    Map<String, Long> commandsAfter = commandStats(admin);
    Map<String, Long> callsAfter = cache.snapshot();
    commandsAfter.merge("info", -1L, Long::sum); // our own INFO before the call
    steps.computeIfAbsent(name, k -> new ArrayList<>())
        .add(new Step(name, delta(callsBefore, callsAfter), delta(commandsBefore, commandsAfter)));
    return r;
  }

  /** Calls per command since the server started ({@code cmdstat_<name>:calls=N,...}). */
  static Map<String, Long> commandStats(JedisPooled admin) {
    Map<String, Long> out = new HashMap<>();
    for (String line : admin.info("commandstats").split("\r?\n")) {
      if (line.startsWith("cmdstat_")) {
        String name = line.substring("cmdstat_".length(), line.indexOf(':'));
        Matcher m = Pattern.compile("calls=(\\d+)").matcher(line);
        if (m.find()) {
          out.put(name, Long.parseLong(m.group(1)));
        }
      }
    }
    return out;
  }

  private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> d = new TreeMap<>();
    after.forEach((k, v) -> {
      long diff = v - before.getOrDefault(k, 0L);
      if (diff != 0) {
        d.put(k, diff);
      }
    });
    return d;
  }

  private static Map<String, Double> mean(List<Step> steps, Function<Step, Map<String, Long>> of) {
    Map<String, Double> sum = new TreeMap<>();
    for (Step s : steps) {
      of.apply(s).forEach((k, v) -> sum.merge(k, (double) v, Double::sum));
    }
    sum.replaceAll((k, v) -> v / steps.size());
    sum.values().removeIf(v -> Math.abs(v) < 0.005);
    return sum;
  }

  private static String format(Map<String, Double> m) {
    return m.isEmpty() ? "-" : m.entrySet().stream().map(e -> e.getKey() + " " + fmt(e.getValue()))
        .collect(Collectors.joining(", "));
  }

  private static String fmt(double v) {
    return Math.abs(v - Math.rint(v)) < 0.005 ? String.valueOf((long) Math.rint(v)) : String.format("%.2f", v);
  }

  // ---------------------------------------------------------------- throughput

  private interface Op {
    void run(int thread, long i);
  }

  private static void throughput(RedisCache cache, int seconds) throws InterruptedException {
    System.out.println();
    System.out.println("## Cache throughput, one JVM, RedisCache.connect pool (" + 16 + " connections), "
        + seconds + " s per cell");
    System.out.println();
    System.out.println("| threads | put ops/s | take ops/s (hits) | increment ops/s |");
    System.out.println("|---:|---:|---:|---:|");
    Instant far = Instant.now().plus(Duration.ofMinutes(10));
    for (int threads : THREADS) {
      long[] written = new long[threads];
      double put = run(threads, seconds, (t, i) -> {
        cache.put("tp:" + t + ":" + i, "v", far);
        written[t] = i + 1;
      });
      LongAdder hits = new LongAdder();
      double take = run(threads, seconds, (t, i) -> {
        if (cache.take("tp:" + t + ":" + i).isPresent()) {
          hits.increment();
        }
      });
      double increment = run(threads, seconds, (t, i) -> cache.increment("rl:" + t + ":" + (i % 8),
          Duration.ofMinutes(1)));
      long attempted = (long) (take * seconds);
      System.out.printf("| %d | %,.0f | %,.0f (%d%%) | %,.0f |%n", threads, put, take,
          attempted == 0 ? 0 : Math.min(100, hits.sum() * 100 / attempted), increment);
    }
  }

  /** Runs {@code op} on {@code threads} threads for {@code seconds}; operations per second. */
  private static double run(int threads, int seconds, Op op) throws InterruptedException {
    LongAdder done = new LongAdder();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    long[] end = new long[1];
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread w = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        long i = 0;
        while (System.nanoTime() < end[0]) {
          op.run(thread, i++);
          done.increment();
        }
      }, "bench-" + t);
      workers.add(w);
      w.start();
    }
    long begin = System.nanoTime();
    end[0] = begin + Duration.ofSeconds(seconds).toNanos();
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
    return done.sum() / ((System.nanoTime() - begin) / 1e9);
  }

  // ---------------------------------------------------------------- HTTP plumbing (in process)

  private static String register(SsoProvider provider, String id, List<String> grants, List<String> scopes,
                                 String format) {
    return provider.clients().register(new ClientRegistration(id, id, List.of(REDIRECT), List.of(),
        java.util.Set.copyOf(grants), java.util.Set.copyOf(scopes), "client_secret_basic", "web", format))
        .clientSecret();
  }

  private static URI authorize(CodeVerifier verifier, String scope) {
    return new AuthenticationRequest.Builder(ResponseType.CODE, Scope.parse(scope), new ClientID("web"), REDIRECT)
        .endpointURI(URI.create(ISSUER + "/authorize")).state(new State()).nonce(new Nonce())
        .codeChallenge(verifier, CodeChallengeMethod.S256).build().toURI();
  }

  private static HTTPRequest get(URI uri, Map<String, String> cookies) {
    HTTPRequest r = new HTTPRequest(HTTPRequest.Method.GET, uri);
    withCookies(r, cookies);
    return r;
  }

  private static HTTPRequest post(URI uri, Map<String, String> form, Map<String, String> cookies) {
    HTTPRequest r = new HTTPRequest(HTTPRequest.Method.POST, uri);
    r.setEntityContentType(com.nimbusds.common.contenttype.ContentType.APPLICATION_URLENCODED);
    r.setBody(form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&")));
    withCookies(r, cookies);
    return r;
  }

  private static void withCookies(HTTPRequest r, Map<String, String> cookies) {
    if (!cookies.isEmpty()) {
      r.setHeader("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("; ")));
    }
  }

  private static URI expectRedirect(HTTPResponse r, Map<String, String> cookies) {
    if (r.getStatusCode() != 302) {
      throw new IllegalStateException("expected a redirect, got " + r.getStatusCode());
    }
    List<String> set = r.getHeaderValues("Set-Cookie");
    if (set != null) {
      for (String c : set) {
        String pair = c.split(";", 2)[0];
        cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
      }
    }
    return r.getLocation();
  }

  private static AuthorizationCode code(HTTPResponse r) throws Exception {
    URI location = expectRedirect(r, new HashMap<>());
    return AuthorizationResponse.parse(location).toSuccessResponse().getAuthorizationCode();
  }

  private static HTTPResponse expectOk(HTTPResponse r) {
    if (r.getStatusCode() != 200) {
      throw new IllegalStateException("expected 200, got " + r.getStatusCode());
    }
    return r;
  }

  private static Map<String, String> hidden(HTTPResponse r) {
    if (r.getStatusCode() != 200) {
      throw new IllegalStateException("expected a page, got " + r.getStatusCode() + ": " + r.getBody());
    }
    Map<String, String> fields = new HashMap<>();
    Matcher m = HIDDEN_INPUT.matcher(r.getBody());
    while (m.find()) {
      fields.put(m.group(1), m.group(2));
    }
    return fields;
  }

  private static void deleteKeys(JedisPooled admin, String prefix) {
    ScanParams match = new ScanParams().match(prefix + "*").count(1_000);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = admin.scan(cursor, match);
      if (!page.getResult().isEmpty()) {
        admin.del(page.getResult().toArray(new String[0]));
      }
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
  }
}
