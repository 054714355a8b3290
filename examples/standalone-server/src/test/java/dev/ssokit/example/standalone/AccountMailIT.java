package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 10: the standalone server sends account mails through real SMTP ({@code SSO_SMTP_*}): a
 * registration's verification mail and a password reset mail arrive at a GreenMail server, in plain
 * text and HTML, and their links complete the steps.
 */
class AccountMailIT {
  @RegisterExtension
  static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP);

  private static final Pattern LINK = Pattern.compile("(http://\\S+/account/(verify-email|reset-password)\\?token=([A-Za-z0-9_-]+)\\S*)");

  private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
      .followRedirects(HttpClient.Redirect.NEVER).build();

  private Map<String, String> env() {
    return Map.of("SSO_PORT", "0", "SSO_DEMO", "false", "SSO_REGISTRATION", "open",
        "SSO_SMTP_HOST", "127.0.0.1", "SSO_SMTP_PORT", String.valueOf(SMTP.getSmtp().getPort()),
        "SSO_SMTP_SECURITY", "none", "SSO_SMTP_FROM", "SSO Kit <no-reply@example.com>");
  }

  private HttpResponse<String> post(URI uri, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The one new mail: its link, after checking it has a text and an HTML part and came from SSO_SMTP_FROM. */
  private Matcher nextMailLink(int count) throws Exception {
    assertThat(SMTP.waitForIncomingEmail(10_000, count)).isTrue();
    MimeMessage mail = SMTP.getReceivedMessages()[count - 1];
    assertThat(mail.getFrom()[0].toString()).isEqualTo("SSO Kit <no-reply@example.com>");
    MimeMultipart parts = (MimeMultipart) mail.getContent();
    assertThat(parts.getContentType()).startsWith("multipart/alternative");
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
    // the decoded text (a long line or a non-ASCII letter makes the part quoted-printable)
    Matcher m = LINK.matcher((String) parts.getBodyPart(0).getContent());
    assertThat(m.find()).as("a link in the text part").isTrue();
    return m;
  }

  @Test
  void whenRegisteredThenTheVerificationMailArrivesAndItsLinkVerifiesThenAResetMailResetsThePassword()
      throws Exception {
    try (StandaloneServer server = StandaloneServer.start(env())) {
      assertThat(String.join("\n", server.banner())).contains("registration open, mail via SMTP 127.0.0.1");
      URI auth = server.issuer().resolve("/auth/");
      assertThat(post(auth.resolve("register"), "{\"email\":\"erin@example.com\",\"password\":\"erins long password\"}")
          .statusCode()).isEqualTo(201);

      Matcher verify = nextMailLink(1);
      assertThat(SMTP.getReceivedMessages()[0].getAllRecipients()[0].toString()).isEqualTo("erin@example.com");
      assertThat(verify.group(1)).startsWith(server.issuer() + "/account/verify-email?token=");
      assertThat(post(auth.resolve("verify-email"), "{\"token\":\"" + verify.group(3) + "\"}").statusCode())
          .isEqualTo(200);
      assertThat(post(auth.resolve("login"), "{\"username\":\"erin@example.com\",\"password\":\"erins long password\"}")
          .statusCode()).isEqualTo(200);

      assertThat(post(auth.resolve("forgot-password"), "{\"email\":\"erin@example.com\"}").statusCode()).isEqualTo(202);
      Matcher reset = nextMailLink(2);
      assertThat(reset.group(2)).isEqualTo("reset-password");
      assertThat(post(auth.resolve("reset-password"), "{\"token\":\"" + reset.group(3)
          + "\",\"password\":\"a brand new passphrase\"}").statusCode()).isEqualTo(204);
      assertThat(post(auth.resolve("login"), "{\"username\":\"erin@example.com\",\"password\":\"a brand new passphrase\"}")
          .statusCode()).isEqualTo(200);
    }
  }

  @Test
  void whenSmtpSettingsAreInvalidThenTheServerRefusesToStartNamingTheVariable() {
    assertThatThrownBy(() -> StandaloneServer.start(Map.of("SSO_PORT", "0", "SSO_SMTP_HOST", "smtp.example.com",
        "SSO_SMTP_SECURITY", "none", "SSO_SMTP_FROM", "a@example.com")))
        .hasMessageStartingWith("SSO_SMTP_SECURITY: none");
    assertThatThrownBy(() -> StandaloneServer.start(Map.of("SSO_PORT", "0", "SSO_SMTP_HOST", "127.0.0.1")))
        .hasMessageStartingWith("SSO_SMTP_FROM");
    assertThatThrownBy(() -> StandaloneServer.start(Map.of("SSO_PORT", "0", "SSO_REGISTRATION", "sometimes")))
        .hasMessageStartingWith("SSO_REGISTRATION");
  }
}
