package dev.ssokit.internal.client;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretJWT;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.id.ClientID;
import dev.ssokit.internal.http.OAuthException;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.Cache;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientStore;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client authentication at the token, introspection, revocation and PAR endpoints (RFC 6749 §2.3,
 * OAuth 2.1 §2.4): client_secret_basic, client_secret_post, client_secret_jwt and private_key_jwt
 * (RFC 7523 §2.2, OIDC Core §9), or none for public clients.
 *
 * <p>A {@code client_secret_jwt} assertion is MACed (HS256, HS384 or HS512; the secret carries at least 256
 * bits) with the client's secret, kept encrypted for this ({@link ClientSecretCipher}); every claim rule
 * below applies to it as to {@code private_key_jwt}.
 *
 * <p>A {@code private_key_jwt} assertion must be signed with an asymmetric algorithm by a key of the
 * client's {@code jwks} / {@code jwks_uri}, carry {@code iss} = {@code sub} = client_id, the issuer
 * as its sole {@code aud} string (FAPI 2.0 §5.3.2.1 and RFC 7523bis, against audience injection:
 * the token endpoint URL is NOT accepted), an {@code exp} at most {@link #MAX_ASSERTION_LIFETIME}
 * ahead and a {@code jti} never seen before on any instance ({@link Cache#putIfAbsent}).
 *
 * <p>IMPORTANT: a client must use the method it registered; every failure is the same
 * invalid_client answer, so it does not reveal which client ids exist. An unknown client costs
 * the same SHA-256 and constant-time comparison as a known one. A legacy argon2id hash (imported
 * secrets of earlier versions) costs more for its one client until its first success replaces it:
 * accepted, since those hashes disappear on first use and an unknown id cannot be told from a
 * client already upgraded.
 */
public final class ClientAuthenticator {
  private static final Logger LOG = LoggerFactory.getLogger(ClientAuthenticator.class);
  /** Furthest in the future a client assertion's {@code exp} may lie. */
  public static final Duration MAX_ASSERTION_LIFETIME = Duration.ofMinutes(5);
  /** Tolerated clock difference for {@code iat} and {@code nbf}. */
  static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
  /** Cache prefix of the replay guard of client assertions, by client and {@code jti}. */
  static final String JTI_PREFIX = "client-assertion:";
  /** {@code token_endpoint_auth_signing_alg_values_supported}: asymmetric algorithms only. */
  public static final List<String> ASSERTION_ALGORITHMS = List.of("RS256", "PS256", "ES256", "EdDSA");
  /** The MAC algorithms of {@code client_secret_jwt} assertions (RFC 7518 §3.2), HS256 the least. */
  public static final List<String> MAC_ALGORITHMS = List.of("HS256", "HS384", "HS512");
  private static final int MAX_JTI_LENGTH = 256;

  private final ClientStore clients;
  private final ClientKeys keys;
  private final Cache cache;
  private final String issuer;
  private final Clock clock;
  private final ClientSecretCipher secrets;

  public ClientAuthenticator(ClientStore clients, ClientKeys keys, Cache cache, String issuer, Clock clock,
                             ClientSecretCipher secrets) {
    this.secrets = secrets;
    this.clients = clients;
    this.keys = keys;
    this.cache = cache;
    this.issuer = issuer;
    this.clock = clock;
  }

  /**
   * The authenticated client.
   *
   * @param auth      the credentials the request carried, or {@code null}
   * @param publicId  the {@code client_id} parameter of a request without credentials, or {@code null}
   */
  public Client authenticate(ClientAuthentication auth, ClientID publicId) {
    if (auth == null) {
      if (publicId == null) {
        throw OAuthException.invalidClient("client authentication required", true);
      }
      Client client = clients.find(publicId.getValue()).orElse(null);
      if (client == null || !client.isPublic()) {
        throw OAuthException.invalidClient("client authentication failed", true);
      }
      return client;
    }
    if (auth instanceof PrivateKeyJWT assertion) {
      return assertion(assertion);
    }
    if (auth instanceof ClientSecretJWT assertion) {
      return assertion(assertion);
    }
    boolean basic = auth instanceof ClientSecretBasic;
    String secret;
    if (auth instanceof ClientSecretBasic b) {
      secret = b.getClientSecret().getValue();
    } else if (auth instanceof ClientSecretPost p) {
      secret = p.getClientSecret().getValue();
    } else {
      throw OAuthException.invalidClient("unsupported client authentication method " + auth.getMethod(), false);
    }
    Client client = clients.find(auth.getClientID().getValue()).orElse(null);
    // The secret is checked for unknown and public clients too (against a dummy hash): the same work,
    // the same answer. The method must match registration.
    boolean matches = ClientSecrets.matches(secret, client == null || client.isPublic() ? null : client.secretHash());
    if (!matches || !client.tokenEndpointAuthMethod().equals(auth.getMethod().getValue())) {
      throw OAuthException.invalidClient("client authentication failed", basic);
    }
    return upgraded(client, secret);
  }

  /** private_key_jwt: signed by a key of the client's; then the claim rules of {@link #checkClaims}. */
  private Client assertion(PrivateKeyJWT auth) {
    SignedJWT jwt = auth.getClientAssertion();
    Client client = clients.find(auth.getClientID().getValue()).orElse(null);
    if (client == null || !Client.AUTH_PRIVATE_KEY_JWT.equals(client.tokenEndpointAuthMethod())) {
      throw OAuthException.invalidClient("client authentication failed", false);
    }
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    String registered = client.options().tokenEndpointAuthSigningAlg();
    if (!ASSERTION_ALGORITHMS.contains(alg.getName()) || (registered != null && !registered.equals(alg.getName()))) {
      throw OAuthException.invalidClient("client assertion algorithm not accepted", false);
    }
    if (!verified(jwt, client)) {
      throw OAuthException.invalidClient("client assertion signature not verified by the client's keys", false);
    }
    return checkClaims(jwt, client);
  }

  /**
   * client_secret_jwt (RFC 7523 §2.2, OIDC Core §9): MACed with the client's secret, HS256 at least; then the
   * claim rules of {@link #checkClaims}. An unknown client costs the same as a wrong MAC.
   */
  private Client assertion(ClientSecretJWT auth) {
    SignedJWT jwt = auth.getClientAssertion();
    Client client = clients.find(auth.getClientID().getValue()).orElse(null);
    if (client == null || !Client.AUTH_CLIENT_SECRET_JWT.equals(client.tokenEndpointAuthMethod())) {
      throw OAuthException.invalidClient("client authentication failed", false);
    }
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    String registered = client.options().tokenEndpointAuthSigningAlg();
    if (!MAC_ALGORITHMS.contains(alg.getName()) || (registered != null && !registered.equals(alg.getName()))) {
      throw OAuthException.invalidClient("client assertion algorithm not accepted", false);
    }
    String secret = secrets.open(client.secretHash()).orElse(null);
    boolean ok;
    try {
      // MACVerifier refuses a secret shorter than the algorithm's 256/384/512 bits (RFC 7518 §3.2)
      ok = secret != null && jwt.verify(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (JOSEException e) {
      ok = false;
    }
    if (!ok) {
      throw OAuthException.invalidClient("client assertion MAC not verified by the client's secret", false);
    }
    return checkClaims(jwt, client);
  }

  /** RFC 7523 §3 with the audience and lifetime rules above; every failure is the same invalid_client. */
  private Client checkClaims(SignedJWT jwt, Client client) {
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw OAuthException.invalidClient("client assertion claims unreadable", false);
    }
    Instant now = clock.instant();
    String jti = claims.getJWTID();
    Date exp = claims.getExpirationTime();
    if (!client.clientId().equals(claims.getIssuer()) || !client.clientId().equals(claims.getSubject())) {
      throw OAuthException.invalidClient("client assertion iss and sub must be the client_id", false);
    }
    // RFC 7523bis / FAPI 2.0: the issuer identifier as a single string, nothing else (the parsed claims
    // set turns a string into a list, so the payload is read as sent)
    if (!(jwt.getPayload().toJSONObject().get("aud") instanceof String aud) || !issuer.equals(aud)) {
      throw OAuthException.invalidClient("client assertion aud must be the issuer identifier " + issuer, false);
    }
    if (exp == null || !now.isBefore(exp.toInstant())) {
      throw OAuthException.invalidClient("client assertion expired", false);
    }
    if (exp.toInstant().isAfter(now.plus(MAX_ASSERTION_LIFETIME).plus(CLOCK_SKEW))) {
      throw OAuthException.invalidClient("client assertion exp more than " + MAX_ASSERTION_LIFETIME.toMinutes()
          + " minutes ahead", false);
    }
    Date nbf = claims.getNotBeforeTime();
    Date iat = claims.getIssueTime();
    if ((nbf != null && nbf.toInstant().isAfter(now.plus(CLOCK_SKEW)))
        || (iat != null && iat.toInstant().isAfter(now.plus(CLOCK_SKEW)))) {
      throw OAuthException.invalidClient("client assertion not yet valid", false);
    }
    if (jti == null || jti.isEmpty() || jti.length() > MAX_JTI_LENGTH) {
      throw OAuthException.invalidClient("client assertion jti required", false);
    }
    // RFC 7523 §3 item 7: single use, on every instance; kept until the assertion expires anyway
    if (!cache.putIfAbsent(JTI_PREFIX + client.clientId() + ":" + OpaqueToken.hash(jti), "1", exp.toInstant())) {
      throw OAuthException.invalidClient("client assertion jti already used", false);
    }
    return client;
  }

  /** True when a key of the client (re-fetched once if none matches) verifies the assertion. */
  private boolean verified(SignedJWT jwt, Client client) {
    JWSHeader header = jwt.getHeader();
    for (boolean refresh : new boolean[] {false, true}) {
      JWKSet set = keys.of(client, refresh).orElse(null);
      if (set == null) {
        return false;
      }
      List<JWK> candidates = new JWKSelector(JWKMatcher.forJWSHeader(header)).select(set);
      for (JWK jwk : candidates) {
        if (jwk.isPrivate() || (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse()))) {
          continue;
        }
        try {
          boolean ok = jwk instanceof OctetKeyPair okp
              ? jwt.verify(new Ed25519Verifier(okp.toPublicJWK()))
              : jwt.verify(VERIFIERS.createJWSVerifier(header, ((AsymmetricJWK) jwk).toPublicKey()));
          if (ok) {
            return true;
          }
        } catch (JOSEException | ClassCastException e) {
          // not a key of this algorithm's type: try the next
        }
      }
      if (client.options().jwksUri() == null) {
        return false;
      }
    }
    return false;
  }

  private static final DefaultJWSVerifierFactory VERIFIERS = new DefaultJWSVerifierFactory();

  /** Replaces a legacy argon2id hash by SHA-256 once the secret is proven, when the secret carries 128 bits. */
  private Client upgraded(Client client, String secret) {
    if (!ClientSecrets.needsUpgrade(client.secretHash())) {
      return client;
    }
    if (!ClientSecrets.strongEnough(secret)) {
      // A weak secret stays behind argon2id (a fast hash would let a leaked table be brute-forced).
      LOG.warn("client {} authenticates with a secret below {} bits; regenerate it", client.clientId(),
          ClientSecrets.MIN_ENTROPY_BITS);
      return client;
    }
    Client fast = client.withSecretHash(ClientSecrets.hashGenerated(secret));
    clients.update(fast);
    return fast;
  }
}
