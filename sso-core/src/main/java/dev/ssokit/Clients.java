package dev.ssokit;

import dev.ssokit.internal.client.ClientRemoval;
import dev.ssokit.internal.client.ClientSecretCipher;
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
  /** The methods whose clients get a secret. */
  private static final Set<String> SECRET_METHODS = Set.of(Client.AUTH_CLIENT_SECRET_BASIC,
      Client.AUTH_CLIENT_SECRET_POST, Client.AUTH_CLIENT_SECRET_JWT);
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
  private final ClientSecretCipher cipher;
  private final ClientRemoval removal;

  Clients(ClientStore store, Clock clock, SubjectIdentifiers subjects, SectorIdentifiers sectors,
          ClientSecretCipher cipher, ClientRemoval removal) {
    this.cipher = cipher;
    this.removal = removal;
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

  /**
   * The stored form of a secret for a client authenticating with {@code tokenEndpointAuthMethod}: its
   * SHA-256, or for {@code client_secret_jwt} the secret encrypted under the {@code keyEncryptionSecret}
   * setting (an HMAC cannot be checked against a hash). The secret must carry 128 bits (32+ characters).
   *
   * @param tokenEndpointAuthMethod the client's {@code token_endpoint_auth_method}
   * @param secret                  the plain secret; never logged
   * @return the value for {@link Client#secretHash()}
   * @throws IllegalArgumentException naming {@code client_secret} when the secret is too weak, or
   *     {@code token_endpoint_auth_method} when client_secret_jwt has no key to encrypt with
   */
  public String storedSecret(String tokenEndpointAuthMethod, String secret) {
    String hash = ClientSecrets.hashDeclared(secret);
    return Client.AUTH_CLIENT_SECRET_JWT.equals(tokenEndpointAuthMethod) ? cipher.seal(secret) : hash;
  }

  /** True when {@code stored} is the right form for the method: encrypted exactly for client_secret_jwt. */
  private static boolean storedFormFits(String tokenEndpointAuthMethod, String stored) {
    return stored != null && Client.AUTH_CLIENT_SECRET_JWT.equals(tokenEndpointAuthMethod)
        == stored.startsWith(ClientSecretCipher.PREFIX);
  }

  private boolean storedMatches(String stored, String secret) {
    if (stored != null && stored.startsWith(ClientSecretCipher.PREFIX)) {
      return cipher.open(stored).map(s -> OpaqueToken.equalsConstantTime(s, secret)).orElse(false);
    }
    return ClientSecrets.matches(secret, stored);
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
    boolean usesSecret = SECRET_METHODS.contains(registration.tokenEndpointAuthMethod());
    String secret = usesSecret ? ClientSecrets.generate() : null;
    Client client = toClient(registration, secret == null ? null
        : storedSecret(registration.tokenEndpointAuthMethod(), secret));
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
    boolean isPublic = !SECRET_METHODS.contains(registration.tokenEndpointAuthMethod());
    if (isPublic != (chosenSecret == null)) {
      throw new IllegalArgumentException("client_secret: " + (isPublic
          ? "a client with token_endpoint_auth_method " + registration.tokenEndpointAuthMethod() + " has no secret"
          : "required for a confidential client"));
    }
    String hash = null;
    if (!isPublic) {
      try {
        hash = storedSecret(registration.tokenEndpointAuthMethod(), chosenSecret);
      } catch (IllegalArgumentException e) {
        if (!e.getMessage().startsWith("client_secret: ")) {
          throw e;
        }
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
    } else if (chosenSecret != null && (!storedFormFits(registration.tokenEndpointAuthMethod(), hash)
        || !storedMatches(hash, chosenSecret))) {
      hash = storedSecret(registration.tokenEndpointAuthMethod(), chosenSecret);
    } else if (hash == null) {
      throw new IllegalArgumentException("client_secret: required to make client " + registration.clientId()
          + " confidential");
    } else if (SECRET_METHODS.contains(registration.tokenEndpointAuthMethod())
        && !storedFormFits(registration.tokenEndpointAuthMethod(), hash)) {
      // a hash cannot become the key of an HMAC, nor should an encrypted secret stay one for a hashing method
      throw new IllegalArgumentException("client_secret: required to switch client " + registration.clientId()
          + " to or from client_secret_jwt");
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
    store.update(client.withSecretHash(storedSecret(client.tokenEndpointAuthMethod(), secret)));
    return secret;
  }

  /**
   * Deletes a client and ends what it was granted, as the admin API's delete does: its access tokens
   * at once (revocation list), its refresh tokens, its users' consents, its registration access token.
   *
   * @param clientId the client id
   * @return {@code false} when there was none
   */
  public boolean delete(String clientId) {
    return removal.remove(clientId).isPresent();
  }

  private Client toClient(ClientRegistration r, String secretHash) {
    String id = r.clientId() != null ? r.clientId() : OpaqueToken.generate().substring(0, 22);
    return new Client(id, secretHash, r.clientName(), r.redirectUris(), r.postLogoutRedirectUris(), r.grantTypes(),
        r.scope(), r.tokenEndpointAuthMethod(), r.applicationType(), r.accessTokenFormat(), clock.instant(),
        r.options());
  }
}
