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
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds real API traffic against the packaged OpenAPI document
 * ({@code dev/ssokit/apidocs/openapi.json}): every answer a test sees must be documented (path,
 * method, status, media type) and its JSON body must match the documented schema, so the document
 * cannot drift from the code. JSON Schema 2020-12 (OpenAPI 3.1's dialect) through networknt's
 * validator.
 */
public final class OpenApiContract {
  private static final ObjectMapper JSON = new ObjectMapper();
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
    String template = template(path);
    JsonNode operation = document.path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
    if (operation.isMissingNode()) {
      throw new AssertionError("undocumented operation " + method + " " + template);
    }
    JsonNode response = operation.path("responses").path(String.valueOf(status));
    if (response.isMissingNode()) {
      response = operation.path("responses").path("default");
    }
    if (response.isMissingNode()) {
      throw new AssertionError(method + " " + template + ": status " + status + " is not documented");
    }
    response = resolve(response);
    if (body == null || body.isEmpty() || status == 304) {
      return;
    }
    String mediaType = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
    JsonNode content = response.path("content").path(mediaType);
    if (content.isMissingNode()) {
      throw new AssertionError(method + " " + template + " " + status + ": media type " + mediaType
          + " is not documented (documented: " + response.path("content").properties() + ")");
    }
    JsonNode schema = content.path("schema");
    if (schema.isMissingNode() || !mediaType.contains("json")) {
      return;
    }
    JsonNode instance;
    try {
      instance = JSON.readTree(body);
    } catch (IOException e) {
      throw new AssertionError(method + " " + template + " " + status + ": body is not JSON: " + body, e);
    }
    String key = method + " " + template + " " + status + " " + mediaType;
    Set<ValidationMessage> errors = compiled.computeIfAbsent(key, k -> compile(schema)).validate(instance);
    if (!errors.isEmpty()) {
      throw new AssertionError(key + ": the body does not match the documented schema: " + errors + "\nbody: " + body);
    }
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
