package dev.ssokit.internal.authorization;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.oauth2.sdk.OAuth2Error;
import com.nimbusds.oauth2.sdk.util.JWTClaimsSetUtils;
import dev.ssokit.internal.token.SigningKeys;
import dev.ssokit.spi.Client;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A request object passed by value ({@code request}, OIDC Core §6.1, RFC 9101): verified with the
 * client's registered keys, then its claims become the authorization request's parameters.
 *
 * <p>IMPORTANT: unsigned objects ({@code alg: none}) only for a client that registered
 * {@code request_object_signing_alg: none}; a client that registered an algorithm gets only that
 * one; encrypted objects are refused.
 */
final class RequestObject {
  /** Signature algorithms accepted on request objects (RFC 9101 §10.1, OIDC Discovery §3). */
  static final List<String> SIGNING_ALGORITHMS = List.of("RS256", "PS256", "ES256", "EdDSA");
  /** The {@code typ} RFC 9101 §10.8 recommends; {@code JWT} and none are accepted as well. */
  private static final JOSEObjectType AUTHZ_REQ_JWT = new JOSEObjectType("oauth-authz-req+jwt");
  /** JWT claims about the object itself, not authorization request parameters. */
  private static final Set<String> JWT_CLAIMS = Set.of("iss", "aud", "exp", "iat", "nbf", "jti");

  private RequestObject() {}

  /**
   * Verifies {@code value} for {@code client} and returns its authorization request parameters.
   *
   * @throws AuthorizationRequestChecks.Rejected with {@code invalid_request_object}
   */
  static Map<String, List<String>> parameters(String value, Client client, String issuer, Clock clock) {
    JWT jwt;
    try {
      jwt = JWTParser.parse(value);
    } catch (ParseException e) {
      throw invalid("the request object is not a JWT");
    }
    String registered = client.options().requestObjectSigningAlg();
    if (jwt instanceof EncryptedJWT) {
      throw invalid("encrypted request objects are not supported");
    } else if (jwt instanceof PlainJWT) {
      // OIDC Core §6.1: unsigned only when the client registered request_object_signing_alg none.
      if (!"none".equals(registered)) {
        throw invalid("unsigned request objects are not allowed for this client");
      }
    } else {
      verifySignature((SignedJWT) jwt, client, registered);
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
      claimsVerifier(issuer, clock).verify(claims, null);
    } catch (ParseException e) {
      throw invalid("the request object's claims are not a JSON object");
    } catch (BadJWTException e) {
      throw invalid("the request object is not valid: " + e.getMessage());
    }
    // RFC 9101 §4: iss, when present, is the client; the client_id inside must be the one outside.
    if (claims.getIssuer() != null && !claims.getIssuer().equals(client.clientId())) {
      throw invalid("the request object's iss is not the client");
    }
    Object innerClientId = claims.getClaim("client_id");
    if (innerClientId != null && !client.clientId().equals(innerClientId)) {
      throw invalid("the request object's client_id does not match the request's");
    }
    Map<String, List<String>> params = new LinkedHashMap<>(JWTClaimsSetUtils.toMultiValuedParameters(claims));
    params.keySet().removeAll(JWT_CLAIMS);
    return params;
  }

  private static void verifySignature(SignedJWT jwt, Client client, String registered) {
    String alg = jwt.getHeader().getAlgorithm().getName();
    if (!SIGNING_ALGORITHMS.contains(alg)) {
      throw invalid("request objects signed with " + safe(alg) + " are not supported");
    }
    if (registered != null && !registered.equals(alg)) {
      throw invalid("the client registered request_object_signing_alg " + registered);
    }
    String jwks = client.options().jwks();
    if (jwks == null) {
      throw invalid("the client has no registered jwks to verify request objects with");
    }
    List<JWK> candidates;
    try {
      // Nimbus' JWSVerificationKeySelector goes through java.security keys, which Ed25519 keys are not.
      candidates = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader())).select(JWKSet.parse(jwks));
    } catch (ParseException e) {
      throw invalid("the client's registered jwks cannot be read");
    }
    JOSEObjectType typ = jwt.getHeader().getType();
    if (typ != null && !JOSEObjectType.JWT.equals(typ) && !AUTHZ_REQ_JWT.equals(typ)) {
      throw invalid("the request object's typ must be oauth-authz-req+jwt");
    }
    for (JWK key : candidates) {
      if (SigningKeys.verifiesWith(jwt, key)) {
        return;
      }
    }
    throw invalid("the request object's signature cannot be verified with the client's keys");
  }

  /** RFC 9101 §4 / §6.2: {@code aud} (when present) is this issuer; {@code exp} and {@code nbf} by our clock. */
  private static DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier(String issuer, Clock clock) {
    Set<String> audience = new HashSet<>();
    audience.add(issuer);
    audience.add(null); // aud is optional
    return new DefaultJWTClaimsVerifier<>(audience, null, null, Set.of("request", "request_uri")) {
      @Override
      protected Date currentTime() {
        return Date.from(clock.instant());
      }
    };
  }

  private static String safe(String alg) {
    return alg.length() <= 16 && alg.matches("[A-Za-z0-9_\\-.]*") ? alg : "(alg not shown)";
  }

  private static AuthorizationRequestChecks.Rejected invalid(String description) {
    return new AuthorizationRequestChecks.Rejected(OAuth2Error.INVALID_REQUEST_OBJECT.setDescription(description));
  }
}
