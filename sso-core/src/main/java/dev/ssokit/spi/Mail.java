package dev.ssokit.spi;

import java.util.Objects;

/**
 * One e-mail to one recipient, in plain text and HTML (multipart/alternative).
 *
 * <p>IMPORTANT: the bodies may carry single-use links (verification, reset): never log them.
 *
 * @param to      the recipient's address
 * @param subject the subject line
 * @param text    the plain-text body
 * @param html    the HTML body
 */
public record Mail(String to, String subject, String text, String html) {
  /**
   * A mail.
   *
   * @param to      the recipient's address
   * @param subject the subject line
   * @param text    the plain-text body
   * @param html    the HTML body
   * @throws NullPointerException when any of them is null
   */
  public Mail {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(html, "html");
  }

  /** What may be logged of this mail: recipient domain and subject, never the bodies. */
  @Override
  public String toString() {
    int at = to.lastIndexOf('@');
    return "Mail[to=*" + (at < 0 ? "" : to.substring(at)) + ", subject=" + subject + "]";
  }
}
