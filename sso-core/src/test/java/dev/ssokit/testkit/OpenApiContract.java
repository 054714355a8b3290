package dev.ssokit.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds real API traffic against the packaged OpenAPI document
 * ({@code dev/ssokit/apidocs/openapi.json}): every answer a test sees must be documented (path,
 * method, status, media type, the challenge and retry headers it sends) and its JSON body must match
 * the documented schema; every request the server accepted must match the documented request body.
 * So the document cannot drift from the code. JSON Schema 2020-12 (OpenAPI 3.1's dialect) through
 * networknt's validator.
 */
public final class OpenApiContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Answer headers a client acts on: when an answer sends one, its documented response must name it. */
  private static final List<String> SIGNIFICANT_HEADERS = List.of("WWW-Authenticate", "Retry-After", "DPoP-Nonce");
  private static final OpenApiContract PACKAGED = new OpenApiContract(load());

  private final JsonNode document;
  private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
  private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

  private OpenApiContract(JsonNode document) {
    this.document = document;
  }

  /** The document sso-core serves at {@code /api/openapi.json}. */
  public static OpenApiContract packaged() {
    return PACKAGED;
  }

  /** The document itself (a copy), for checks of its structure. */
  public JsonNode document() {
    return document.deepCopy();
  }

  private static JsonNode load() {
    try (InputStream in = OpenApiContract.class.getResourceAsStream("/dev/ssokit/apidocs/openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json is not on the class path");
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Asserts that this exchange is documented and its body matches.
   *
   * @param method      HTTP method, e.g. {@code GET}
   * @param path        the request path below the issuer, without query (e.g. {@code /api/applications/web})
   * @param status      the answer's status code
   * @param contentType the answer's {@code Content-Type}, or {@code null} when it has no body
   * @param body        the answer's body, or {@code null}/empty
   * @throws AssertionError naming what is undocumented or does not match
   */
  public void check(String method, String path, int status, String contentType, String body) {
    check(method, path, status, contentType, null, body);
  }

  /**
   * Asserts that this exchange is documented and its body matches, and that the answer's headers are
   * documented: a {@code WWW-Authenticate}, {@code Retry-After} or {@code DPoP-Nonce} it sends is named
   * by the documented response, and every header the response marks {@code required} is sent.
   *
   * @param method  HTTP method, e.g. {@code GET}
   * @param path    the request path below the issuer, without query
   * @param status  the answer's status code
   * @param headers the answer's headers (names in any case)
   * @param body    the answer's body, or {@code null}/empty
   * @throws AssertionError naming what is undocumented or does not match
   */
  public void check(String method, String path, int status, Map<String, List<String>> headers, String body) {
    Map<String, List<String>> sent = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    sent.putAll(headers);
    List<String> contentType = sent.get("Content-Type");
    check(method, path, status, contentType == null || contentType.isEmpty() ? null : contentType.get(0), sent, body);
  }

  /**
   * Asserts that a request the server accepted is documented: its operation exists, and its body is
   * of a documented media type and matches that schema (JSON, or form parameters as strings, a
   * repeated one as an array). A request without a body must be one the operation does not require
   * a body for.
   *
   * @param method      HTTP method
   * @param path        the request path below the issuer, without query
   * @param contentType the request's {@code Content-Type}, or {@code null} without a body
   * @param body        the request's body, or {@code null}/empty
   * @throws AssertionError naming what is undocumented or does not match
   */
  public void checkRequest(String method, String path, String contentType, String body) {
    String template = template(path);
    JsonNode requestBody = resolve(operation(method, template).path("requestBody"));
    String key = method + " " + template + " request";
    if (body == null || body.isEmpty()) {
      if (requestBody.path("required").asBoolean(false)) {
        throw new AssertionError(key + ": the body is required");
      }
      return;
    }
    if (requestBody.isMissingNode()) {
      throw new AssertionError(key + ": a body is not documented");
    }
    String mediaType = mediaType(contentType);
    JsonNode schema = requestBody.path("content").path(mediaType).path("schema");
    if (!requestBody.path("content").has(mediaType)) {
      throw new AssertionError(key + ": media type " + mediaType + " is not documented (documented: "
          + requestBody.path("content").properties() + ")");
    }
    if (schema.isMissingNode()) {
      return;
    }
    JsonNode instance = mediaType.equals("application/x-www-form-urlencoded") ? form(body) : parse(key, body);
    validate(key + " " + mediaType, schema, instance, body);
  }

  private JsonNode operation(String method, String template) {
    JsonNode operation = document.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
    if (operation.isMissingNode()) {
      throw new AssertionError("undocumented operation " + method + " " + template);
    }
    return operation;
  }

  private void check(String method, String path, int status, String contentType, Map<String, List<String>> headers,
      String body) {
    String template = template(path);
    JsonNode operation = operation(method, template);
    JsonNode response = operation.path("responses").path(String.valueOf(status));
    if (response.isMissingNode()) {
      response = operation.path("responses").path("default");
    }
    if (response.isMissingNode()) {
      throw new AssertionError(method + " " + template + ": status " + status + " is not documented");
    }
    response = resolve(response);
    if (headers != null) {
      checkHeaders(method + " " + template + " " + status, response.path("headers"), headers);
    }
    if (body == null || body.isEmpty() || status == 304) {
      return;
    }
    String mediaType = mediaType(contentType);
    JsonNode content = response.path("content").path(mediaType);
    if (content.isMissingNode()) {
      throw new AssertionError(method + " " + template + " " + status + ": media type " + mediaType
          + " is not documented (documented: " + response.path("content").properties() + ")");
    }
    JsonNode schema = content.path("schema");
    if (schema.isMissingNode() || !mediaType.contains("json")) {
      return;
    }
    String key = method + " " + template + " " + status;
    validate(key + " " + mediaType, schema, parse(key, body), body);
  }

  private void checkHeaders(String key, JsonNode documented, Map<String, List<String>> sent) {
    Map<String, JsonNode> names = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    documented.properties().forEach(e -> names.put(e.getKey(), resolve(e.getValue())));
    for (String name : SIGNIFICANT_HEADERS) {
      if (sent.containsKey(name) && !names.containsKey(name)) {
        throw new AssertionError(key + ": header " + name + " is sent but not documented (" + sent.get(name) + ")");
      }
    }
    names.forEach((name, header) -> {
      if (header.path("required").asBoolean(false) && !sent.containsKey(name)) {
        throw new AssertionError(key + ": the required header " + name + " is not sent");
      }
    });
  }

  private void validate(String key, JsonNode schema, JsonNode instance, String body) {
    Set<ValidationMessage> errors = compiled.computeIfAbsent(key, k -> compile(schema)).validate(instance);
    if (!errors.isEmpty()) {
      throw new AssertionError(key + ": the body does not match the documented schema: " + errors + "\nbody: " + body);
    }
  }

  private static String mediaType(String contentType) {
    return contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
  }

  private static JsonNode parse(String key, String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError(key + ": body is not JSON: " + body, e);
    }
  }

  /** Form parameters as a JSON object: a parameter given once as a string, a repeated one as an array. */
  private static JsonNode form(String body) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    ObjectNode object = JSON.createObjectNode();
    params.forEach((name, values) -> {
      if (values.size() == 1) {
        object.put(name, values.get(0));
      } else {
        values.forEach(object.putArray(name)::add);
      }
    });
    return object;
  }

  /** The document's path template matching {@code path} ({@code /api/applications/x} → {@code /api/applications/{id}}). */
  String template(String path) {
    if (document.path("paths").has(path)) {
      return path;
    }
    String[] actual = path.split("/", -1);
    for (Iterator<String> it = document.path("paths").fieldNames(); it.hasNext(); ) {
      String candidate = it.next();
      String[] segments = candidate.split("/", -1);
      if (segments.length != actual.length) {
        continue;
      }
      boolean match = true;
      for (int i = 0; i < segments.length && match; i++) {
        match = segments[i].equals(actual[i]) || (segments[i].startsWith("{") && !actual[i].isEmpty());
      }
      if (match) {
        return candidate;
      }
    }
    throw new AssertionError("undocumented path " + path);
  }

  private JsonNode resolve(JsonNode node) {
    JsonNode ref = node.path("$ref");
    return ref.isTextual() ? document.at(ref.asText().substring(1)) : node;
  }

  /** The schema with the document's components beside it, so {@code #/components/...} references resolve. */
  private JsonSchema compile(JsonNode schema) {
    ObjectNode root = JSON.createObjectNode();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.setAll((ObjectNode) schema.deepCopy());
    root.set("components", document.path("components"));
    return schemas.getSchema(root);
  }
}
