package dev.ssokit.internal.admin;

import com.nimbusds.oauth2.sdk.http.HTTPRequest.Method;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.api.ApiProblem;
import dev.ssokit.internal.api.ApiRequest;
import dev.ssokit.internal.api.ApiRoutes;
import dev.ssokit.internal.api.PageRequest;
import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.AuditQuery;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/audit-events} (administrators only): security events newest first, by time range
 * ({@code from} inclusive, {@code to} exclusive, RFC 3339), {@code type}, {@code subject} and
 * {@code client_id}, with cursor paging.
 */
final class AuditEventsResource {
  private final AuditLog log;

  AuditEventsResource(AuditLog log) {
    this.log = log;
  }

  void addTo(ApiRoutes routes) {
    routes.on(Method.GET, "/audit-events", this::query);
  }

  private HTTPResponse query(ApiRequest request) {
    request.caller(AdminCaller.class).requireAdmin();
    PageRequest page = PageRequest.of(request);
    AuditQuery query = new AuditQuery(instant(request, "from"), instant(request, "to"), request.query("type"),
        request.query("subject"), request.query("client_id"));
    AuditLog.Page found;
    try {
      found = log.query(query, page.after(), page.limit());
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidField("cursor", "is not a cursor this API returned");
    }
    List<Map<String, Object>> items = found.events().stream().map(AuditEventsResource::of).toList();
    Map<String, Object> body = page.page(items, found.nextCursor());
    return JsonAnswer.ok(body);
  }

  private static Instant instant(ApiRequest request, String name) {
    String value = request.query(name);
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiProblem.invalidField(name, "must be an RFC 3339 UTC time such as 2030-01-02T03:04:05Z");
    }
  }

  private static Map<String, Object> of(AuditEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", e.time().toString());
    m.put("type", e.type());
    m.put("subject", e.subject());
    m.put("client_id", e.clientId());
    m.put("ip", e.ip());
    m.put("details", e.details());
    return m;
  }
}
