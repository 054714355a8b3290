package dev.ssokit.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A security event: login success or failure, token issued, reuse detected, logout...
 *
 * <p>IMPORTANT: details never carry secrets or token values.
 *
 * @param time      when the event happened
 * @param type      dotted event name, e.g. {@code login.failure}
 * @param subject   user, or {@code null}
 * @param clientId  client, or {@code null}
 * @param ip        client IP address, or {@code null}
 * @param details   further facts by name, never secrets; {@code null} is taken as empty
 */
public record AuditEvent(Instant time, String type, String subject, String clientId, String ip,
                         Map<String, String> details) {
  /**
   * An event; the details are copied.
   *
   * @param time      when the event happened
   * @param type      dotted event name, e.g. {@code login.failure}
   * @param subject   user, or {@code null}
   * @param clientId  client, or {@code null}
   * @param ip        client IP address, or {@code null}
   * @param details   further facts by name, never secrets; {@code null} is taken as empty
   * @throws NullPointerException when {@code time} or {@code type} is null
   */
  public AuditEvent {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(type, "type");
    details = Map.copyOf(details == null ? Map.of() : details);
  }
}
