package dev.ssokit.example.standalone;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The server's logging, set up in code (found by logback through {@code META-INF/services}): no XML
 * to parse at start. One console appender whose encoder {@code SSO_LOG_FORMAT} chooses: {@code text}
 * (default) lines of {@link #PATTERN}, {@code json} one object per line ({@link JsonLogEncoder}), so
 * stdout stays pure JSON when JSON is chosen. Jetty logs from WARN, password4j from ERROR (it warns
 * about settings of algorithms the server does not use), everything else from INFO.
 *
 * <p>An operator's own file, {@code -Dlogback.configurationFile=/path/logback.xml}, replaces all of it.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
  /** The line of the {@code text} format. */
  static final String PATTERN = "%d{ISO8601} %-5level [%thread] %logger{36} - %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY; // logback's own configurator reads the operator's file
    }
    Encoder<ILoggingEvent> encoder;
    if ("json".equals(System.getenv("SSO_LOG_FORMAT"))) {
      encoder = new JsonLogEncoder();
    } else {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setPattern(PATTERN);
      encoder = text;
    }
    encoder.setContext(context);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("CONSOLE");
    console.setEncoder(encoder);
    console.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(console);
    context.getLogger("org.eclipse.jetty").setLevel(Level.WARN);
    context.getLogger("com.password4j").setLevel(Level.ERROR);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
