package dev.ssokit.benchmarks;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.ClientRegistration;
import dev.ssokit.SsoProvider;
import dev.ssokit.SsoSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * CPU cost of one client_credentials token through the whole provider ({@code SsoProvider.handle}:
 * parsing, client authentication, claims, signature, JSON) next to the cost of the bare signature,
 * for each signing algorithm, and the cost of introspecting a JWT access token. In process, one thread,
 * thread CPU time (not wall time), so other load on the machine disturbs it little. Not a test; run by hand:
 *
 * <pre>java -cp examples/benchmarks/target/sso-benchmarks.jar dev.ssokit.benchmarks.TokenEndpointBenchmark [iterations]</pre>
 */
public final class TokenEndpointBenchmark {
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private TokenEndpointBenchmark() {}

  public static void main(String[] args) throws Exception {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    if (args.length > 1 && args[1].equals("--accp")) {
      // Amazon Corretto Crypto Provider (native AWS-LC) ahead of the JDK's providers, as the standalone server does.
      com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.install();
      com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
      System.out.println("crypto provider: " + java.security.Signature.getInstance("SHA256withRSA").getProvider());
    }
    System.out.printf("java %s (%s), %d iterations per cell, thread CPU time%n", System.getProperty("java.version"),
        System.getProperty("java.vm.name"), iterations);
    System.out.printf("%-6s | %14s %14s | %14s | %8s%n", "alg", "token p50 µs", "token mean µs", "sign mean µs",
        "overhead");
    for (String alg : List.of("RS256", "ES256", "EdDSA")) {
      double sign = signOnly(alg, iterations);
      double[] token = tokens(alg, iterations, false);
      System.out.printf("%-6s | %14.1f %14.1f | %14.1f | %7.2fx%n", alg, token[0], token[1], sign, token[1] / sign);
    }
    // RFC 9449: the same token bound to a DPoP key; the client's proofs (ES256) are made before the clock runs
    System.out.printf("%-6s | %14s %14s | DPoP-bound client_credentials (ES256 proof verified, jti guard)%n", "alg",
        "token p50 µs", "token mean µs");
    for (String alg : List.of("RS256", "ES256", "EdDSA")) {
      double[] plain = tokens(alg, iterations, false);
      double[] bound = tokens(alg, iterations, true);
      System.out.printf("%-6s | %14.1f %14.1f | plain p50 %.1f µs, mean %.1f µs: +%.1f µs per token%n", alg, bound[0],
          bound[1], plain[0], plain[1], bound[1] - plain[1]);
    }
    // Issue 13 S4: introspection of a JWT access token by the client it was issued to (signature check, claims)
    System.out.printf("%-6s | %14s %14s | introspection of a JWT access token%n", "alg", "p50 µs", "mean µs");
    for (String alg : List.of("RS256", "ES256", "EdDSA")) {
      double[] introspection = introspections(alg, iterations);
      System.out.printf("%-6s | %14.1f %14.1f |%n", alg, introspection[0], introspection[1]);
    }
    // Issue 7 #2: a wrong secret for a known client and any secret for an unknown id must cost the same.
    double[] known = failures("svc", iterations);
    double[] unknown = failures("no-such-client", iterations);
    System.out.printf("401 invalid_client, known id (wrong secret): p50 %.1f µs, mean %.1f µs%n", known[0], known[1]);
    System.out.printf("401 invalid_client, unknown id:              p50 %.1f µs, mean %.1f µs%n", unknown[0], unknown[1]);
  }

  /**
   * The limits raised out of reach: every request still runs all the abuse-limit checks (client
   * address, counters per address and per client, failure budget), none is refused.
   */
  private static SsoSettings settings(String alg) {
    SsoSettings.RateLimit unlimited = new SsoSettings.RateLimit(Integer.MAX_VALUE, java.time.Duration.ofMinutes(1));
    return SsoSettings.builder("http://localhost:9000").signingAlgorithm(alg).rateLimitPerIp(unlimited)
        .rateLimitPerClient(unlimited).failureLimitPerIp(unlimited).build();
  }

  private static double[] failures(String clientId, int iterations) throws Exception {
    SsoProvider provider = SsoProvider.builder(settings("EdDSA")).build();
    provider.clients().register(new ClientRegistration("svc", null, List.of(), null,
        Set.of("client_credentials"), Set.of("api"), "client_secret_basic", "web", null));
    String basic = "Basic " + Base64.getEncoder().encodeToString((clientId + ":wrong-secret-of-the-usual-length-0123456")
        .getBytes());
    return clientCredentialsCpu(provider, basic, 401, iterations, null);
  }

  private static double[] introspections(String alg, int iterations) throws Exception {
    SsoProvider provider = SsoProvider.builder(settings(alg)).build();
    String secret = provider.clients().register(new ClientRegistration("svc", null, List.of(), null,
        Set.of("client_credentials"), Set.of("api"), "client_secret_basic", "web", null)).clientSecret();
    String basic = "Basic " + Base64.getEncoder().encodeToString(("svc:" + secret).getBytes());
    HTTPResponse issued = provider.handle(request("/token", basic, "grant_type=client_credentials&scope=api"));
    String token = (String) com.nimbusds.jose.util.JSONObjectUtils.parse(issued.getBody()).get("access_token");
    return requestCpu(provider, "/introspect", basic, "token=" + token, 200, iterations, null);
  }

  private static double[] tokens(String alg, int iterations, boolean dpop) throws Exception {
    // A DPoP run stops the provider's clock, so the proofs made before it (all with that iat) stay fresh
    // however slow the machine; the proofs are the client's work and are not measured.
    java.time.Clock clock = dpop ? java.time.Clock.fixed(java.time.Instant.now(), java.time.ZoneOffset.UTC)
        : java.time.Clock.systemUTC();
    SsoProvider provider = SsoProvider.builder(settings(alg)).clock(clock).build();
    String secret = provider.clients().register(new ClientRegistration("svc", null, List.of(), null,
        Set.of("client_credentials"), Set.of("api"), "client_secret_basic", "web", null)).clientSecret();
    String basic = "Basic " + Base64.getEncoder().encodeToString(("svc:" + secret).getBytes());
    String[] proofs = null;
    if (dpop) {
      var factory = new com.nimbusds.oauth2.sdk.dpop.DefaultDPoPProofFactory(
          new ECKeyGenerator(Curve.P_256).generate(), JWSAlgorithm.ES256);
      java.util.Date iat = java.util.Date.from(clock.instant());
      proofs = new String[2 * iterations];
      for (int i = 0; i < proofs.length; i++) {
        proofs[i] = factory.createDPoPJWT(new com.nimbusds.oauth2.sdk.id.JWTID(), "POST",
            java.net.URI.create("http://localhost:9000/token"), iat, null).serialize();
      }
    }
    return clientCredentialsCpu(provider, basic, 200, iterations, proofs);
  }

  private static double[] clientCredentialsCpu(SsoProvider provider, String basic, int expectedStatus, int iterations,
                                              String[] dpopProofs) throws Exception {
    return requestCpu(provider, "/token", basic, "grant_type=client_credentials&scope=api", expectedStatus, iterations,
        dpopProofs);
  }

  private static HTTPRequest request(String path, String basic, String body) throws Exception {
    HTTPRequest req = new HTTPRequest(HTTPRequest.Method.POST, new URL("http://localhost:9000" + path));
    req.setClientIPAddress("192.0.2.1");
    req.setHeader("Content-Type", "application/x-www-form-urlencoded");
    req.setHeader("Authorization", basic);
    req.setBody(body);
    return req;
  }

  /** Median and mean thread CPU (µs) of a POST of {@code body} to {@code path} answered {@code expectedStatus}. */
  private static double[] requestCpu(SsoProvider provider, String path, String basic, String body, int expectedStatus,
                                     int iterations, String[] dpopProofs) throws Exception {
    long[] samples = new long[iterations];
    for (int round = 0; round < 2; round++) { // round 0 warms the JIT up
      for (int i = 0; i < iterations; i++) {
        HTTPRequest req = request(path, basic, body);
        if (dpopProofs != null) {
          req.setHeader("DPoP", dpopProofs[round * iterations + i]);
        }
        long t0 = CPU.getCurrentThreadCpuTime();
        HTTPResponse res = provider.handle(req);
        samples[i] = CPU.getCurrentThreadCpuTime() - t0;
        if (res.getStatusCode() != expectedStatus) {
          throw new IllegalStateException("expected " + expectedStatus + ": " + res.getBody());
        }
      }
    }
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    return new double[] {sorted[iterations / 2] / 1_000.0, Arrays.stream(samples).average().orElse(0) / 1_000.0};
  }

  private static double signOnly(String alg, int iterations) throws Exception {
    JWSAlgorithm a = JWSAlgorithm.parse(alg);
    JWSSigner signer = switch (alg) {
      case "RS256" -> new RSASSASigner(new RSAKeyGenerator(2048).generate());
      case "ES256" -> new ECDSASigner(new ECKeyGenerator(Curve.P_256).generate());
      default -> new Ed25519Signer(new OctetKeyPairGenerator(Curve.Ed25519).generate());
    };
    Payload payload = new Payload("{\"iss\":\"http://localhost:9000\",\"sub\":\"svc\",\"scope\":\"api\",\"exp\":1}");
    long total = 0;
    for (int round = 0; round < 2; round++) {
      total = 0;
      for (int i = 0; i < iterations; i++) {
        JWSObject jws = new JWSObject(new JWSHeader(a), payload);
        long t0 = CPU.getCurrentThreadCpuTime();
        jws.sign(signer);
        total += CPU.getCurrentThreadCpuTime() - t0;
      }
    }
    return total / 1_000.0 / iterations;
  }
}
