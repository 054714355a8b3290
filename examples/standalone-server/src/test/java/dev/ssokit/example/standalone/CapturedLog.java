package dev.ssokit.example.standalone;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Every log line the server writes while open (its own, SSO Kit's and Jetty's, at the levels the
 * server's LogConfigurator lets through), as text: message, then each exception of the chain with its
 * message and stack frames.
 */
final class CapturedLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  private CapturedLog() {
    setName("captured");
    setContext(root.getLoggerContext());
  }

  static CapturedLog attach() {
    CapturedLog log = new CapturedLog();
    log.start0();
    return log;
  }

  private void start0() {
    super.start();
    root.addAppender(this);
  }

  @Override
  protected void append(ILoggingEvent event) {
    StringBuilder text = new StringBuilder(event.getLevel() + " " + event.getLoggerName() + " - "
        + event.getFormattedMessage());
    for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
      text.append("\n").append(t.getClassName()).append(": ").append(t.getMessage());
      for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
        text.append("\n\t").append(frame.getSTEAsString());
      }
      for (IThrowableProxy suppressed : t.getSuppressed()) {
        text.append("\nSuppressed: ").append(suppressed.getClassName()).append(": ").append(suppressed.getMessage());
      }
    }
    lines.add(text.toString());
  }

  List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    root.detachAppender(this);
    stop();
  }
}
