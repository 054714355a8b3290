package dev.ssokit.internal.client;

import dev.ssokit.spi.Client;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Redirect URI matching: exact string comparison (OAuth 2.1 §2.3.1, RFC 9700 §4.1.3), except that
 * native clients may use any port on a loopback IP literal (RFC 8252 §7.3).
 */
public final class RedirectUris {
  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "[::1]", "localhost");

  private RedirectUris() {}

  /**
   * The redirect URI to use for {@code client}, or empty when {@code requested} is not registered.
   * A missing {@code requested} is allowed only when the client registered exactly one URI.
   */
  public static Optional<URI> match(Client client, String requested) {
    if (requested == null) {
      return client.redirectUris().size() == 1 ? Optional.of(client.redirectUris().get(0)) : Optional.empty();
    }
    for (URI registered : client.redirectUris()) {
      if (registered.toString().equals(requested)) {
        return Optional.of(registered);
      }
    }
    if (Client.APPLICATION_TYPE_NATIVE.equals(client.applicationType())) {
      return loopback(client, requested);
    }
    return Optional.empty();
  }

  private static Optional<URI> loopback(Client client, String requested) {
    URI uri;
    try {
      uri = new URI(requested);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null || !LOOPBACK.contains(uri.getHost())
        || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      return Optional.empty();
    }
    for (URI registered : client.redirectUris()) {
      if ("http".equals(registered.getScheme()) && uri.getHost().equals(registered.getHost())
          && Objects.equals(uri.getRawPath(), registered.getRawPath())
          && Objects.equals(uri.getRawQuery(), registered.getRawQuery())) {
        return Optional.of(uri);
      }
    }
    return Optional.empty();
  }
}
