package dev.ssokit.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.limit.LimitExceeded;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The JSON API plumbing: routing with {@code {name}} segments, problems (an abuse limit's refusal
 * too), paging, conditional updates.
 */
class ApiRoutesTest {
  private final ApiRoutes api = new ApiRoutes("/sso/api", request -> {
    if (!"Bearer ok".equals(request.getAuthorization())) {
      throw ApiProblem.of(401, "Unauthorized", "no").header("WWW-Authenticate", "Bearer");
    }
    return "alice";
  })
      .open(HTTPRequest.Method.GET, "/ping", r -> Responses.json(200, Map.of("pong", true)))
      .on(HTTPRequest.Method.GET, "/things/{id}", r -> Responses.json(200,
          Map.of("id", r.path("id"), "caller", r.caller(String.class))))
      .on(HTTPRequest.Method.PUT, "/things/{id}", r -> {
        Map<String, Object> body = r.json();
        EntityTag.checkIfMatch(r, EntityTag.of("v1"), true);
        if (!(body.get("name") instanceof String)) {
          throw ApiProblem.invalidField("name", "must be a string");
        }
        return Responses.json(200, body);
      })
      .on(HTTPRequest.Method.GET, "/things", r -> {
        PageRequest page = PageRequest.of(r);
        List<String> all = List.of("a", "b", "c", "d", "e");
        List<String> items = all.stream().filter(k -> page.after() == null || k.compareTo(page.after()) > 0)
            .limit(page.limit()).toList();
        return Responses.json(200, page.page(items, items.isEmpty() ? null : items.get(items.size() - 1)));
      })
      .on(HTTPRequest.Method.GET, "/boom", r -> {
        throw new IllegalStateException("secret-in-message");
      })
      .on(HTTPRequest.Method.POST, "/throttled", r -> {
        throw LimitExceeded.tooManyRequests(7, "Too many failed attempts.");
      })
      .on(HTTPRequest.Method.POST, "/busy", r -> {
        throw LimitExceeded.overloaded(2);
      });

  private HTTPResponse send(HTTPRequest.Method method, String path, String auth, String body, String... headers)
      throws Exception {
    HTTPRequest request = new HTTPRequest(method, new URL("http://localhost/sso/api" + path));
    if (auth != null) {
      request.setAuthorization(auth);
    }
    if (body != null) {
      request.setHeader("Content-Type", "application/json");
      request.setBody(body);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.setHeader(headers[i], headers[i + 1]);
    }
    return api.handle(request);
  }

  private static Map<String, Object> problem(HTTPResponse r) throws Exception {
    assertThat(r.getHeaderValue("Content-Type")).startsWith("application/problem+json");
    Map<String, Object> body = JSONObjectUtils.parse(r.getBody());
    assertThat(((Number) body.get("status")).intValue()).isEqualTo(r.getStatusCode());
    return body;
  }

  @Test
  void whenSegmentsMatchThenValuesDecodedAndCallerResolved() throws Exception {
    HTTPResponse r = send(HTTPRequest.Method.GET, "/things/a%20b", "Bearer ok", null);
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(JSONObjectUtils.parse(r.getBody())).containsEntry("id", "a b").containsEntry("caller", "alice");
    assertThat(send(HTTPRequest.Method.GET, "/ping", null, null).getStatusCode()).isEqualTo(200);
  }

  @Test
  void whenNotAuthenticatedThen401ProblemWithChallenge() throws Exception {
    HTTPResponse r = send(HTTPRequest.Method.GET, "/things/1", null, null);
    assertThat(r.getStatusCode()).isEqualTo(401);
    assertThat(r.getHeaderValue("WWW-Authenticate")).isEqualTo("Bearer");
    assertThat(problem(r)).containsEntry("title", "Unauthorized");
  }

  @Test
  void whenPathOrMethodUnknownThen404Or405WithAllow() throws Exception {
    assertThat(problem(send(HTTPRequest.Method.GET, "/nope", "Bearer ok", null))).containsEntry("status", 404L);
    HTTPResponse r = send(HTTPRequest.Method.DELETE, "/things/1", "Bearer ok", null);
    assertThat(r.getStatusCode()).isEqualTo(405);
    assertThat(r.getHeaderValue("Allow")).isEqualTo("GET, PUT");
    assertThat(send(HTTPRequest.Method.GET, "/things/%ZZ", "Bearer ok", null).getStatusCode()).isEqualTo(404);
  }

  @Test
  void whenBodyIsNotJsonObjectThen415Or400() throws Exception {
    String tag = EntityTag.of("v1");
    HTTPRequest form = new HTTPRequest(HTTPRequest.Method.PUT, new URL("http://localhost/sso/api/things/1"));
    form.setAuthorization("Bearer ok");
    form.setHeader("Content-Type", "application/x-www-form-urlencoded");
    form.setBody("name=x");
    assertThat(api.handle(form).getStatusCode()).isEqualTo(415);
    assertThat(send(HTTPRequest.Method.PUT, "/things/1", "Bearer ok", "[1]", "If-Match", tag).getStatusCode())
        .isEqualTo(400);
    assertThat(send(HTTPRequest.Method.PUT, "/things/1", "Bearer ok", "[".repeat(20_000), "If-Match", tag)
        .getStatusCode()).isEqualTo(400);
  }

  @Test
  void whenFieldInvalidThenProblemNamesIt() throws Exception {
    Map<String, Object> p = problem(send(HTTPRequest.Method.PUT, "/things/1", "Bearer ok", "{\"name\":1}",
        "If-Match", EntityTag.of("v1")));
    assertThat(p).containsEntry("type", ApiProblem.VALIDATION);
    assertThat(p.get("errors")).asList().containsExactly(Map.of("field", "name", "detail", "must be a string"));
  }

  @Test
  void whenIfMatchStaleOrMissingThen412Or428() throws Exception {
    assertThat(send(HTTPRequest.Method.PUT, "/things/1", "Bearer ok", "{\"name\":\"x\"}", "If-Match", "\"old\"")
        .getStatusCode()).isEqualTo(412);
    assertThat(send(HTTPRequest.Method.PUT, "/things/1", "Bearer ok", "{\"name\":\"x\"}").getStatusCode())
        .isEqualTo(428);
    assertThat(send(HTTPRequest.Method.PUT, "/things/1", "Bearer ok", "{\"name\":\"x\"}",
        "If-Match", "\"old\", " + EntityTag.of("v1")).getStatusCode()).isEqualTo(200);
  }

  @Test
  void whenPagingThenCursorContinuesAndLastPageHasNone() throws Exception {
    Map<String, Object> first = JSONObjectUtils.parse(send(HTTPRequest.Method.GET, "/things?limit=2", "Bearer ok", null)
        .getBody());
    assertThat(first.get("items")).asList().containsExactly("a", "b");
    String cursor = (String) first.get("next_cursor");
    Map<String, Object> second = JSONObjectUtils.parse(send(HTTPRequest.Method.GET,
        "/things?limit=4&cursor=" + cursor, "Bearer ok", null).getBody());
    assertThat(second.get("items")).asList().containsExactly("c", "d", "e");
    assertThat(second).doesNotContainKey("next_cursor");
    for (String bad : new String[] {"limit=0", "limit=201", "limit=x", "cursor=***"}) {
      assertThat(problem(send(HTTPRequest.Method.GET, "/things?" + bad, "Bearer ok", null))).as(bad)
          .containsEntry("status", 400L);
    }
  }

  @Test
  void whenAnAbuseLimitRefusesThen429Or503ProblemWithRetryAfter() throws Exception {
    HTTPResponse throttled = send(HTTPRequest.Method.POST, "/throttled", "Bearer ok", null);
    assertThat(throttled.getStatusCode()).isEqualTo(429);
    assertThat(throttled.getHeaderValue("Retry-After")).isEqualTo("7");
    assertThat(problem(throttled)).containsEntry("title", "Too Many Requests");
    HTTPResponse busy = send(HTTPRequest.Method.POST, "/busy", "Bearer ok", null);
    assertThat(busy.getStatusCode()).as("the hashing capacity is full: not a 500").isEqualTo(503);
    assertThat(busy.getHeaderValue("Retry-After")).isEqualTo("2");
    assertThat(problem(busy)).containsEntry("title", "Service Unavailable");
  }

  @Test
  void whenHandlerFailsThen500ProblemWithoutItsMessage() throws Exception {
    HTTPResponse r = send(HTTPRequest.Method.GET, "/boom", "Bearer ok", null);
    assertThat(r.getStatusCode()).isEqualTo(500);
    assertThat(r.getBody()).doesNotContain("secret-in-message");
  }
}
