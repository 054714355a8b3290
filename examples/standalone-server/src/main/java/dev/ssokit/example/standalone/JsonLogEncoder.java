package dev.ssokit.example.standalone;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.JsonEscapeUtil;
import java.util.Map;

/**
 * {@code SSO_LOG_FORMAT=json}: logback's own {@link JsonEncoder}, one object per line, with the
 * flat keys log pipelines expect: {@code timestamp} (epoch milliseconds), {@code level}, {@code
 * threadName}, {@code logger}, {@code message} (formatted), each MDC entry ({@code request_id},
 * {@code client_id}, {@code subject} where known) as a key of its own, and {@code throwable}.
 */
public final class JsonLogEncoder extends JsonEncoder {

  public JsonLogEncoder() {
    setWithSequenceNumber(false);
    setWithNanoseconds(false);
    setWithContext(false);
    setWithLoggerName(false);
    setWithMDC(false);
    setWithMessage(false);
    setWithFormattedMessage(false);
    setWithArguments(false);
  }

  @Override
  protected void appendCustomFields(StringBuilder json, ILoggingEvent event) {
    member(json, "logger", event.getLoggerName());
    member(json, "message", event.getFormattedMessage());
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc != null) {
      mdc.forEach((key, value) -> member(json, key, value));
    }
  }

  private static void member(StringBuilder json, String key, String value) {
    json.append(",\"").append(JsonEscapeUtil.jsonEscapeString(key)).append("\":");
    if (value == null) {
      json.append("null");
    } else {
      json.append('"').append(JsonEscapeUtil.jsonEscapeString(value)).append('"');
    }
  }
}
