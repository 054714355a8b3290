package dev.ssokit.internal.grant;

import com.nimbusds.oauth2.sdk.ErrorObject;
import dev.ssokit.internal.http.OAuthException;
import dev.ssokit.spi.Client;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code aud} of an access token: the RFC 8707 {@code resource} values asked for, else the issuer.
 *
 * <p>IMPORTANT: a client gets only the resources it registered ({@code allowed_resources}); anything
 * else is {@code invalid_target}, at every grant including refresh, so no client can mint a token
 * for another party's API.
 */
public final class Audiences {
  /** RFC 8707 §2: the error for an unacceptable resource. */
  static final ErrorObject INVALID_TARGET = new ErrorObject("invalid_target", "Invalid resource", 400);

  private Audiences() {}

  /**
   * The {@code aud} of an access token from an authorization that named {@code authorized} resources
   * (RFC 8707 §2.2): the token request's {@code resource} values, each one of them, else all of them;
   * without authorized resources, as {@link #of(Client, List, String)}.
   */
  public static List<String> of(Client client, List<URI> resources, List<String> authorized, String issuer) {
    if (authorized.isEmpty()) {
      return of(client, resources, issuer);
    }
    if (resources == null || resources.isEmpty()) {
      return List.copyOf(authorized);
    }
    List<String> out = of(client, resources, issuer);
    for (String r : out) {
      if (!authorized.contains(r)) {
        throw new OAuthException(INVALID_TARGET, "resource was not part of the authorization request: " + r);
      }
    }
    return out;
  }

  /** The {@code aud} of an access token for the token request's {@code resource} values, else the issuer. */
  public static List<String> of(Client client, List<URI> resources, String issuer) {
    if (resources == null || resources.isEmpty()) {
      return List.of(issuer);
    }
    List<String> out = new ArrayList<>();
    for (URI r : resources) {
      if (!r.isAbsolute() || r.getRawFragment() != null) {
        throw new OAuthException(INVALID_TARGET, "resource must be an absolute URI without fragment");
      }
      // RFC 8707 §2: the server decides which resources a client may ask for; exact match of registered ones
      if (!client.options().allowedResources().contains(r)) {
        throw new OAuthException(INVALID_TARGET, "resource not allowed for this client: " + r);
      }
      out.add(r.toString());
    }
    return out;
  }
}
