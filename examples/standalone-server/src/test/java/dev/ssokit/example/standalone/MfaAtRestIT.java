package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.ssokit.testkit.PostgresSchema;
import dev.ssokit.testkit.TotpCodes;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 10: TOTP secrets are AES-GCM encrypted in PostgreSQL ({@code SSO_ENCRYPTION_KEY}; the raw row
 * never holds the secret), a rotated key ({@code SSO_PREVIOUS_ENCRYPTION_KEYS}) keeps old secrets
 * working and re-encrypts them, and a mail caused in German is written in German with a link that opens
 * the page in German (GreenMail over real SMTP).
 */
class MfaAtRestIT {
  @RegisterExtension
  static final PostgresSchema DB = new PostgresSchema();
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP);

  private static final Pattern LINK = Pattern.compile("(http://\\S+/account/verify-email\\?token=([^&\\s]+)&ui_locales=(\\S+))");
  private static final String EMAIL = "frank@example.com";
  private static final String PASSWORD = "franks long passphrase";

  private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
      .followRedirects(HttpClient.Redirect.NEVER).build();

  private static String newKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  private Map<String, String> env(String key, String previous) {
    Map<String, String> env = new HashMap<>(DatabaseEnv.of(DB));
    env.putAll(Map.of("SSO_PORT", "0", "SSO_DEMO", "false", "SSO_REGISTRATION", "open",
        "SSO_SMTP_HOST", "127.0.0.1", "SSO_SMTP_PORT", String.valueOf(SMTP.getSmtp().getPort()),
        "SSO_SMTP_SECURITY", "none", "SSO_SMTP_FROM", "SSO Kit <no-reply@example.com>", "SSO_ENCRYPTION_KEY", key));
    if (previous != null) {
      env.put("SSO_PREVIOUS_ENCRYPTION_KEYS", previous);
    }
    return env;
  }

  private HttpResponse<String> post(URI uri, String json, String csrf) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (csrf != null) {
      r.header("X-CSRF-Token", csrf);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String storedSecret() throws Exception {
    try (Connection c = DB.connect(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT secret FROM sso_mfa")) {
      assertThat(rs.next()).as("one enrolment row").isTrue();
      return rs.getString(1);
    }
  }

  @Test
  void whenTotpIsEnrolledThenTheRowHoldsCiphertextAndARotatedKeyStillOpensAndReEncryptsIt() throws Exception {
    String first = newKey();
    String second = newKey();
    String secret;
    String sealedFirst;
    try (StandaloneServer server = StandaloneServer.start(env(first, null))) {
      URI auth = server.issuer().resolve("/auth/");
      // a registration made in German: the mail is German and its link opens the page in German
      assertThat(post(auth.resolve("register?ui_locales=de"), "{\"email\":\"" + EMAIL + "\",\"password\":\""
          + PASSWORD + "\"}", null).statusCode()).isEqualTo(201);
      assertThat(SMTP.waitForIncomingEmail(10_000, 1)).isTrue();
      MimeMessage mail = SMTP.getReceivedMessages()[0];
      assertThat(mail.getSubject()).isEqualTo("Bestätigen Sie Ihre E-Mail-Adresse");
      // the decoded text part (a German mail travels quoted-printable)
      Matcher link = LINK.matcher(((MimeMultipart) mail.getContent()).getBodyPart(0).getContent().toString());
      assertThat(link.find()).as("a verification link with ui_locales").isTrue();
      assertThat(link.group(3)).isEqualTo("de");
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(link.group(1))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<html lang=\"de\"");
      assertThat(post(auth.resolve("verify-email"), "{\"token\":\"" + link.group(2) + "\"}", null).statusCode())
          .isEqualTo(200);

      HttpResponse<String> login = post(auth.resolve("login"), "{\"username\":\"" + EMAIL + "\",\"password\":\""
          + PASSWORD + "\"}", null);
      assertThat(login.statusCode()).isEqualTo(200);
      String csrf = JSONObjectUtils.parse(login.body()).get("csrf_token").toString();
      HttpResponse<String> begun = post(auth.resolve("mfa/totp"), null, csrf);
      assertThat(begun.statusCode()).as(begun.body()).isEqualTo(201);
      secret = JSONObjectUtils.parse(begun.body()).get("secret").toString();
      assertThat(post(auth.resolve("mfa/totp/confirm"), "{\"code\":\"" + TotpCodes.at(secret, Instant.now()) + "\"}",
          csrf).statusCode()).isEqualTo(200);

      sealedFirst = storedSecret();
      assertThat(sealedFirst).doesNotContain(secret).startsWith("v1.");
    }

    // the key rotates: the old one is only read; a login with a code works and re-encrypts the secret
    try (StandaloneServer server = StandaloneServer.start(env(second, first))) {
      URI auth = server.issuer().resolve("/auth/");
      HttpResponse<String> login = post(auth.resolve("login"), "{\"username\":\"" + EMAIL + "\",\"password\":\""
          + PASSWORD + "\",\"code\":\"" + TotpCodes.at(secret, Instant.now()) + "\"}", null);
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
      assertThat(JSONObjectUtils.parse(login.body()).get("amr")).asList().contains("otp", "mfa");
      String sealedSecond = storedSecret();
      assertThat(sealedSecond).doesNotContain(secret).startsWith("v1.");
      assertThat(sealedSecond.split("\\.")[1]).as("the key id").isNotEqualTo(sealedFirst.split("\\.")[1]);
    }

    // re-encrypted: the new key alone opens it
    try (StandaloneServer server = StandaloneServer.start(env(second, null))) {
      HttpResponse<String> login = post(server.issuer().resolve("/auth/login"), "{\"username\":\"" + EMAIL
          + "\",\"password\":\"" + PASSWORD + "\",\"code\":\"" + TotpCodes.at(secret, Instant.now().plusSeconds(30))
          + "\"}", null);
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    }
  }
}
