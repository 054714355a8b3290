package dev.ssokit.internal.registration;

import dev.ssokit.ClientRegistration;
import dev.ssokit.internal.client.InvalidMetadata;
import dev.ssokit.spi.DynamicRegistration;
import dev.ssokit.spi.InitialAccessToken;
import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a dynamically registered client may have (RFC 7591 §3: the server decides): the policy of
 * the initial access token it registered with, or the default one of open registration; an RFC 7592
 * update is held to the policy its registration kept. Every
 * refusal names the field at fault ({@link InvalidMetadata}).
 *
 * <p>IMPORTANT: the operator-only metadata ({@link #OPERATOR_ONLY}) is refused whatever the policy:
 * a client never vouches for itself ({@code first_party}), reads everyone's tokens
 * ({@code introspect_all_tokens}) or picks its owner, token lifetimes or exchange audiences.
 */
public final class RegistrationPolicy {
  /** Grant types a client gets when the policy names none. */
  public static final Set<String> DEFAULT_GRANT_TYPES = Set.of("authorization_code", "refresh_token",
      "client_credentials", "urn:ietf:params:oauth:grant-type:device_code");
  /** The admin API's scopes: only when the initial access token's policy names them. */
  public static final Set<String> RESERVED_SCOPES = Set.of("sso:admin", "sso:apps");
  /** Metadata only an operator sets, through the admin API or the seed file. */
  public static final Set<String> OPERATOR_ONLY = Set.of("first_party", "introspect_all_tokens", "owner",
      "access_token_lifetime", "id_token_lifetime", "refresh_token_lifetime", "token_exchange_audiences");
  /** Redirect URIs (and post-logout redirect URIs) a registration may carry, each list. */
  public static final int MAX_REDIRECT_URIS = 20;

  private final Set<String> grantTypes;
  private final Set<String> scopes;
  private final Set<String> reservedScopes;
  private final Set<String> redirectSchemes;

  /**
   * @param scopes          the only scopes allowed; empty for any
   * @param reservedScopes  which of the {@link #RESERVED_SCOPES} are allowed
   * @param redirectSchemes the only redirect URI schemes allowed; empty for any valid one
   */
  private RegistrationPolicy(Set<String> grantTypes, Set<String> scopes, Set<String> reservedScopes,
      Set<String> redirectSchemes) {
    this.grantTypes = Set.copyOf(grantTypes);
    this.scopes = Set.copyOf(scopes);
    this.reservedScopes = Set.copyOf(reservedScopes);
    this.redirectSchemes = Set.copyOf(redirectSchemes);
  }

  /** Open registration: the default grant types, any scope but the reserved ones, any valid redirect URI. */
  public static RegistrationPolicy open() {
    return new RegistrationPolicy(DEFAULT_GRANT_TYPES, Set.of(), Set.of(), Set.of());
  }

  /** The policy of an initial access token; what it leaves empty is the open policy's. */
  public static RegistrationPolicy of(InitialAccessToken token) {
    return of(token.allowedGrantTypes(), token.allowedScopes(), token.allowedRedirectUriSchemes());
  }

  /**
   * The policy of an RFC 7592 update: the one the client registered under, kept with its registration,
   * so an update keeps, but never widens, what the registration was given.
   */
  public static RegistrationPolicy of(DynamicRegistration registration) {
    return of(registration.allowedGrantTypes(), registration.allowedScopes(),
        registration.allowedRedirectUriSchemes());
  }

  private static RegistrationPolicy of(Set<String> grantTypes, Set<String> scopes, Set<String> redirectSchemes) {
    Set<String> reserved = new HashSet<>(scopes);
    reserved.retainAll(RESERVED_SCOPES);
    return new RegistrationPolicy(grantTypes.isEmpty() ? DEFAULT_GRANT_TYPES : grantTypes, scopes, reserved,
        redirectSchemes);
  }

  /**
   * Refuses the {@link #OPERATOR_ONLY} names in metadata as sent.
   *
   * @throws InvalidMetadata naming the first one found
   */
  public static void checkOperatorOnly(Map<String, Object> metadata) {
    for (String name : OPERATOR_ONLY) {
      if (metadata.containsKey(name)) {
        throw new InvalidMetadata(name, "is set by the operator, not at dynamic registration");
      }
    }
  }

  /**
   * Checks a registration against the policy.
   *
   * @throws InvalidMetadata naming the field the policy refuses
   */
  public void check(ClientRegistration r) {
    if (r.redirectUris().size() > MAX_REDIRECT_URIS) {
      throw new InvalidMetadata("redirect_uris", "at most " + MAX_REDIRECT_URIS + " URIs");
    }
    if (r.postLogoutRedirectUris().size() > MAX_REDIRECT_URIS) {
      throw new InvalidMetadata("post_logout_redirect_uris", "at most " + MAX_REDIRECT_URIS + " URIs");
    }
    for (String g : r.grantTypes()) {
      if (!grantTypes.contains(g)) {
        throw new InvalidMetadata("grant_types", g + " is not allowed for this registration");
      }
    }
    for (String s : r.scope()) {
      if (!scopes.isEmpty() && !scopes.contains(s) || RESERVED_SCOPES.contains(s) && !reservedScopes.contains(s)) {
        throw new InvalidMetadata("scope", s + " is not allowed for this registration");
      }
    }
    if (!redirectSchemes.isEmpty()) {
      for (URI uri : r.redirectUris()) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!redirectSchemes.contains(scheme)) {
          throw new InvalidMetadata("redirect_uris", "the scheme " + scheme + " is not allowed for this registration");
        }
      }
    }
  }
}
