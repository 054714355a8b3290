package dev.ssokit.example.standalone;

import dev.ssokit.spi.Mail;
import dev.ssokit.spi.MailSender;
import java.io.PrintStream;

/**
 * Demo mode without SMTP: prints each mail's plain-text body to the console (standard output, not the
 * log), so verification and reset links can be followed on a developer's machine.
 *
 * <p>IMPORTANT: only in demo mode ({@code SSO_DEMO}); the links are live credentials.
 */
final class ConsoleMailSender implements MailSender {
  private final PrintStream out;

  ConsoleMailSender(PrintStream out) {
    this.out = out;
  }

  @Override
  public void send(Mail mail) {
    out.println("---- demo mail to " + mail.to() + ": " + mail.subject() + " ----");
    out.println(mail.text());
    out.println("---- end of mail ----");
  }
}
