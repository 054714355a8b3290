package dev.ssokit.internal.registration;

import com.nimbusds.jose.jwk.JWKSet;
import dev.ssokit.ClientRegistration;
import dev.ssokit.Clients;
import dev.ssokit.internal.admin.ApplicationMetadata;
import dev.ssokit.internal.client.ClientRemoval;
import dev.ssokit.internal.client.ClientSecrets;
import dev.ssokit.internal.client.InvalidMetadata;
import dev.ssokit.internal.http.SafeFetcher;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientRegistrationStore;
import dev.ssokit.spi.ClientStore;
import dev.ssokit.spi.DynamicRegistration;
import dev.ssokit.spi.InitialAccessToken;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clients of dynamic registration: metadata read with the admin API's own validation
 * ({@link ApplicationMetadata#parse}), held to a {@link RegistrationPolicy}, a {@code jwks_uri}
 * fetched through the {@link SafeFetcher}; each client with a registration access token kept as a
 * hash (RFC 7592 §1). Every write is an audit event and one structured log line, without secrets.
 */
final class RegisteredClients {
  private static final Logger LOG = LoggerFactory.getLogger("dev.ssokit.registration");
  /** RFC 7591 §2: the only response type of the code flow, the one this provider supports. */
  private static final String RESPONSE_TYPES = "response_types";
  private static final Set<String> SECRET_METHODS = Set.of(Client.AUTH_CLIENT_SECRET_BASIC,
      Client.AUTH_CLIENT_SECRET_POST);

  private final String configurationUri;
  private final Clients clients;
  private final ClientStore clientStore;
  private final ClientRegistrationStore store;
  private final ClientRemoval removal;
  private final SafeFetcher fetcher;
  private final AuditLog auditLog;
  private final Clock clock;

  /** @param configurationUri the absolute URL of {@code /register/} (a client id follows) */
  RegisteredClients(String configurationUri, Clients clients, ClientStore clientStore, ClientRegistrationStore store,
      ClientRemoval removal, SafeFetcher fetcher, AuditLog auditLog, Clock clock) {
    this.configurationUri = configurationUri;
    this.clients = clients;
    this.clientStore = clientStore;
    this.store = store;
    this.removal = removal;
    this.fetcher = fetcher;
    this.auditLog = auditLog;
    this.clock = clock;
  }

  /**
   * Reads a registration (RFC 7591 §2): names this provider does not know are ignored, as §2 asks;
   * {@code response_types} may only be {@code code}; {@code client_id} and {@code client_secret} are
   * the server's to assign.
   *
   * @throws IllegalArgumentException naming the field at fault
   */
  ClientRegistration read(Map<String, Object> metadata, RegistrationPolicy policy) {
    if (metadata.containsKey("client_id")) {
      throw new InvalidMetadata("client_id", "is assigned by the server");
    }
    if (metadata.containsKey("client_secret")) {
      throw new InvalidMetadata("client_secret", "is assigned by the server");
    }
    return validated(metadata, Map.of(), policy);
  }

  /**
   * Registers a client: stored, with its registration access token and the policy it registered under;
   * the answer carries both secrets once.
   *
   * @param initialAccessToken the token it registered with, or {@code null} (open registration)
   */
  Map<String, Object> register(ClientRegistration r, InitialAccessToken initialAccessToken, String ip) {
    Clients.Registered registered = clients.register(r);
    Client client = registered.client();
    String registrationToken = OpaqueToken.generate();
    store.saveRegistration(DynamicRegistration.of(client.clientId(), OpaqueToken.hash(registrationToken),
        initialAccessToken));
    audit("client_registration.created", client.clientId(), ip, initialAccessToken == null ? Map.of()
        : Map.of("initial_access_token", initialAccessToken.id()));
    return answer(client, registered.clientSecret(), registrationToken);
  }

  /** A registered client and its registration, as its registration access token showed them. */
  record Registered(Client client, DynamicRegistration registration) {}

  /** The client whose registration access token is {@code token}; empty for any other (RFC 7592 §2: 401). */
  Optional<Registered> authenticate(String clientId, String token) {
    if (token == null) {
      return Optional.empty();
    }
    Optional<DynamicRegistration> registration = store.findRegistration(clientId);
    if (registration.isEmpty() || !OpaqueToken.equalsConstantTime(registration.get().registrationAccessTokenHash(),
        OpaqueToken.hash(token))) {
      return Optional.empty();
    }
    return clientStore.find(clientId).map(c -> new Registered(c, registration.get()));
  }

  /** RFC 7592 §2.1: the client's current metadata; the registration access token presented is the one answered. */
  Map<String, Object> answer(Client client, String registrationToken) {
    return answer(client, null, registrationToken);
  }

  /**
   * RFC 7592 §2.2: replaces the client's metadata with {@code metadata} (omitted fields go back to
   * their defaults), within the policy it registered under; {@code client_id} must be the client's, a
   * {@code client_secret} must be its current one. The registration access token is rotated: the
   * answer carries the new one, the presented one stops working.
   *
   * @return the answer, or empty when another update rotated {@code registrationToken} first
   * @throws IllegalArgumentException naming the field at fault
   */
  Optional<Map<String, Object>> update(Registered registered, Map<String, Object> metadata, String registrationToken,
      String ip) {
    Client existing = registered.client();
    if (!existing.clientId().equals(metadata.get("client_id"))) {
      throw new InvalidMetadata("client_id", "required, and must be this client's id");
    }
    Object secret = metadata.get("client_secret");
    if (secret != null && !(secret instanceof String s && existing.secretHash() != null
        && ClientSecrets.matches(s, existing.secretHash()))) {
      throw new InvalidMetadata("client_secret", "must be the current secret; the server assigns secrets");
    }
    Map<String, Object> body = new LinkedHashMap<>(metadata);
    body.remove("client_secret");
    // what only an operator sets stays as the operator set it (the client may send it back unchanged)
    Map<String, Object> kept = new LinkedHashMap<>(existing.options().toMetadata());
    kept.keySet().retainAll(RegistrationPolicy.OPERATOR_ONLY);
    kept.values().removeIf(java.util.Objects::isNull);
    kept.forEach((name, value) -> {
      if (value.equals(body.get(name))) {
        body.remove(name);
      }
    });
    ClientRegistration r = validated(body, kept, RegistrationPolicy.of(registered.registration()));
    String plainSecret = null;
    String secretHash = null;
    if (SECRET_METHODS.contains(r.tokenEndpointAuthMethod())) {
      secretHash = existing.secretHash();
      if (secretHash == null) {
        // a client that starts using a secret gets one, shown this once
        plainSecret = ClientSecrets.generate();
        secretHash = ClientSecrets.hashGenerated(plainSecret);
      }
    }
    String newToken = OpaqueToken.generate();
    if (!store.rotateRegistrationAccessToken(existing.clientId(), OpaqueToken.hash(registrationToken),
        OpaqueToken.hash(newToken))) {
      return Optional.empty();
    }
    Client updated = ApplicationMetadata.replace(existing, r, secretHash);
    if (!clientStore.update(updated)) {
      throw new InvalidMetadata("client_id", "the client was deleted meanwhile");
    }
    audit("client_registration.updated", existing.clientId(), ip, plainSecret == null ? Map.of()
        : Map.of("secret", "generated"));
    return Optional.of(answer(updated, plainSecret, newToken));
  }

  /** RFC 7592 §2.3: deletes the client and ends what it was granted; false when it is already gone. */
  boolean delete(Client client, String ip) {
    Optional<ClientRemoval.Removed> removed = removal.remove(client.clientId());
    removed.ifPresent(r -> audit("client_registration.deleted", client.clientId(), ip,
        Map.of("refresh_tokens_revoked", String.valueOf(r.refreshTokensRevoked()),
            "consents_revoked", String.valueOf(r.consentsRevoked()))));
    return removed.isPresent();
  }

  /**
   * The admin API's validation, then the policy, then the {@code jwks_uri} check; unknown names are
   * dropped one by one (RFC 7591 §2: ignored), {@code kept} is added after the policy check.
   */
  private ClientRegistration validated(Map<String, Object> metadata, Map<String, Object> kept,
      RegistrationPolicy policy) {
    Map<String, Object> m = new LinkedHashMap<>(metadata);
    checkResponseTypes(m.remove(RESPONSE_TYPES));
    RegistrationPolicy.checkOperatorOnly(m);
    m.putAll(kept);
    ClientRegistration r;
    while (true) {
      try {
        r = ApplicationMetadata.parse(m);
        break;
      } catch (IllegalArgumentException e) {
        InvalidMetadata invalid = InvalidMetadata.of(e);
        if (invalid == null || !"unknown client metadata field".equals(invalid.detail())
            || m.remove(invalid.field()) == null) {
          throw e;
        }
      }
    }
    policy.check(r);
    checkJwksUri(r.options().jwksUri());
    return r;
  }

  private static void checkResponseTypes(Object responseTypes) {
    if (responseTypes != null && !List.of("code").equals(responseTypes)) {
      throw new InvalidMetadata(RESPONSE_TYPES, "only [\"code\"] is supported");
    }
  }

  /** A registered jwks_uri must answer a JWK Set now, fetched as every client URL is (no private addresses). */
  private void checkJwksUri(URI jwksUri) {
    if (jwksUri == null) {
      return;
    }
    try {
      JWKSet set = JWKSet.parse(fetcher.get(jwksUri).text());
      if (set.getKeys().isEmpty()) {
        throw new InvalidMetadata("jwks_uri", "the JWK Set holds no key");
      }
    } catch (SafeFetcher.FetchException e) {
      throw new InvalidMetadata("jwks_uri", "cannot be fetched: " + e.getMessage());
    } catch (ParseException e) {
      throw new InvalidMetadata("jwks_uri", "does not answer a JWK Set");
    }
  }

  private Map<String, Object> answer(Client client, String plainSecret, String registrationToken) {
    Map<String, Object> m = ApplicationMetadata.of(client);
    m.values().removeIf(java.util.Objects::isNull);
    if (plainSecret != null) {
      m.put("client_secret", plainSecret);
    }
    if (client.secretHash() != null) {
      m.put("client_secret_expires_at", 0); // RFC 7591 §3.2.1: the secret does not expire
    }
    m.put("registration_access_token", registrationToken);
    m.put("registration_client_uri", configurationUri + URLEncoder.encode(client.clientId(), StandardCharsets.UTF_8));
    return m;
  }

  private void audit(String type, String clientId, String ip, Map<String, String> details) {
    auditLog.append(new AuditEvent(clock.instant(), type, null, clientId, ip, details));
    LOG.info("client_registration type={} client_id={} details={}", type, clientId, details);
  }
}
