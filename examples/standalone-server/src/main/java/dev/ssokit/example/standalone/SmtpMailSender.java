package dev.ssokit.example.standalone;

import dev.ssokit.spi.Mail;
import dev.ssokit.spi.MailSender;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The standalone server's {@link MailSender}: SMTP through Jakarta Mail (Eclipse Angus), configured by
 * {@code SSO_SMTP_*}. Each mail is multipart/alternative (plain text, then HTML).
 *
 * <p>IMPORTANT: {@code SSO_SMTP_SECURITY=starttls} (default) requires STARTTLS and checks the server
 * certificate and name; {@code tls} connects with TLS at once (port 465); {@code none} sends in clear
 * and is accepted only for a loopback host (a local relay or a test server).
 */
final class SmtpMailSender implements MailSender {
  /** Connect, read and write timeout of one SMTP conversation. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** The SMTP settings, or none when {@code SSO_SMTP_HOST} is unset. */
  record Config(String host, int port, String username, String password, InternetAddress from, String security) {}

  private final Session session;
  private final InternetAddress from;

  SmtpMailSender(Config config) {
    Properties props = new Properties();
    String protocol = "tls".equals(config.security()) ? "smtps" : "smtp";
    props.put("mail.transport.protocol", protocol);
    props.put("mail." + protocol + ".host", config.host());
    props.put("mail." + protocol + ".port", String.valueOf(config.port()));
    props.put("mail." + protocol + ".connectiontimeout", String.valueOf(TIMEOUT.toMillis()));
    props.put("mail." + protocol + ".timeout", String.valueOf(TIMEOUT.toMillis()));
    props.put("mail." + protocol + ".writetimeout", String.valueOf(TIMEOUT.toMillis()));
    if (!"none".equals(config.security())) {
      props.put("mail." + protocol + ".ssl.checkserveridentity", "true");
    }
    if ("starttls".equals(config.security())) {
      props.put("mail.smtp.starttls.enable", "true");
      props.put("mail.smtp.starttls.required", "true");
    }
    if ("tls".equals(config.security())) {
      props.put("mail.smtps.ssl.enable", "true");
    }
    Authenticator auth = null;
    if (config.username() != null) {
      props.put("mail." + protocol + ".auth", "true");
      auth = new Authenticator() {
        @Override
        protected PasswordAuthentication getPasswordAuthentication() {
          return new PasswordAuthentication(config.username(), config.password() == null ? "" : config.password());
        }
      };
    }
    this.session = Session.getInstance(props, auth);
    this.from = config.from();
  }

  @Override
  public void send(Mail mail) {
    try {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(from);
      message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
      message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
      MimeBodyPart text = new MimeBodyPart();
      text.setText(mail.text(), StandardCharsets.UTF_8.name(), "plain");
      MimeBodyPart html = new MimeBodyPart();
      html.setText(mail.html(), StandardCharsets.UTF_8.name(), "html");
      message.setContent(new MimeMultipart("alternative", text, html));
      Transport.send(message);
    } catch (MessagingException e) {
      // the message names the server's answer, never the mail's body
      throw new IllegalStateException("SMTP delivery failed: " + e.getMessage(), e);
    }
  }

  /** {@code SSO_SMTP_*}, or {@code null} when {@code SSO_SMTP_HOST} is unset; invalid values name their variable. */
  static Config config(Map<String, String> env) {
    String host = ServerConfig.blankToNull(env.get("SSO_SMTP_HOST"));
    if (host == null) {
      for (String other : new String[] {"SSO_SMTP_PORT", "SSO_SMTP_USERNAME", "SSO_SMTP_PASSWORD", "SSO_SMTP_FROM",
          "SSO_SMTP_SECURITY"}) {
        if (ServerConfig.blankToNull(env.get(other)) != null) {
          throw new IllegalArgumentException(other + ": set SSO_SMTP_HOST too (or unset " + other + ")");
        }
      }
      return null;
    }
    String security = env.getOrDefault("SSO_SMTP_SECURITY", "starttls").trim().toLowerCase(Locale.ROOT);
    if (!security.equals("starttls") && !security.equals("tls") && !security.equals("none")) {
      throw new IllegalArgumentException("SSO_SMTP_SECURITY: must be starttls, tls or none, was " + security);
    }
    if (security.equals("none") && !loopback(host)) {
      throw new IllegalArgumentException("SSO_SMTP_SECURITY: none (mail and password in clear) only to a loopback"
          + " host, not " + host);
    }
    int port;
    String portText = ServerConfig.blankToNull(env.get("SSO_SMTP_PORT"));
    try {
      port = portText == null ? (security.equals("tls") ? 465 : 587) : Integer.parseInt(portText.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("SSO_SMTP_PORT: not a number: " + portText, e);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("SSO_SMTP_PORT: must be 1..65535, was " + port);
    }
    String fromText = ServerConfig.blankToNull(env.get("SSO_SMTP_FROM"));
    if (fromText == null) {
      throw new IllegalArgumentException("SSO_SMTP_FROM: required with SSO_SMTP_HOST (e.g. \"SSO <no-reply@example.com>\")");
    }
    InternetAddress from;
    try {
      from = new InternetAddress(fromText, true);
    } catch (jakarta.mail.internet.AddressException e) {
      throw new IllegalArgumentException("SSO_SMTP_FROM: not an e-mail address: " + fromText, e);
    }
    String username = ServerConfig.blankToNull(env.get("SSO_SMTP_USERNAME"));
    if (username == null && ServerConfig.blankToNull(env.get("SSO_SMTP_PASSWORD")) != null) {
      throw new IllegalArgumentException("SSO_SMTP_PASSWORD: set SSO_SMTP_USERNAME too");
    }
    return new Config(host, port, username, env.get("SSO_SMTP_PASSWORD"), from, security);
  }

  private static boolean loopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
