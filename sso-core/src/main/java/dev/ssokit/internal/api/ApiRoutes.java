package dev.ssokit.internal.api;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.Redacted;
import dev.ssokit.internal.limit.LimitExceeded;
import dev.ssokit.spi.StoreException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JSON API mounted below a path prefix of the issuer (for instance {@code /api}): routes with
 * {@code {name}} segments ({@code /applications/{id}}), one authenticator for the protected ones,
 * every failure answered as an RFC 9457 problem ({@link ApiProblem}), never a stack trace; an abuse
 * limit's refusal too (429 or 503 with {@code Retry-After}).
 *
 * <p>The provider routes every path below the prefix here ({@code SsoProvider} prefix routes); an
 * unknown path is a 404 problem, a known path with another method a 405 with {@code Allow}.
 */
public final class ApiRoutes implements Endpoint {
  private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);

  /** A route's work; throws {@link ApiProblem} for any refusal. */
  @FunctionalInterface
  public interface Handler {
    HTTPResponse handle(ApiRequest request);
  }

  /** Who is calling: resolved once per request before a protected route runs; throws {@link ApiProblem} (401). */
  @FunctionalInterface
  public interface Authenticator {
    Object authenticate(HTTPRequest request);
  }

  private record Route(HTTPRequest.Method method, String[] segments, boolean open, Handler handler) {}

  private final String mount;
  private final Authenticator authenticator;
  private final List<Route> routes = new ArrayList<>();

  /**
   * @param mount         the absolute path the API is mounted at (issuer path + e.g. {@code /api})
   * @param authenticator resolves the caller of every route not added with {@link #open}
   */
  public ApiRoutes(String mount, Authenticator authenticator) {
    this.mount = Objects.requireNonNull(mount, "mount");
    this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
  }

  /** A route whose caller must authenticate. */
  public ApiRoutes on(HTTPRequest.Method method, String template, Handler handler) {
    routes.add(new Route(method, split(template), false, handler));
    return this;
  }

  /** A route anyone may call (the handler authenticates by other means, if at all). */
  public ApiRoutes open(HTTPRequest.Method method, String template, Handler handler) {
    routes.add(new Route(method, split(template), true, handler));
    return this;
  }

  /** True when a route of this API has the shape of {@code path}, whatever its method. */
  @Override
  public boolean owns(String path) {
    String relative = path.length() > mount.length() ? path.substring(mount.length()) : "/";
    String[] actual = split(relative);
    return routes.stream().anyMatch(route -> match(route.segments, actual) != null);
  }

  @Override
  public HTTPResponse handle(HTTPRequest request) {
    try {
      return dispatch(request);
    } catch (ApiProblem p) {
      return p.toResponse();
    } catch (LimitExceeded e) {
      // a password check's throttle or the hashing capacity (user passwords): 429 / 503, never a 500
      return ApiProblem.of(e).toResponse();
    } catch (StoreException e) {
      LOG.warn("storage unavailable at {}: {}", mount, e.getMessage());
      return ApiProblem.of(503, "Service Unavailable", "storage is temporarily unavailable")
          .header("Retry-After", "5").toResponse();
    } catch (RuntimeException e) {
      // type and stack only: a message may quote the request body
      LOG.error("internal error at {}: {}", mount, e.getClass().getName(), Redacted.of(e));
      return ApiProblem.of(500, "Internal Server Error", "internal error").toResponse();
    }
  }

  private HTTPResponse dispatch(HTTPRequest request) {
    String path = request.getURL().getPath();
    String relative = path.length() > mount.length() ? path.substring(mount.length()) : "/";
    String[] actual = split(relative);
    Set<String> allowed = new LinkedHashSet<>();
    for (Route route : routes) {
      Map<String, String> values = match(route.segments, actual);
      if (values == null) {
        continue;
      }
      if (!route.method.equals(request.getMethod())) {
        allowed.add(route.method.name());
        continue;
      }
      Object caller = route.open ? null : authenticator.authenticate(request);
      return route.handler.handle(new ApiRequest(request, values, caller));
    }
    if (!allowed.isEmpty()) {
      throw ApiProblem.of(405, "Method Not Allowed", "use " + String.join(", ", allowed))
          .header("Allow", String.join(", ", allowed));
    }
    throw ApiProblem.notFound("no such API path");
  }

  private static Map<String, String> match(String[] template, String[] actual) {
    if (template.length != actual.length) {
      return null;
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < template.length; i++) {
      String t = template[i];
      if (t.startsWith("{") && t.endsWith("}")) {
        String value;
        try {
          value = URLDecoder.decode(actual[i].replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return null; // a broken escape matches no route: 404
        }
        if (value.isEmpty()) {
          return null;
        }
        values.put(t.substring(1, t.length() - 1), value);
      } else if (!t.equals(actual[i])) {
        return null;
      }
    }
    return values;
  }

  private static String[] split(String path) {
    return java.util.Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
  }
}
