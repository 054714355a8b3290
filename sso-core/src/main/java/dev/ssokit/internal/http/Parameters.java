package dev.ssokit.internal.http;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import java.util.List;
import java.util.Map;

/**
 * The request parameters of a GET (query) or POST (form body), checked against the rules every
 * endpoint shares: RFC 6749 §3.1 (a parameter at most once) and a size bound.
 */
public final class Parameters {
  private final Map<String, List<String>> values;

  private Parameters(Map<String, List<String>> values) {
    this.values = values;
  }

  /** Reads the query (GET) or the form body (POST); {@link BadRequest} when malformed. */
  public static Parameters of(HTTPRequest request, int maxLength) {
    Map<String, List<String>> map;
    if (HTTPRequest.Method.POST.equals(request.getMethod())) {
      String type = request.getHeaderValue("Content-Type");
      if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
        throw new BadRequest("Content-Type must be application/x-www-form-urlencoded");
      }
      // RFC 6749 §2.3.1 / §3.2: POST parameters (credentials above all) belong in the body, never the URL;
      // servlet containers would otherwise merge the query into the form.
      String query = request.getURL().getQuery();
      if (query != null && !query.isEmpty()) {
        throw new BadRequest("parameters must be sent in the form body, not in the URL");
      }
      try {
        @SuppressWarnings("unchecked")
        Map<String, List<String>> body = request.getBodyAsFormParameters();
        map = body;
      } catch (ParseException e) {
        throw new BadRequest("malformed form body");
      }
    } else {
      map = request.getQueryStringParameters();
    }
    for (Map.Entry<String, List<String>> e : map.entrySet()) {
      if (e.getValue().size() > 1) {
        throw new BadRequest("parameter " + safe(e.getKey()) + " must not be repeated");
      }
      for (String v : e.getValue()) {
        if (v != null && v.length() > maxLength) {
          throw new BadRequest("parameter " + safe(e.getKey()) + " is too long");
        }
      }
    }
    return new Parameters(map);
  }

  private static String safe(String name) {
    return name.length() > 40 || !name.matches("[A-Za-z0-9_\\-.]*") ? "(name not shown)" : name;
  }

  /** The single value of {@code name}, or {@code null} when absent or empty. */
  public String get(String name) {
    List<String> v = values.get(name);
    if (v == null || v.isEmpty() || v.get(0) == null || v.get(0).isEmpty()) {
      return null;
    }
    return v.get(0);
  }

  /** These parameters without those named {@code names} (a client's credentials, before they are stored). */
  public Parameters without(java.util.Set<String> names) {
    Map<String, List<String>> copy = new java.util.LinkedHashMap<>(values);
    copy.keySet().removeAll(names);
    return new Parameters(copy);
  }

  public Map<String, List<String>> asMap() {
    return values;
  }

  /** A request that breaks the shared parameter rules; answered as invalid_request. */
  public static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BadRequest(String message) {
      super(message, null, false, false);
    }
  }
}
