package dev.ssokit.internal.account;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.ssokit.internal.http.Redacted;
import dev.ssokit.internal.page.PageMessages;
import dev.ssokit.internal.page.PageRenderer;
import dev.ssokit.spi.Mail;
import dev.ssokit.spi.MailSender;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account mails (verification, e-mail change, password reset, invitation, password changed),
 * each rendered from two Mustache templates, {@code mail/<name>.txt.mustache} and
 * {@code mail/<name>.html.mustache}; a file of the same name in the template directory's
 * {@code mail/} folder overrides the built-in one. Their texts and subjects ({@code mail.<name>.subject})
 * come from the pages' message bundles, in the language of the request that caused the mail.
 *
 * <p>IMPORTANT: a failed delivery is logged with the mail's kind and the recipient's domain only,
 * never a body: the bodies carry single-use links.
 */
public final class AccountMails {
  private static final Logger LOG = LoggerFactory.getLogger(AccountMails.class);
  private static final String CLASSPATH_DIR = "/dev/ssokit/mail/";

  private final MailSender sender;
  private final String productName;
  private final PageMessages messages;
  private final DefaultMustacheFactory html;
  private final DefaultMustacheFactory text;
  private final Map<String, Mustache> compiled = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param sender      where mails go, or {@code null}: then {@link #available()} is false and nothing is sent
   * @param productName the name mails sign with
   * @param messages    the texts of every language (the pages' bundles)
   * @param overrides   the template directory, or {@code null}
   */
  public AccountMails(MailSender sender, String productName, PageMessages messages, Path overrides) {
    this.sender = sender;
    this.productName = productName;
    this.messages = messages;
    this.html = new DefaultMustacheFactory(name -> open(overrides, name));
    this.text = new DefaultMustacheFactory(name -> open(overrides, name)) {
      @Override
      public void encode(String value, Writer writer) {
        try {
          writer.write(value); // plain text: no HTML escaping
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  /** True when a mail sender is configured. */
  public boolean available() {
    return sender != null;
  }

  /**
   * Renders and sends mail {@code name} ({@code verify_email}, ...) in {@code locale} with {@code model}
   * ({@code link}, ...). Returns false when it could not be sent (no sender, or the mail server refused: logged).
   */
  public boolean send(String name, String to, Locale locale, Map<String, Object> model) {
    if (sender == null) {
      return false;
    }
    Map<String, Object> scope = new HashMap<>(model);
    scope.put("productName", productName);
    scope.put("lang", locale.toLanguageTag());
    String subject = messages.text(locale, "mail." + name + ".subject", scope);
    scope.put("subject", subject);
    Mail mail = new Mail(to, subject, render(text, name + ".txt", withTexts(scope, locale, UnaryOperator.identity())),
        render(html, name + ".html", withTexts(scope, locale, PageRenderer::escapeHtml)));
    try {
      sender.send(mail);
      return true;
    } catch (RuntimeException e) {
      // the mail's toString names the recipient's domain and subject only
      LOG.warn("mail {} not sent: {} {}", mail, e.getClass().getName(), Redacted.of(e));
      return false;
    }
  }

  /** {@code scope} with the {@code {{#t}}key{{/t}}} lambda, placeholder values through {@code escape}. */
  private Map<String, Object> withTexts(Map<String, Object> scope, Locale locale, UnaryOperator<String> escape) {
    Map<String, Object> out = new HashMap<>(scope);
    Function<String, String> t = key -> messages.format(locale, key.trim(), scope, escape);
    out.put("t", t);
    return out;
  }

  private String render(DefaultMustacheFactory factory, String template, Map<String, Object> scope) {
    StringWriter out = new StringWriter();
    compiled.computeIfAbsent((factory == text ? "t:" : "h:") + template,
        k -> factory.compile(template + ".mustache")).execute(out, scope);
    return out.toString();
  }

  private static Reader open(Path overrides, String name) {
    try {
      if (overrides != null) {
        Path dir = overrides.resolve("mail");
        Path file = dir.resolve(name).normalize();
        if (file.startsWith(dir) && Files.isRegularFile(file)) {
          return Files.newBufferedReader(file, StandardCharsets.UTF_8);
        }
      }
      InputStream in = AccountMails.class.getResourceAsStream(CLASSPATH_DIR + name);
      return in == null ? null : new InputStreamReader(in, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read mail template " + name, e);
    }
  }
}
