package dev.ssokit.internal.registration;

import com.nimbusds.oauth2.sdk.client.RegistrationError;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.Responses;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The client configuration endpoint, {@code {issuer}/register/{client_id}} (RFC 7592 §2): with the
 * client's registration access token ({@code Authorization: Bearer}), {@code GET} reads its
 * metadata, {@code PUT} replaces it, {@code DELETE} deletes the client and ends its grants.
 *
 * <p>IMPORTANT: a wrong token and an unknown client answer the same 401 (RFC 7592 §2), so the
 * endpoint does not tell which clients exist. A {@code PUT} rotates the registration access token
 * (RFC 7592 §2.2): the answer carries the new one and the old one stops working.
 */
final class ClientConfigurationEndpoint implements Endpoint {
  private final RegisteredClients registered;
  private final String prefix;

  /** @param prefix the absolute path of {@code /register/} (a client id follows) */
  ClientConfigurationEndpoint(RegisteredClients registered, String prefix) {
    this.registered = registered;
    this.prefix = prefix;
  }

  @Override
  public HTTPResponse handle(HTTPRequest request) {
    HTTPRequest.Method method = request.getMethod();
    if (!HTTPRequest.Method.GET.equals(method) && !HTTPRequest.Method.PUT.equals(method)
        && !HTTPRequest.Method.DELETE.equals(method)) {
      return Responses.methodNotAllowed("GET", "PUT", "DELETE");
    }
    String clientId = clientId(request.getURL().getPath());
    String token = RegistrationErrors.bearer(request.getAuthorization());
    Optional<RegisteredClients.Registered> client = clientId == null ? Optional.empty()
        : registered.authenticate(clientId, token);
    if (client.isEmpty()) {
      return token == null
          ? RegistrationErrors.unauthorized(null, "the registration access token is required (Authorization: Bearer)")
          : RegistrationErrors.unauthorized("invalid_token", "the registration access token is not valid for this"
              + " client");
    }
    String ip = request.getClientIPAddress();
    if (HTTPRequest.Method.GET.equals(method)) {
      return answer(200, registered.answer(client.get().client(), token));
    }
    if (HTTPRequest.Method.DELETE.equals(method)) {
      if (!registered.delete(client.get().client(), ip)) {
        return RegistrationErrors.unauthorized("invalid_token", "the registration access token is not valid for this"
            + " client");
      }
      HTTPResponse r = new HTTPResponse(204);
      r.setHeader("Cache-Control", "no-store");
      return r;
    }
    Map<String, Object> metadata;
    try {
      metadata = RegistrationEndpoint.json(request);
    } catch (IllegalArgumentException e) {
      return Responses.error(RegistrationError.INVALID_CLIENT_METADATA, e.getMessage());
    }
    Optional<Map<String, Object>> updated;
    try {
      updated = registered.update(client.get(), metadata, token, ip);
    } catch (IllegalArgumentException e) {
      return RegistrationErrors.of(e);
    }
    return updated.map(body -> answer(200, body)).orElseGet(() -> RegistrationErrors.unauthorized("invalid_token",
        "the registration access token was replaced by another update"));
  }

  /** The decoded client id of {@code path}, or {@code null} when it names none (or more than one segment). */
  private String clientId(String path) {
    if (!path.startsWith(prefix)) {
      return null;
    }
    String rest = path.substring(prefix.length());
    if (rest.isEmpty() || rest.indexOf('/') >= 0) {
      return null;
    }
    try {
      return URLDecoder.decode(rest.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static HTTPResponse answer(int status, Map<String, Object> body) {
    HTTPResponse r = Responses.json(status, body);
    r.setHeader("Cache-Control", "no-store");
    return r;
  }
}
