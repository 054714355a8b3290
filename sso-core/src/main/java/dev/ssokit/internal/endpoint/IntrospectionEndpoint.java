package dev.ssokit.internal.endpoint;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenIntrospectionRequest;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import dev.ssokit.VerifiedAccessToken;
import dev.ssokit.internal.client.ClientAuthenticator;
import dev.ssokit.internal.dpop.DPoPProofCheck;
import dev.ssokit.internal.http.CacheReads;
import dev.ssokit.internal.http.OAuthException;
import dev.ssokit.internal.http.Parameters;
import dev.ssokit.internal.http.ReadAheadEndpoint;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.subject.SubjectIdentifiers;
import dev.ssokit.internal.token.AccessTokenVerifier;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.internal.token.SigningKeys;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.RefreshToken;
import dev.ssokit.spi.RefreshTokenStore;
import java.time.Clock;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /introspect} (RFC 7662): tells an authenticated confidential client whether a token is
 * active. An access token is described to the client it was issued to, to a client in its audience,
 * and to resource servers registered with {@code introspect_all_tokens}; a refresh token only to the
 * client it belongs to. Everyone else learns {@code {"active":false}}.
 */
public final class IntrospectionEndpoint implements ReadAheadEndpoint {
  private static final Map<String, Object> INACTIVE = Map.of("active", false);
  /** RFC 9701 §5: media type of a JWT introspection answer, and its JOSE {@code typ}. */
  private static final String JWT_MEDIA_TYPE = "application/token-introspection+jwt";
  private static final JOSEObjectType JWT_RESPONSE = new JOSEObjectType("token-introspection+jwt");

  private final ClientAuthenticator authenticator;
  private final AccessTokenVerifier verifier;
  private final RefreshTokenStore refreshTokens;
  private final String issuer;
  private final Clock clock;
  private final int maxParameterLength;
  private final SigningKeys keys;
  private final SubjectIdentifiers subjects;

  public IntrospectionEndpoint(ClientAuthenticator authenticator, AccessTokenVerifier verifier,
                               RefreshTokenStore refreshTokens, String issuer, Clock clock, int maxParameterLength,
                               SigningKeys keys, SubjectIdentifiers subjects) {
    this.keys = keys;
    this.subjects = subjects;
    this.authenticator = authenticator;
    this.verifier = verifier;
    this.refreshTokens = refreshTokens;
    this.issuer = issuer;
    this.clock = clock;
    this.maxParameterLength = maxParameterLength;
  }

  /** The cache entries verifying the presented token reads (its revocation markers), read with the limits. */
  @Override
  public List<String> cacheKeys(HTTPRequest request) {
    if (!HTTPRequest.Method.POST.equals(request.getMethod())) {
      return List.of();
    }
    try {
      List<String> token = request.getBodyAsFormParameters().get("token");
      return token == null || token.size() != 1 ? List.of() : verifier.cacheKeys(token.get(0));
    } catch (ParseException | RuntimeException e) {
      return List.of(); // handle answers the malformed request
    }
  }

  @Override
  public HTTPResponse handle(HTTPRequest request, CacheReads readAhead) {
    if (!HTTPRequest.Method.POST.equals(request.getMethod())) {
      return Responses.methodNotAllowed("POST");
    }
    Parameters.of(request, maxParameterLength);
    TokenIntrospectionRequest parsed;
    try {
      parsed = TokenIntrospectionRequest.parse(request);
    } catch (ParseException e) {
      return Responses.error(OAuth2Error.INVALID_REQUEST, e.getMessage());
    }
    Client caller = authenticator.authenticate(parsed.getClientAuthentication(), null);
    if (caller.isPublic()) {
      throw OAuthException.invalidClient("introspection requires a confidential client", false);
    }
    String token = parsed.getToken().getValue();
    Map<String, Object> answer = verifier.verify(token, readAhead)
        .map(t -> mayIntrospect(caller, t) ? describe(t) : INACTIVE)
        .orElseGet(() -> describeRefresh(token, caller));
    String accept = request.getAccept();
    if (accept != null && accept.toLowerCase(Locale.ROOT).contains(JWT_MEDIA_TYPE)) {
      return signed(caller, answer);
    }
    HTTPResponse r = Responses.json(200, answer);
    r.setHeader("Cache-Control", "no-store");
    return r;
  }

  /**
   * RFC 9701 §5: the answer as a JWT signed by the provider, for the calling resource server
   * ({@code aud}), the introspection answer in {@code token_introspection}, no other claims of the token.
   */
  private HTTPResponse signed(Client caller, Map<String, Object> answer) {
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(caller.clientId())
        .issueTime(Date.from(clock.instant()))
        .claim("token_introspection", answer)
        .build();
    HTTPResponse r = new HTTPResponse(200);
    r.setHeader("Content-Type", JWT_MEDIA_TYPE);
    r.setHeader("Cache-Control", "no-store");
    r.setBody(keys.signCompact(JWT_RESPONSE, claims));
    return r;
  }

  /**
   * RFC 7662 §2.2 / §4: the authorization server decides which tokens a caller may learn about; here the
   * tokens issued to it and those meant for it (it is in {@code aud}), or every token for a resource
   * server registered with {@code introspect_all_tokens}. Any other token is answered inactive, so the
   * answer reveals nothing (not even that the token exists).
   */
  private static boolean mayIntrospect(Client caller, VerifiedAccessToken t) {
    return caller.options().introspectAllTokens() || caller.clientId().equals(t.clientId())
        || t.audience().contains(caller.clientId());
  }

  private Map<String, Object> describe(VerifiedAccessToken t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("active", true);
    String jkt = DPoPProofCheck.boundKey(t);
    // RFC 9449 §6.2: a bound token is described with its key's thumbprint
    m.put("token_type", jkt != null ? "DPoP" : "Bearer");
    if (jkt != null) {
      m.put("cnf", Map.of("jkt", jkt));
    }
    m.put("scope", String.join(" ", t.scopes().stream().sorted().toList()));
    m.put("client_id", t.clientId());
    m.put("sub", t.subject());
    m.put("aud", t.audience());
    m.put("iss", issuer);
    m.put("exp", t.expiresAt().getEpochSecond());
    if (t.issuedAt() != null) {
      m.put("iat", t.issuedAt().getEpochSecond());
    }
    m.put("jti", t.jti());
    return m;
  }

  private Map<String, Object> describeRefresh(String token, Client caller) {
    RefreshToken rt = refreshTokens.find(OpaqueToken.hash(token)).orElse(null);
    if (rt == null || rt.used() || rt.revoked() || !clock.instant().isBefore(rt.expiresAt())
        || !rt.clientId().equals(caller.clientId())) {
      return INACTIVE;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("active", true);
    m.put("token_type", "refresh_token");
    m.put("scope", String.join(" ", rt.scopes().stream().sorted().toList()));
    m.put("client_id", rt.clientId());
    m.put("sub", subjects.forClient(caller, rt.subject())); // the refresh token's own client: its sub (OIDC Core §8)
    m.put("iss", issuer);
    m.put("exp", rt.expiresAt().getEpochSecond());
    m.put("iat", rt.issuedAt().getEpochSecond());
    return m;
  }
}
