package dev.ssokit.example.standalone;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;

/**
 * The console encoder of logback.xml: {@code format} {@code text} writes {@code pattern} lines
 * (logback's {@link PatternLayoutEncoder}), {@code json} one JSON object per line ({@link
 * JsonLogEncoder}). One appender whatever the format, so logback reports nothing at start and
 * stdout stays pure JSON when JSON is chosen.
 */
public final class ConsoleLogEncoder extends EncoderBase<ILoggingEvent> {
  private String format = "text";
  private String pattern;
  private Encoder<ILoggingEvent> delegate;

  /** {@code text} or {@code json} ({@code SSO_LOG_FORMAT}; ServerConfig rejects anything else at start). */
  public void setFormat(String format) {
    this.format = format;
  }

  /** The line pattern of the {@code text} format. */
  public void setPattern(String pattern) {
    this.pattern = pattern;
  }

  @Override
  public void start() {
    if ("json".equals(format)) {
      delegate = new JsonLogEncoder();
    } else {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setPattern(pattern);
      delegate = text;
    }
    delegate.setContext(getContext());
    delegate.start();
    super.start();
  }

  @Override
  public void stop() {
    if (delegate != null) {
      delegate.stop();
    }
    super.stop();
  }

  @Override
  public byte[] headerBytes() {
    return delegate.headerBytes();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    return delegate.encode(event);
  }

  @Override
  public byte[] footerBytes() {
    return delegate.footerBytes();
  }
}
