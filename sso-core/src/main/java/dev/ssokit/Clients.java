package dev.ssokit;

import dev.ssokit.internal.client.ClientSecrets;
import dev.ssokit.internal.subject.SectorIdentifiers;
import dev.ssokit.internal.subject.SubjectIdentifiers;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientOptions;
import dev.ssokit.spi.ClientStore;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;

/**
 * Application (client) management: register, import, regenerate secrets, delete.
 *
 * <p>IMPORTANT: a generated client secret is returned exactly once, by {@link #register} or
 * {@link #regenerateSecret}; only its hash is stored.
 */
public final class Clients {
  private final ClientStore store;
  private final Clock clock;

  /**
   * A registered client and its plain secret, shown this once.
   *
   * @param client       the stored client
   * @param clientSecret the plain secret, or {@code null} for public clients; never logged
   */
  public record Registered(Client client, String clientSecret) {}

  private final SubjectIdentifiers subjects;
  private final SectorIdentifiers sectors;

  Clients(ClientStore store, Clock clock, SubjectIdentifiers subjects, SectorIdentifiers sectors) {
    this.store = store;
    this.clock = clock;
    this.subjects = subjects;
    this.sectors = sectors;
  }

  /**
   * Checks a registration as {@link #register}, {@link #importClient} and {@link #apply} do: its metadata
   * ({@link ClientRegistration#validate()}), then what needs the provider: a pairwise client needs the
   * {@code pairwiseSalt} setting, and a {@code sector_identifier_uri} is fetched and must list every
   * redirect URI (OIDC Core §8.1).
   *
   * @param registration the client's metadata
   * @throws IllegalArgumentException naming the field at fault
   */
  public void validate(ClientRegistration registration) {
    registration.validate();
    checkSector(registration);
  }

  private void checkSector(ClientRegistration registration) {
    ClientOptions o = registration.options();
    if (SubjectIdentifiers.PAIRWISE.equals(o.subjectType()) && !subjects.pairwiseSupported()) {
      throw new IllegalArgumentException("subject_type: pairwise needs the provider's pairwiseSalt setting");
    }
    if (o.sectorIdentifierUri() != null) {
      sectors.check(o.sectorIdentifierUri(), registration.redirectUris());
    }
  }

  /**
   * Registers a client with a generated id (unless given) and a generated 256-bit secret.
   *
   * @param registration the client's metadata
   * @return the client and its secret
   * @throws IllegalArgumentException naming the field at fault, or when the client id is taken
   */
  public Registered register(ClientRegistration registration) {
    validate(registration);
    // Only the secret-based methods get a secret: a public client has none, a private_key_jwt client its keys.
    boolean usesSecret = Set.of(Client.AUTH_CLIENT_SECRET_BASIC, Client.AUTH_CLIENT_SECRET_POST)
        .contains(registration.tokenEndpointAuthMethod());
    String secret = usesSecret ? ClientSecrets.generate() : null;
    Client client = toClient(registration, secret == null ? null : ClientSecrets.hashGenerated(secret));
    if (!store.create(client)) {
      throw new IllegalArgumentException("client_id: already registered: " + client.clientId());
    }
    return new Registered(client, secret);
  }

  /**
   * Creates a client with a secret chosen by an operator, unless a client with that id exists;
   * returns {@code false} and changes nothing then (idempotent seeding). The secret must carry at
   * least 128 bits (32+ characters from a random generator, e.g. {@code openssl rand -hex 32}) and is
   * stored as SHA-256 like generated ones, so checking it costs microseconds (issue 7 #1).
   *
   * @param registration the client's metadata, with a client id
   * @param chosenSecret the plain secret, or {@code null} for a public client; never logged
   * @return {@code false} when a client with that id already exists
   * @throws IllegalArgumentException naming the client when the secret is shorter, or naming the
   *     field at fault
   */
  public boolean importClient(ClientRegistration registration, String chosenSecret) {
    registration.validate();
    if (registration.clientId() == null) {
      throw new IllegalArgumentException("client_id: required to import a client");
    }
    boolean isPublic = !Set.of(Client.AUTH_CLIENT_SECRET_BASIC, Client.AUTH_CLIENT_SECRET_POST)
        .contains(registration.tokenEndpointAuthMethod());
    if (isPublic != (chosenSecret == null)) {
      throw new IllegalArgumentException("client_secret: " + (isPublic
          ? "a client with token_endpoint_auth_method " + registration.tokenEndpointAuthMethod() + " has no secret"
          : "required for a confidential client"));
    }
    String hash = null;
    if (!isPublic) {
      try {
        hash = ClientSecrets.hashDeclared(chosenSecret);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("client_secret of client " + registration.clientId() + ": "
            + e.getMessage().substring("client_secret: ".length()), e);
      }
    }
    if (store.find(registration.clientId()).isPresent()) {
      return false; // idempotent seeding: nothing fetched for a client that exists
    }
    checkSector(registration);
    return store.create(toClient(registration, hash));
  }

  /**
   * Makes the stored client {@code registration.clientId()} match {@code registration} (declarative
   * setup: the seed file in {@code apply} mode): every metadata field is replaced; the secret only when
   * {@code chosenSecret} is given (and no longer matches) or the client becomes public.
   *
   * @param registration the client as declared
   * @param chosenSecret the declared secret, or {@code null} to keep the stored one
   * @return {@code false} when the stored client already matched
   *
   * @throws IllegalArgumentException naming the field when the registration is invalid or the client
   *     does not exist, or when a client made confidential comes without a secret
   */
  public boolean apply(ClientRegistration registration, String chosenSecret) {
    registration.validate();
    Client existing = registration.clientId() == null ? null : store.find(registration.clientId()).orElse(null);
    if (existing == null) {
      throw new IllegalArgumentException("client_id: no such client: " + registration.clientId());
    }
    String hash = existing.secretHash();
    if (Client.AUTH_NONE.equals(registration.tokenEndpointAuthMethod())) {
      hash = null;
    } else if (chosenSecret != null && (hash == null || !ClientSecrets.matches(chosenSecret, hash))) {
      hash = ClientSecrets.hashDeclared(chosenSecret);
    } else if (hash == null) {
      throw new IllegalArgumentException("client_secret: required to make client " + registration.clientId()
          + " confidential");
    }
    Client updated = new Client(existing.clientId(), hash, registration.clientName(), registration.redirectUris(),
        registration.postLogoutRedirectUris(), registration.grantTypes(), registration.scope(),
        registration.tokenEndpointAuthMethod(), registration.applicationType(), registration.accessTokenFormat(),
        existing.createdAt(), registration.options());
    if (updated.equals(existing)) {
      return false;
    }
    checkSector(registration);
    return store.update(updated);
  }

  /**
   * Looks a client up.
   *
   * @param clientId the client id
   * @return the client, or empty when there is none
   */
  public Optional<Client> find(String clientId) {
    return store.find(clientId);
  }

  /**
   * Replaces the secret of a confidential client.
   *
   * @param clientId the client id
   * @return the new plain secret, shown this once
   * @throws IllegalArgumentException when there is no such client or it is public
   */
  public String regenerateSecret(String clientId) {
    Client client = store.find(clientId).orElseThrow(() -> new IllegalArgumentException("no such client: " + clientId));
    if (!client.usesSecret()) {
      throw new IllegalArgumentException("client " + clientId + " authenticates without a secret");
    }
    String secret = ClientSecrets.generate();
    store.update(client.withSecretHash(ClientSecrets.hashGenerated(secret)));
    return secret;
  }

  /**
   * Deletes a client.
   *
   * @param clientId the client id
   * @return {@code false} when there was none
   */
  public boolean delete(String clientId) {
    return store.delete(clientId);
  }

  private Client toClient(ClientRegistration r, String secretHash) {
    String id = r.clientId() != null ? r.clientId() : OpaqueToken.generate().substring(0, 22);
    return new Client(id, secretHash, r.clientName(), r.redirectUris(), r.postLogoutRedirectUris(), r.grantTypes(),
        r.scope(), r.tokenEndpointAuthMethod(), r.applicationType(), r.accessTokenFormat(), clock.instant(),
        r.options());
  }
}
