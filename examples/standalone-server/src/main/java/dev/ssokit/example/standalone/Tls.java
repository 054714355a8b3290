package dev.ssokit.example.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS without a reverse proxy: the server's key and certificate chain from PEM files ({@code
 * SSO_TLS_CERT} + {@code SSO_TLS_KEY}) or a PKCS#12 keystore ({@code SSO_TLS_KEYSTORE} + {@code
 * SSO_TLS_KEYSTORE_PASSWORD}), reloaded into the running {@link SslContextFactory} when the files
 * change (a renewed certificate needs no restart; connections already open keep their session).
 *
 * <p>IMPORTANT: a file that cannot be read or does not hold a matching key and certificate fails the
 * start naming its variable; at a reload it is logged and the previous key stays in use.
 */
final class Tls {
  private static final Logger LOG = LoggerFactory.getLogger(Tls.class);
  /** How often the files are checked for a change. */
  static final Duration RELOAD_CHECK_INTERVAL = Duration.ofSeconds(30);
  private static final String ALIAS = "sso";
  private static final Pattern PEM_KEY =
      Pattern.compile("-----BEGIN ([A-Z ]*)PRIVATE KEY-----([^-]+)-----END \\1PRIVATE KEY-----");

  /** The TLS variables, validated. */
  record Config(Path cert, Path key, Path keystore, String keystorePassword, Integer redirectPort) {
    List<Path> files() {
      return keystore != null ? List.of(keystore) : List.of(cert, key);
    }
  }

  private final Config config;
  private final SslContextFactory.Server contextFactory = new SslContextFactory.Server();
  private final String keyPassword = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
  private List<FileTime> loaded;

  private Tls(Config config) {
    this.config = config;
  }

  /** The TLS variables of {@code env}, or null when TLS is off. */
  static Config config(Map<String, String> env) {
    String cert = ServerConfig.blankToNull(env.get("SSO_TLS_CERT"));
    String key = ServerConfig.blankToNull(env.get("SSO_TLS_KEY"));
    String keystore = ServerConfig.blankToNull(env.get("SSO_TLS_KEYSTORE"));
    String password = env.get("SSO_TLS_KEYSTORE_PASSWORD");
    String redirect = ServerConfig.blankToNull(env.get("SSO_HTTP_REDIRECT_PORT"));
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException(cert == null ? "SSO_TLS_CERT: required with SSO_TLS_KEY"
          : "SSO_TLS_KEY: required with SSO_TLS_CERT");
    }
    if (keystore != null && cert != null) {
      throw new IllegalArgumentException("SSO_TLS_KEYSTORE: set either SSO_TLS_KEYSTORE or SSO_TLS_CERT and"
          + " SSO_TLS_KEY, not both");
    }
    if (password != null && keystore == null) {
      throw new IllegalArgumentException("SSO_TLS_KEYSTORE_PASSWORD: only meaningful with SSO_TLS_KEYSTORE");
    }
    boolean on = keystore != null || cert != null;
    Integer redirectPort = null;
    if (redirect != null) {
      if (!on) {
        throw new IllegalArgumentException("SSO_HTTP_REDIRECT_PORT: needs TLS (SSO_TLS_CERT and SSO_TLS_KEY, or"
            + " SSO_TLS_KEYSTORE)");
      }
      try {
        redirectPort = Integer.valueOf(redirect);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("SSO_HTTP_REDIRECT_PORT: not a number: " + redirect, e);
      }
      if (redirectPort < 0 || redirectPort > 65535) {
        throw new IllegalArgumentException("SSO_HTTP_REDIRECT_PORT: must be 0..65535, was " + redirectPort);
      }
    }
    if (!on) {
      return null;
    }
    return new Config(cert == null ? null : Path.of(cert), key == null ? null : Path.of(key),
        keystore == null ? null : Path.of(keystore), password == null ? "" : password, redirectPort);
  }

  /** Loads the key and chain (failing the start naming the variable of a bad file). */
  static Tls load(Config config) {
    Tls tls = new Tls(config);
    KeyStore keyStore = tls.read();
    tls.contextFactory.setKeyStore(keyStore);
    tls.contextFactory.setKeyStorePassword(tls.keyPassword);
    tls.contextFactory.setKeyManagerPassword(tls.keyPassword);
    // the server answers whichever name a client uses (health checks by IP, several DNS names)
    tls.contextFactory.setSniRequired(false);
    return tls;
  }

  SslContextFactory.Server contextFactory() {
    return contextFactory;
  }

  Config config() {
    return config;
  }

  /**
   * Reloads the key and chain when a file changed since the last load; a bad file is logged and the
   * previous key kept.
   *
   * @return whether a new key and chain are now in use
   */
  boolean reloadIfChanged() {
    List<FileTime> now = modificationTimes();
    if (now.equals(loaded)) {
      return false;
    }
    try {
      KeyStore keyStore = read();
      contextFactory.reload(f -> f.setKeyStore(keyStore));
      LOG.info("TLS key and certificate reloaded from {}", config.files());
      return true;
    } catch (IllegalArgumentException e) {
      LOG.warn("TLS files changed but were not reloaded, the previous key stays in use: {}", e.getMessage());
      loaded = now;
      return false;
    } catch (Exception e) {
      LOG.warn("TLS reload failed, the previous key stays in use: {}", e.getClass().getName());
      return false;
    }
  }

  private List<FileTime> modificationTimes() {
    List<FileTime> times = new ArrayList<>();
    for (Path p : config.files()) {
      try {
        times.add(Files.getLastModifiedTime(p));
      } catch (IOException e) {
        times.add(FileTime.fromMillis(-1));
      }
    }
    return times;
  }

  private KeyStore read() {
    List<FileTime> times = modificationTimes();
    KeyStore keyStore = config.keystore() != null ? readKeystore() : readPem();
    loaded = times;
    return keyStore;
  }

  private KeyStore readKeystore() {
    try (InputStream in = Files.newInputStream(config.keystore())) {
      KeyStore file = KeyStore.getInstance("PKCS12");
      file.load(in, config.keystorePassword().toCharArray());
      // one key entry, under our own password, whatever the file's alias and key password
      for (String alias : java.util.Collections.list(file.aliases())) {
        if (file.isKeyEntry(alias)) {
          PrivateKey key = (PrivateKey) file.getKey(alias, config.keystorePassword().toCharArray());
          return keyStore(key, file.getCertificateChain(alias), "SSO_TLS_KEYSTORE");
        }
      }
      throw new IllegalArgumentException("SSO_TLS_KEYSTORE: " + config.keystore() + " holds no private key");
    } catch (IOException e) {
      // a wrong password shows as an IOException (integrity check failed) too
      throw new IllegalArgumentException("SSO_TLS_KEYSTORE: cannot read " + config.keystore() + " as PKCS#12 with"
          + " SSO_TLS_KEYSTORE_PASSWORD (" + StartFailure.reason(e) + ")", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("SSO_TLS_KEYSTORE: " + config.keystore() + ": " + StartFailure.reason(e), e);
    }
  }

  private KeyStore readPem() {
    Certificate[] chain;
    try (InputStream in = Files.newInputStream(config.cert())) {
      chain = CertificateFactory.getInstance("X.509").generateCertificates(in).toArray(new Certificate[0]);
    } catch (IOException e) {
      throw new IllegalArgumentException("SSO_TLS_CERT: cannot read " + config.cert() + " ("
          + StartFailure.reason(e) + ")", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("SSO_TLS_CERT: " + config.cert() + " is not a PEM certificate chain", e);
    }
    if (chain.length == 0) {
      throw new IllegalArgumentException("SSO_TLS_CERT: " + config.cert() + " holds no certificate");
    }
    String pem;
    try {
      pem = Files.readString(config.key(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException("SSO_TLS_KEY: cannot read " + config.key() + " ("
          + StartFailure.reason(e) + ")", e);
    }
    Matcher m = PEM_KEY.matcher(pem);
    if (!m.find()) {
      throw new IllegalArgumentException("SSO_TLS_KEY: " + config.key() + " holds no PEM private key");
    }
    if (!m.group(1).isEmpty()) {
      throw new IllegalArgumentException("SSO_TLS_KEY: " + config.key() + " is a " + m.group(1).trim()
          + " key; convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in <key> -out <key.pem>");
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(m.group(2));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("SSO_TLS_KEY: " + config.key() + " is not valid base64", e);
    }
    return keyStore(privateKey(der), chain, "SSO_TLS_KEY");
  }

  private static PrivateKey privateKey(byte[] pkcs8) {
    for (String algorithm : List.of("RSA", "EC", "EdDSA")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      } catch (GeneralSecurityException wrongAlgorithm) {
        // RFC 5208: the algorithm is inside the PKCS#8 structure; try the next key type
        continue;
      }
    }
    throw new IllegalArgumentException("SSO_TLS_KEY: not an RSA, EC or EdDSA PKCS#8 private key");
  }

  private KeyStore keyStore(PrivateKey key, Certificate[] chain, String variable) {
    if (!matches(key, chain[0])) {
      throw new IllegalArgumentException(variable + ": the private key does not belong to the certificate");
    }
    try {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(null, null);
      keyStore.setKeyEntry(ALIAS, key, keyPassword.toCharArray(), chain);
      return keyStore;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(variable + ": " + StartFailure.reason(e), e);
    }
  }

  private static boolean matches(PrivateKey key, Certificate cert) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> "Ed25519";
    };
    byte[] probe = "sso-kit tls key check".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
