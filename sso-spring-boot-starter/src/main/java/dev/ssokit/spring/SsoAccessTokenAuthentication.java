package dev.ssokit.spring;

import dev.ssokit.VerifiedAccessToken;
import java.util.Map;
import java.util.Objects;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * The Spring Security {@code Authentication} of a request to {@code sso.bearer.paths} that carried
 * a valid access token of this provider: principal and name are the token's subject, authorities
 * {@code SCOPE_<scope>} per granted scope (as Spring's own resource server names them), so
 * {@code hasAuthority('SCOPE_api')} works in {@code authorizeHttpRequests} and {@code @PreAuthorize}.
 *
 * <p>IMPORTANT: the token value itself is not kept (credentials are empty); the verified claims are,
 * in memory only: a deserialized instance has none.
 */
public final class SsoAccessTokenAuthentication extends AbstractAuthenticationToken {
  private static final long serialVersionUID = 1L;

  private final transient VerifiedAccessToken token;
  /** The token's {@code sub}: the one part of the authentication kept in its serialized form. */
  private final String subject;

  /**
   * An authenticated token for {@code token}, which the provider has verified; its scopes become
   * {@code SCOPE_<scope>} authorities.
   *
   * @param token the verified access token; not null
   */
  public SsoAccessTokenAuthentication(VerifiedAccessToken token) {
    super(token.scopes().stream().sorted().map(scope -> new SimpleGrantedAuthority("SCOPE_" + scope)).toList());
    this.token = Objects.requireNonNull(token, "token");
    this.subject = token.subject();
    setAuthenticated(true);
  }

  /** The token's {@code sub}: the user, or the client itself for client_credentials. */
  @Override
  public String getPrincipal() {
    return subject;
  }

  /** Empty: the token value is not kept once verified. */
  @Override
  public Object getCredentials() {
    return "";
  }

  /** {@return the verified token (subject, client id, scopes, audience, lifetime, jti), or null once deserialized} */
  public VerifiedAccessToken getToken() {
    return token;
  }

  /**
   * Every claim of the token (RFC 9068 §2.2), as Spring's {@code JwtAuthenticationToken#getTokenAttributes}.
   *
   * @return the claims by name; empty once deserialized
   */
  public Map<String, Object> getTokenAttributes() {
    return token == null ? Map.of() : token.claims();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SsoAccessTokenAuthentication that && super.equals(that) && Objects.equals(subject, that.subject);
  }

  @Override
  public int hashCode() {
    return 31 * super.hashCode() + Objects.hashCode(subject);
  }
}
