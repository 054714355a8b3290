package dev.ssokit.internal.client;

import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.ssokit.internal.http.OAuthException;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client authentication at the token, introspection and revocation endpoints (RFC 6749 §2.3,
 * OAuth 2.1 §2.4): client_secret_basic, client_secret_post, or none for public clients.
 *
 * <p>IMPORTANT: a client must use the method it registered; every failure is the same
 * invalid_client answer, so it does not reveal which client ids exist. An unknown client costs
 * the same SHA-256 and constant-time comparison as a known one. A legacy argon2id hash (imported
 * secrets of earlier versions) costs more for its one client until its first success replaces it:
 * accepted, since those hashes disappear on first use and an unknown id cannot be told from a
 * client already upgraded.
 */
public final class ClientAuthenticator {
  private static final Logger LOG = LoggerFactory.getLogger(ClientAuthenticator.class);
  private final ClientStore clients;

  public ClientAuthenticator(ClientStore clients) {
    this.clients = clients;
  }

  /**
   * The authenticated client.
   *
   * @param auth      the credentials the request carried, or {@code null}
   * @param publicId  the {@code client_id} parameter of a request without credentials, or {@code null}
   */
  public Client authenticate(ClientAuthentication auth, ClientID publicId) {
    if (auth == null) {
      if (publicId == null) {
        throw OAuthException.invalidClient("client authentication required", true);
      }
      Client client = clients.find(publicId.getValue()).orElse(null);
      if (client == null || !client.isPublic()) {
        throw OAuthException.invalidClient("client authentication failed", true);
      }
      return client;
    }
    boolean basic = auth instanceof ClientSecretBasic;
    String secret;
    if (auth instanceof ClientSecretBasic b) {
      secret = b.getClientSecret().getValue();
    } else if (auth instanceof ClientSecretPost p) {
      secret = p.getClientSecret().getValue();
    } else {
      throw OAuthException.invalidClient("unsupported client authentication method " + auth.getMethod(), false);
    }
    Client client = clients.find(auth.getClientID().getValue()).orElse(null);
    // The secret is checked for unknown and public clients too (against a dummy hash): the same work,
    // the same answer. The method must match registration.
    boolean matches = ClientSecrets.matches(secret, client == null || client.isPublic() ? null : client.secretHash());
    if (!matches || !client.tokenEndpointAuthMethod().equals(auth.getMethod().getValue())) {
      throw OAuthException.invalidClient("client authentication failed", basic);
    }
    return upgraded(client, secret);
  }

  /** Replaces a legacy argon2id hash by SHA-256 once the secret is proven, when the secret carries 128 bits. */
  private Client upgraded(Client client, String secret) {
    if (!ClientSecrets.needsUpgrade(client.secretHash())) {
      return client;
    }
    if (!ClientSecrets.strongEnough(secret)) {
      // A weak secret stays behind argon2id (a fast hash would let a leaked table be brute-forced).
      LOG.warn("client {} authenticates with a secret below {} bits; regenerate it", client.clientId(),
          ClientSecrets.MIN_ENTROPY_BITS);
      return client;
    }
    Client fast = client.withSecretHash(ClientSecrets.hashGenerated(secret));
    clients.update(fast);
    return fast;
  }
}
