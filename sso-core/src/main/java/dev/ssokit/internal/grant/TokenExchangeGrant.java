package dev.ssokit.internal.grant;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.GrantType;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.oauth2.sdk.token.TokenTypeURI;
import com.nimbusds.oauth2.sdk.token.Tokens;
import dev.ssokit.SsoSettings;
import dev.ssokit.VerifiedAccessToken;
import dev.ssokit.internal.http.OAuthException;
import dev.ssokit.internal.http.Responses;
import dev.ssokit.internal.token.AccessTokenVerifier;
import dev.ssokit.spi.Client;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code grant_type=urn:ietf:params:oauth:grant-type:token-exchange} (RFC 8693): a client trades an
 * access token this provider issued for another one, for itself as the subject (impersonation) or,
 * with an {@code actor_token}, acting for the subject ({@code act}, delegation, §4.1).
 *
 * <p>IMPORTANT: only access tokens this provider issued and that are live are accepted, as subject
 * and as actor; the new token's scope is within the subject token's and the client's, its audience
 * within the client's {@code token_exchange_audiences} (or its RFC 8707 {@code allowed_resources});
 * a subject token's {@code may_act} (§4.4) names who alone may act for it. The new token belongs to the
 * subject token's grant and session: revoking those ends it too.
 */
public final class TokenExchangeGrant implements GrantHandler {
  private final SsoSettings settings;
  private final AccessTokenVerifier verifier;
  private final TokenIssuer issuer;

  public TokenExchangeGrant(SsoSettings settings, AccessTokenVerifier verifier, TokenIssuer issuer) {
    this.settings = settings;
    this.verifier = verifier;
    this.issuer = issuer;
  }

  @Override
  public String grantType() {
    return GrantType.TOKEN_EXCHANGE.getValue();
  }

  @Override
  public HTTPResponse handle(Client client, TokenRequest request) {
    if (client.isPublic()) {
      throw new OAuthException(OAuth2Error.UNAUTHORIZED_CLIENT, "token exchange needs a confidential client");
    }
    var grant = (com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant) request.getAuthorizationGrant();
    TokenTypeURI requested = grant.getRequestedTokenType();
    if (requested != null && !TokenTypeURI.ACCESS_TOKEN.equals(requested) && !TokenTypeURI.JWT.equals(requested)) {
      throw new OAuthException(OAuth2Error.INVALID_REQUEST, "requested_token_type: only access tokens are issued");
    }
    VerifiedAccessToken subject = ours("subject_token", grant.getSubjectToken(), grant.getSubjectTokenType());
    VerifiedAccessToken actor = grant.getActorToken() == null ? null
        : ours("actor_token", grant.getActorToken(), grant.getActorTokenType());
    checkMayAct(subject, client, actor);
    Set<String> scopes = scopes(request, subject, client);
    List<String> audience = audience(grant.getAudience(), request, client);
    Map<String, Object> extra = new LinkedHashMap<>();
    if (actor != null) {
      // RFC 8693 §4.1: the current actor outermost, earlier actors of the subject token nested within
      Map<String, Object> act = new LinkedHashMap<>();
      // OIDC Core §8: the actor as this client sees it (pairwise values of another sector never cross over)
      act.put("sub", issuer.subjectFor(client, verifier.localSubject(actor)));
      if (subject.claims().get("act") != null) {
        act.put("act", subject.claims().get("act"));
      }
      extra.put("act", act);
    } else if (subject.claims().get("act") != null) {
      extra.put("act", subject.claims().get("act"));
    }
    Object authTime = subject.claims().get("auth_time");
    TokenIssuer.Grant g = new TokenIssuer.Grant(client, verifier.localSubject(subject), scopes, audience,
        (String) subject.claims().get("sid"),
        authTime instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : null, null,
        (String) subject.claims().get("grant_id"), grantType());
    AccessToken minted = issuer.accessToken(g, extra);
    // RFC 8693 §2.2.1: issued_token_type, always an access token
    BearerAccessToken exchanged = new BearerAccessToken(minted.getValue(), minted.getLifetime(), minted.getScope(),
        TokenTypeURI.ACCESS_TOKEN);
    return Responses.tokens(new AccessTokenResponse(new Tokens(exchanged, null)));
  }

  /** A live access token of this provider, or {@code invalid_request} (RFC 8693 §2.2.2). */
  private VerifiedAccessToken ours(String name, Token token, TokenTypeURI type) {
    if (!TokenTypeURI.ACCESS_TOKEN.equals(type) && !TokenTypeURI.JWT.equals(type)) {
      throw new OAuthException(OAuth2Error.INVALID_REQUEST, name + "_type: only access tokens of this provider"
          + " are accepted");
    }
    return verifier.verify(token.getValue()).orElseThrow(() -> new OAuthException(OAuth2Error.INVALID_REQUEST,
        name + " is not a live access token issued by this provider"));
  }

  /**
   * RFC 8693 §4.4: a subject token with {@code may_act} may be acted for only by the party it names:
   * every claim of {@code may_act} must match the actor token's (delegation) or the requesting client
   * (impersonation: {@code sub} and {@code client_id} are its id).
   */
  private static void checkMayAct(VerifiedAccessToken subject, Client client, VerifiedAccessToken actor) {
    if (!(subject.claims().get("may_act") instanceof Map<?, ?> mayAct)) {
      return;
    }
    Map<String, Object> who = new LinkedHashMap<>();
    if (actor != null) {
      who.putAll(actor.claims());
    } else {
      who.put("sub", client.clientId());
      who.put("client_id", client.clientId());
    }
    for (Map.Entry<?, ?> e : mayAct.entrySet()) {
      if (e.getValue() == null || !e.getValue().equals(who.get(String.valueOf(e.getKey())))) {
        throw new OAuthException(OAuth2Error.INVALID_GRANT,
            "the subject token's may_act does not name this " + (actor != null ? "actor" : "client"));
      }
    }
  }

  /** Within the subject token's scopes and the client's: those asked for, else all they share. */
  private static Set<String> scopes(TokenRequest request, VerifiedAccessToken subject, Client client) {
    Set<String> scopes = new LinkedHashSet<>();
    if (request.getScope() == null) {
      subject.scopes().stream().filter(client.scopes()::contains).sorted().forEach(scopes::add);
    } else {
      for (String s : request.getScope().toStringList()) {
        if (!subject.scopes().contains(s) || !client.scopes().contains(s)) {
          throw new OAuthException(OAuth2Error.INVALID_SCOPE,
              "scope exceeds the subject token's or the client's: " + s);
        }
        scopes.add(s);
      }
    }
    if (scopes.isEmpty()) {
      throw new OAuthException(OAuth2Error.INVALID_SCOPE, "the subject token and the client share no scope");
    }
    return scopes;
  }

  /** RFC 8693 §2.1 {@code audience} within the client's policy, RFC 8707 {@code resource} as at every grant. */
  private List<String> audience(List<Audience> audiences, TokenRequest request, Client client) {
    List<String> out = new ArrayList<>();
    if (audiences != null) {
      for (Audience a : audiences) {
        if (!client.options().tokenExchangeAudiences().contains(a.getValue())) {
          throw new OAuthException(Audiences.INVALID_TARGET, "audience not allowed for this client: " + a.getValue());
        }
        out.add(a.getValue());
      }
    }
    // with neither, the issuer (as at every grant); with resources, those (Audiences checks allowed_resources)
    if (out.isEmpty() || (request.getResources() != null && !request.getResources().isEmpty())) {
      Audiences.of(client, request.getResources(), settings.issuer().toString()).stream()
          .filter(aud -> !out.contains(aud)).forEach(out::add);
    }
    return out;
  }
}
