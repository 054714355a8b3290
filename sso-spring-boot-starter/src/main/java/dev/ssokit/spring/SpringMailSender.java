package dev.ssokit.spring;

import dev.ssokit.spi.Mail;
import dev.ssokit.spi.MailSender;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * The bridge from SSO Kit's {@link MailSender} to Spring's {@link JavaMailSender}: each account mail
 * as multipart/alternative (plain text and HTML) from {@code sso.mail-from}.
 *
 * <p>IMPORTANT: a failure is rethrown with the server's answer only, never the mail's body.
 */
final class SpringMailSender implements MailSender {
  private final JavaMailSender mail;
  private final String from;

  SpringMailSender(JavaMailSender mail, String from) {
    this.mail = mail;
    this.from = from;
  }

  @Override
  public void send(Mail m) {
    try {
      MimeMessage message = mail.createMimeMessage();
      MimeMessageHelper helper = new MimeMessageHelper(message, true, StandardCharsets.UTF_8.name());
      helper.setFrom(from);
      helper.setTo(m.to());
      helper.setSubject(m.subject());
      helper.setText(m.text(), m.html());
      mail.send(message);
    } catch (MessagingException e) {
      throw new IllegalStateException("mail not sent: " + e.getMessage(), e);
    }
  }
}
