package dev.ssokit.internal.endpoint;

import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.SsoSettings;
import dev.ssokit.VerifiedAccessToken;
import dev.ssokit.internal.client.ClientAuthenticator;
import dev.ssokit.internal.http.Cors;
import dev.ssokit.internal.http.Endpoint;
import dev.ssokit.internal.http.OAuthException;
import dev.ssokit.internal.http.Parameters;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.token.AccessTokenVerifier;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.internal.token.RevocationList;
import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.Cache;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.RefreshToken;
import dev.ssokit.spi.RefreshTokenStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * {@code /revoke} (RFC 7009): a client revokes its own access or refresh token. Revoking a
 * refresh token revokes its whole grant, access tokens included (RFC 7009 §2.1). Unknown tokens
 * are answered 200 as the RFC requires.
 */
public final class RevocationEndpoint implements Endpoint {
  private final ClientAuthenticator authenticator;
  private final AccessTokenVerifier verifier;
  private final RefreshTokenStore refreshTokens;
  private final RevocationList revocations;
  private final Cache cache;
  private final AuditLog audit;
  private final SsoSettings settings;
  private final Clock clock;

  public RevocationEndpoint(ClientAuthenticator authenticator, AccessTokenVerifier verifier,
                            RefreshTokenStore refreshTokens, RevocationList revocations, Cache cache, AuditLog audit,
                            SsoSettings settings, Clock clock) {
    this.authenticator = authenticator;
    this.verifier = verifier;
    this.refreshTokens = refreshTokens;
    this.revocations = revocations;
    this.cache = cache;
    this.audit = audit;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public Cors.Policy cors() {
    return Cors.Policy.CLIENT_ORIGINS;
  }

  @Override
  public HTTPResponse handle(HTTPRequest request) {
    if (!HTTPRequest.Method.POST.equals(request.getMethod())) {
      return Responses.methodNotAllowed("POST");
    }
    Parameters params = Parameters.of(request, settings.maxParameterLength());
    if (request.getAuthorization() == null && params.get("client_id") == null
        && params.get("client_assertion") == null) {
      // RFC 7009 §2.1: the client authenticates (or, if public, identifies itself) as at the token endpoint;
      // without either it is an invalid_client, 401 with a Basic challenge (RFC 6749 §5.2), not a 400.
      throw OAuthException.invalidClient("client authentication required", true);
    }
    TokenRevocationRequest parsed;
    try {
      parsed = TokenRevocationRequest.parse(request);
    } catch (ParseException e) {
      return Responses.error(OAuth2Error.INVALID_REQUEST, e.getMessage());
    }
    Client client = authenticator.authenticate(parsed.getClientAuthentication(), parsed.getClientID());
    String token = parsed.getToken().getValue();
    Instant now = clock.instant();
    RefreshToken rt = refreshTokens.find(OpaqueToken.hash(token)).orElse(null);
    if (rt != null) {
      if (rt.clientId().equals(client.clientId())) {
        refreshTokens.revokeFamily(rt.familyId());
        revocations.revokeGrant(rt.familyId(), now.plus(settings.accessTokenLifetime()));
        audit.append(new AuditEvent(now, "token.revoked", rt.subject(), client.clientId(), request.getClientIPAddress(),
            Map.of("token_type", "refresh_token")));
      }
    } else {
      VerifiedAccessToken at = verifier.verify(token).orElse(null);
      if (at != null && client.clientId().equals(at.clientId())) {
        revocations.revokeToken(at.jti(), at.expiresAt());
        cache.delete(AccessTokenVerifier.OPAQUE_PREFIX + OpaqueToken.hash(token));
        audit.append(new AuditEvent(now, "token.revoked", verifier.localSubject(at), client.clientId(), request.getClientIPAddress(),
            Map.of("token_type", "access_token")));
      }
    }
    HTTPResponse r = new HTTPResponse(200);
    r.setHeader("Cache-Control", "no-store");
    return Cors.allowClientOrigin(request, r, client);
  }
}
