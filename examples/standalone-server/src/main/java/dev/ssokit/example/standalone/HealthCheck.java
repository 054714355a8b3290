package dev.ssokit.example.standalone;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The container's health check: {@code java -cp sso-server.jar dev.ssokit.example.standalone.HealthCheck}
 * exits 0 when {@code GET /health/ready} of the server in this container answers 200, else 1. It
 * reads the server's own settings ({@code SSO_PORT}, {@code SSO_HOST}, {@code SSO_TLS_*}) from the
 * environment, so it speaks https exactly when the server does.
 *
 * <p>IMPORTANT: the certificate is not checked: the check talks to its own container over loopback
 * (a certificate names the public host, never 127.0.0.1) and only reads a status code.
 */
public final class HealthCheck {
  static final Duration TIMEOUT = Duration.ofSeconds(3);

  private HealthCheck() {}

  public static void main(String[] args) {
    System.exit(check(System.getenv()) ? 0 : 1);
  }

  /** Whether the server configured by {@code env} on this machine answers ready. */
  static boolean check(Map<String, String> env) {
    try {
      URI ready = readinessUri(env);
      HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(TIMEOUT);
      if ("https".equals(ready.getScheme())) {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new AnyCertificate()}, null);
        SSLParameters parameters = tls.getDefaultSSLParameters();
        parameters.setEndpointIdentificationAlgorithm(null);
        client.sslContext(tls).sslParameters(parameters);
      }
      HttpResponse<Void> r = client.build().send(HttpRequest.newBuilder(ready).timeout(TIMEOUT).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  static URI readinessUri(Map<String, String> env) {
    String port = env.getOrDefault("SSO_PORT", String.valueOf(ServerConfig.DEFAULT_PORT));
    String host = ServerConfig.blankToNull(env.get("SSO_HOST"));
    if (host == null || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
      host = "127.0.0.1";
    } else if (host.contains(":") && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    String scheme = Tls.config(env) == null ? "http" : "https";
    return URI.create(scheme + "://" + host + ":" + port + "/health/ready");
  }

  /** Trusts the server's own certificate, whatever it is (see the class comment). */
  private static final class AnyCertificate implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
