package dev.ssokit.spi;

/**
 * Hands e-mail to a mail server: SMTP in the standalone server, Spring's {@code JavaMailSender} in
 * the starter, anything else a host likes.
 *
 * <p>IMPORTANT: called on the request thread; an implementation should time out within seconds.
 * Never log a {@link Mail}'s bodies (they carry single-use links).
 */
public interface MailSender {

  /**
   * Sends {@code mail}.
   *
   * @param mail the mail
   * @throws RuntimeException when the mail server refuses or cannot be reached; the provider then
   *     logs the failure (without the mail's links) and tells the user to try again
   */
  void send(Mail mail);
}
