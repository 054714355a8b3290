package dev.ssokit.internal.registration;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.client.RegistrationError;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.ClientRegistration;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.ClientRegistrationStore;
import dev.ssokit.spi.InitialAccessToken;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The registration endpoint, {@code POST {issuer}/register} (RFC 7591 §3): registers a client from
 * its JSON metadata, with an initial access token ({@code Authorization: Bearer}) whose policy bounds
 * what the client may have, or without one when open registration is enabled. Answers 201 with the
 * client information (RFC 7591 §3.2.1) and the registration access token and
 * {@code registration_client_uri} of RFC 7592.
 *
 * <p>IMPORTANT: a single-use initial access token is used only by a registration that passed every
 * check, and then exactly once across instances.
 */
final class RegistrationEndpoint implements Endpoint {
  /** Largest registration body read (the servlet filter bounds every body further out). */
  static final int MAX_BODY_CHARS = 16 * 1024;

  private final RegisteredClients registered;
  private final ClientRegistrationStore store;
  private final boolean open;
  private final Clock clock;

  RegistrationEndpoint(RegisteredClients registered, ClientRegistrationStore store, boolean open, Clock clock) {
    this.registered = registered;
    this.store = store;
    this.open = open;
    this.clock = clock;
  }

  @Override
  public HTTPResponse handle(HTTPRequest request) {
    if (!HTTPRequest.Method.POST.equals(request.getMethod())) {
      return Responses.methodNotAllowed("POST");
    }
    Optional<InitialAccessToken> token = Optional.empty();
    String presented = RegistrationErrors.bearer(request.getAuthorization());
    Instant now = clock.instant();
    if (presented != null) {
      token = store.findInitialAccessToken(OpaqueToken.hash(presented))
          .filter(t -> now.isBefore(t.expiresAt()) && !(t.singleUse() && t.usedAt() != null));
      if (token.isEmpty()) {
        return RegistrationErrors.unauthorized("invalid_token", "the initial access token is invalid, expired or used");
      }
    } else if (!open) {
      return RegistrationErrors.unauthorized(null, "registration needs an initial access token (Authorization: Bearer)");
    }
    Map<String, Object> metadata;
    try {
      metadata = json(request);
    } catch (IllegalArgumentException e) {
      return Responses.error(RegistrationError.INVALID_CLIENT_METADATA, e.getMessage());
    }
    RegistrationPolicy policy = token.map(RegistrationPolicy::of).orElseGet(RegistrationPolicy::open);
    ClientRegistration registration;
    try {
      registration = registered.read(metadata, policy);
    } catch (IllegalArgumentException e) {
      return RegistrationErrors.of(e);
    }
    if (token.isPresent() && store.useInitialAccessToken(token.get().tokenHash(), now).isEmpty()) {
      // another registration used the single-use token meanwhile
      return RegistrationErrors.unauthorized("invalid_token", "the initial access token is invalid, expired or used");
    }
    Map<String, Object> answer = registered.register(registration, token.orElse(null),
        request.getClientIPAddress());
    HTTPResponse response = Responses.json(201, answer);
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Location", (String) answer.get("registration_client_uri"));
    return response;
  }

  /** The body as one JSON object of at most {@link #MAX_BODY_CHARS}. */
  static Map<String, Object> json(HTTPRequest request) {
    String type = request.getHeaderValue("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new IllegalArgumentException("the body must be application/json");
    }
    String body = request.getBody();
    if (body == null || body.isBlank()) {
      throw new IllegalArgumentException("the body must be a JSON object of client metadata");
    }
    if (body.length() > MAX_BODY_CHARS) {
      throw new IllegalArgumentException("the body is larger than " + MAX_BODY_CHARS + " characters");
    }
    try {
      return JSONObjectUtils.parse(body);
    } catch (java.text.ParseException | RuntimeException | StackOverflowError e) {
      throw new IllegalArgumentException("the body is not a JSON object");
    }
  }
}
