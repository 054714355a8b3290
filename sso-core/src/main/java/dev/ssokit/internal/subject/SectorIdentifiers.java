package dev.ssokit.internal.subject;

import com.nimbusds.jose.util.JSONArrayUtils;
import dev.ssokit.internal.http.SafeFetcher;
import java.net.URI;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code sector_identifier_uri} check of OIDC Core §8.1 / Registration §5: the URL is fetched through
 * the {@link SafeFetcher} (https only, public addresses, bounded size and time) and must hold a JSON array
 * of strings listing every redirect URI of the client.
 *
 * <p>IMPORTANT: run when a client is created or changed (admin API, seed file, {@code Clients}), never while
 * serving a protocol request; a failure is an {@link IllegalArgumentException} naming the field.
 */
public final class SectorIdentifiers {
  private final SafeFetcher fetcher;

  /** @param fetcher the provider's safe fetcher */
  public SectorIdentifiers(SafeFetcher fetcher) {
    this.fetcher = fetcher;
  }

  /**
   * Fetches {@code sectorIdentifierUri} and checks that it lists every one of {@code redirectUris}.
   *
   * @param sectorIdentifierUri the client's {@code sector_identifier_uri}
   * @param redirectUris        the client's {@code redirect_uris}
   * @throws IllegalArgumentException naming {@code sector_identifier_uri} when it cannot be fetched, is not a
   *     JSON array of strings, or misses a redirect URI
   */
  public void check(URI sectorIdentifierUri, List<URI> redirectUris) {
    List<Object> listed;
    try {
      listed = JSONArrayUtils.parse(fetcher.get(sectorIdentifierUri).text());
    } catch (SafeFetcher.FetchException e) {
      throw new IllegalArgumentException("sector_identifier_uri: cannot be fetched: " + e.getMessage(), e);
    } catch (ParseException e) {
      throw new IllegalArgumentException("sector_identifier_uri: must return a JSON array of redirect URIs", e);
    }
    Set<String> uris = new HashSet<>();
    for (Object o : listed) {
      if (!(o instanceof String uri)) {
        throw new IllegalArgumentException("sector_identifier_uri: must return a JSON array of strings");
      }
      uris.add(uri);
    }
    for (URI redirect : redirectUris) {
      if (!uris.contains(redirect.toString())) {
        throw new IllegalArgumentException("sector_identifier_uri: does not list the redirect URI " + redirect);
      }
    }
  }
}
