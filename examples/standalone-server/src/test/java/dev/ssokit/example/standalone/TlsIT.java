package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS without a proxy: PEM files or a PKCS#12 keystore, HTTP/2, reload of renewed files, and the
 * optional http→https redirect port, with self-signed certificates made by the JDK's keytool.
 */
class TlsIT {
  private static final String PASSWORD = "changeit";

  /** A PKCS#12 keystore with a fresh self-signed EC certificate for localhost / 127.0.0.1. */
  private static Path keystore(Path dir, String name) throws Exception {
    Path file = dir.resolve(name + ".p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", name, "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
        "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD,
        "-keypass", PASSWORD).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return file;
  }

  private static KeyStore load(Path p12) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    return ks;
  }

  private static Certificate certificate(Path p12) throws Exception {
    KeyStore ks = load(p12);
    return ks.getCertificate(ks.aliases().nextElement());
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  /** Writes the keystore's certificate and PKCS#8 key as PEM files {@code cert.pem} and {@code key.pem}. */
  private static void writePem(Path p12, Path cert, Path key) throws Exception {
    KeyStore ks = load(p12);
    String alias = ks.aliases().nextElement();
    Files.writeString(cert, pem("CERTIFICATE", ks.getCertificate(alias).getEncoded()));
    Files.writeString(key, pem("PRIVATE KEY", ks.getKey(alias, PASSWORD.toCharArray()).getEncoded()));
  }

  private static HttpClient trusting(Certificate... certs) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    for (int i = 0; i < certs.length; i++) {
      trust.setCertificateEntry("c" + i, certs[i]);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(ssl).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  private static HttpResponse<String> get(HttpClient client, URI uri) throws Exception {
    return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void whenPemCertAndKeyGivenThenDiscoveryAnswersOverHttpsWithHttp2AndAnHttpsIssuer(@TempDir Path dir)
      throws Exception {
    Path p12 = keystore(dir, "first");
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    writePem(p12, cert, key);
    try (StandaloneServer server = StandaloneServer.start(Map.of("SSO_PORT", "0",
        "SSO_TLS_CERT", cert.toString(), "SSO_TLS_KEY", key.toString()))) {
      URI issuer = URI.create("https://localhost:" + server.port());
      assertThat(server.issuer()).isEqualTo(issuer);
      HttpResponse<String> discovery = get(trusting(certificate(p12)),
          URI.create(issuer + "/.well-known/openid-configuration"));
      assertThat(discovery.statusCode()).isEqualTo(200);
      assertThat(discovery.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(discovery.body()).contains("\"issuer\":\"" + issuer + "\"")
          .contains("\"token_endpoint\":\"" + issuer + "/token\"");
      // the container's HEALTHCHECK speaks https when the server does
      Map<String, String> env = Map.of("SSO_PORT", String.valueOf(server.port()),
          "SSO_TLS_CERT", cert.toString(), "SSO_TLS_KEY", key.toString());
      assertThat(HealthCheck.readinessUri(env).getScheme()).isEqualTo("https");
      assertThat(HealthCheck.check(env)).isTrue();
      assertThat(HealthCheck.check(Map.of("SSO_PORT", String.valueOf(server.port())))).isFalse();
    }
  }

  @Test
  void whenPemFilesAreRenewedThenNewConnectionsGetTheNewCertificate(@TempDir Path dir) throws Exception {
    Path first = keystore(dir, "first");
    Path second = keystore(dir, "second");
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    writePem(first, cert, key);
    try (StandaloneServer server = StandaloneServer.start(Map.of("SSO_PORT", "0",
        "SSO_TLS_CERT", cert.toString(), "SSO_TLS_KEY", key.toString()))) {
      URI discovery = URI.create(server.issuer() + "/.well-known/openid-configuration");
      Certificate before = get(trusting(certificate(first), certificate(second)), discovery).sslSession()
          .orElseThrow().getPeerCertificates()[0];
      assertThat(before).isEqualTo(certificate(first));
      assertThat(server.reloadTlsIfChanged()).isFalse();

      FileTime old = Files.getLastModifiedTime(cert);
      writePem(second, cert, key);
      Files.setLastModifiedTime(cert, FileTime.fromMillis(old.toMillis() + 2_000));
      Files.setLastModifiedTime(key, FileTime.fromMillis(old.toMillis() + 2_000));
      assertThat(server.reloadTlsIfChanged()).isTrue();

      HttpResponse<String> after = get(trusting(certificate(first), certificate(second)), discovery);
      assertThat(after.statusCode()).isEqualTo(200);
      assertThat(after.sslSession().orElseThrow().getPeerCertificates()[0]).isEqualTo(certificate(second));
    }
  }

  @Test
  void whenKeystoreAndRedirectPortGivenThenHttpsServesAndHttpAnswers308ToHttps(@TempDir Path dir) throws Exception {
    Path p12 = keystore(dir, "store");
    try (StandaloneServer server = StandaloneServer.start(Map.of("SSO_PORT", "0",
        "SSO_TLS_KEYSTORE", p12.toString(), "SSO_TLS_KEYSTORE_PASSWORD", PASSWORD, "SSO_HTTP_REDIRECT_PORT", "0"))) {
      HttpResponse<String> discovery = get(trusting(certificate(p12)),
          URI.create(server.issuer() + "/.well-known/openid-configuration"));
      assertThat(discovery.statusCode()).isEqualTo(200);
      assertThat(discovery.body()).contains("\"issuer\":\"https://localhost:" + server.port() + "\"");

      HttpResponse<String> plain = get(HttpClient.newHttpClient(),
          URI.create("http://127.0.0.1:" + server.redirectPort() + "/.well-known/openid-configuration?x=1"));
      assertThat(plain.statusCode()).isEqualTo(308);
      assertThat(plain.headers().firstValue("Location")).contains(
          "https://localhost:" + server.port() + "/.well-known/openid-configuration?x=1");
    }
  }

  @Test
  void whenTlsFilesAreWrongThenTheStartFailsNamingTheVariable(@TempDir Path dir) throws Exception {
    Path first = keystore(dir, "first");
    Path second = keystore(dir, "second");
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    writePem(first, cert, dir.resolve("unused.pem"));
    writePem(second, dir.resolve("unused-cert.pem"), key);
    assertThatThrownBy(() -> StandaloneServer.start(Map.of("SSO_PORT", "0", "SSO_TLS_CERT", cert.toString(),
        "SSO_TLS_KEY", key.toString()))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SSO_TLS_KEY: the private key does not belong to the certificate");
    assertThatThrownBy(() -> StandaloneServer.start(Map.of("SSO_PORT", "0", "SSO_TLS_KEYSTORE", first.toString(),
        "SSO_TLS_KEYSTORE_PASSWORD", "wrong"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("SSO_TLS_KEYSTORE: cannot read");
    assertThatThrownBy(() -> StandaloneServer.start(Map.of("SSO_PORT", "0", "SSO_TLS_CERT", cert.toString())))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("SSO_TLS_KEY: required with SSO_TLS_CERT");
    assertThatThrownBy(() -> StandaloneServer.start(Map.of("SSO_PORT", "0", "SSO_HTTP_REDIRECT_PORT", "8080")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("SSO_HTTP_REDIRECT_PORT: needs TLS");
  }
}
