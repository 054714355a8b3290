package dev.ssokit.internal.api;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.limit.LimitExceeded;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem: the error answer of every JSON API (admin, account, registration). Thrown by
 * a handler, turned into an {@code application/problem+json} answer by {@link ApiRoutes}.
 *
 * <p>A validation problem names the field in {@code errors} ({@code [{"field": ..., "detail": ...}]}),
 * so a form or a script can point at it without parsing prose.
 */
public final class ApiProblem extends RuntimeException {
  /** RFC 9457 §3.1.1: "about:blank" when the HTTP status says it all. */
  public static final String ABOUT_BLANK = "about:blank";
  /** Problem type of a request that failed validation. */
  public static final String VALIDATION = "https://ssokit.dev/problems/validation";

  private final int status;
  private final String type;
  private final String title;
  private final List<FieldError> errors;
  private final Map<String, String> headers = new LinkedHashMap<>();

  /** One invalid field of a request body or query. */
  public record FieldError(String field, String detail) {}

  public ApiProblem(int status, String type, String title, String detail, List<FieldError> errors) {
    super(detail, null, false, false); // an answer, not a failure: no stack trace
    this.status = status;
    this.type = type;
    this.title = title;
    this.errors = List.copyOf(errors);
  }

  public static ApiProblem of(int status, String title, String detail) {
    return new ApiProblem(status, ABOUT_BLANK, title, detail, List.of());
  }

  /** 400 naming the one invalid field. */
  public static ApiProblem invalidField(String field, String detail) {
    return new ApiProblem(400, VALIDATION, "Invalid request", field + ": " + detail,
        List.of(new FieldError(field, detail)));
  }

  public static ApiProblem badRequest(String detail) {
    return of(400, "Bad Request", detail);
  }

  public static ApiProblem notFound(String detail) {
    return of(404, "Not Found", detail);
  }

  public static ApiProblem conflict(String detail) {
    return of(409, "Conflict", detail);
  }

  /** An abuse limit's refusal: 429 (a throttle) or 503 (the hashing capacity), with {@code Retry-After}. */
  public static ApiProblem of(LimitExceeded e) {
    boolean throttled = e.status() == LimitExceeded.TOO_MANY_REQUESTS;
    return of(e.status(), throttled ? "Too Many Requests" : "Service Unavailable",
        (throttled ? "too many attempts" : "the server is busy") + ": try again in " + e.retryAfterSeconds()
            + " seconds").header("Retry-After", Long.toString(e.retryAfterSeconds()));
  }

  /** 412: the {@code If-Match} tag is not the current one (someone else changed the resource). */
  public static ApiProblem preconditionFailed() {
    return of(412, "Precondition Failed",
        "the resource changed since it was read: fetch it again and re-apply the change");
  }

  /** An extra header of the answer ({@code WWW-Authenticate}, {@code Allow}, {@code Retry-After}). */
  public ApiProblem header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public int status() {
    return status;
  }

  /** The problem type URI (RFC 9457 §3.1.1). */
  public String type() {
    return type;
  }

  public List<FieldError> errors() {
    return errors;
  }

  public HTTPResponse toResponse() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type);
    body.put("title", title);
    body.put("status", status);
    if (getMessage() != null) {
      body.put("detail", getMessage());
    }
    if (!errors.isEmpty()) {
      body.put("errors", errors.stream().map(e -> Map.of("field", e.field(), "detail", e.detail())).toList());
    }
    HTTPResponse r = new HTTPResponse(status);
    r.setHeader("Content-Type", "application/problem+json; charset=UTF-8");
    r.setHeader("Cache-Control", "no-store");
    headers.forEach(r::setHeader);
    r.setBody(JSONObjectUtils.toJSONString(body));
    return r;
  }
}
