package dev.ssokit.internal.logout;

import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientOptions;
import dev.ssokit.spi.ClientStore;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * OIDC Front-Channel Logout 1.0: the {@code frontchannel_logout_uri} of every client of an ended
 * session, to be rendered as iframes on the logged-out page.
 */
final class FrontChannelLogout {
  private final String issuer;
  private final ClientStore clients;

  FrontChannelLogout(String issuer, ClientStore clients) {
    this.issuer = issuer;
    this.clients = clients;
  }

  /** The iframe URLs for the clients of session {@code sid}. */
  List<URI> iframes(List<String> clientIds, String sid) {
    List<URI> out = new ArrayList<>();
    for (String clientId : clientIds) {
      ClientOptions o = clients.find(clientId).map(Client::options).orElse(null);
      if (o == null || o.frontchannelLogoutUri() == null) {
        continue;
      }
      URI uri = o.frontchannelLogoutUri();
      if (!o.frontchannelLogoutSessionRequired()) {
        out.add(uri);
        continue;
      }
      // Front-Channel Logout §2: iss and sid as query parameters when the client registered
      // frontchannel_logout_session_required
      String query = "iss=" + URLEncoder.encode(issuer, StandardCharsets.UTF_8) + "&sid="
          + URLEncoder.encode(sid, StandardCharsets.UTF_8);
      out.add(URI.create(uri + (uri.getRawQuery() == null ? "?" : "&") + query));
    }
    return out;
  }
}
