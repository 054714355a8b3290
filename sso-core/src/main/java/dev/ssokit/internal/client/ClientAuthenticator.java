package dev.ssokit.internal.client;

import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.ssokit.internal.http.OAuthException;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientStore;

/**
 * Client authentication at the token, introspection and revocation endpoints (RFC 6749 §2.3,
 * OAuth 2.1 §2.4): client_secret_basic, client_secret_post, or none for public clients.
 *
 * <p>IMPORTANT: a client must use the method it registered; every failure is the same
 * invalid_client answer, so it does not reveal which client ids exist.
 */
public final class ClientAuthenticator {
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
    // Check the secret even for unknown clients' sake of uniform answers; the method must match registration.
    if (client == null || client.isPublic() || !ClientSecrets.matches(secret, client.secretHash())
        || !client.tokenEndpointAuthMethod().equals(auth.getMethod().getValue())) {
      throw OAuthException.invalidClient("client authentication failed", basic);
    }
    return client;
  }
}
