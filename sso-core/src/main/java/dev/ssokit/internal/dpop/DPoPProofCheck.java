package dev.ssokit.internal.dpop;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import dev.ssokit.VerifiedAccessToken;
import dev.ssokit.internal.http.OAuthException;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.Cache;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one proof-of-possession check (RFC 9449) of the token endpoint, UserInfo and the bearer
 * filter: a DPoP proof is a JWT of {@code typ dpop+jwt}, signed with an asymmetric algorithm by the
 * public {@code jwk} in its header (no private parts), for this request's method ({@code htm}) and
 * URL ({@code htu}, without query and fragment), issued within {@link #IAT_WINDOW}, with a
 * {@code jti} never seen before on any instance ({@link Cache#putIfAbsent}) and, at a resource,
 * the hash of the access token ({@code ath}) and, when {@link DPoPNonces#required()}, a current
 * server-provided {@code nonce}. The key's thumbprint ({@code jkt}, RFC 7638) binds
 * tokens: access tokens carry it as {@code cnf.jkt}.
 */
public final class DPoPProofCheck {
  /** {@code dpop_signing_alg_values_supported}. */
  public static final List<String> ALGORITHMS = List.of("RS256", "PS256", "ES256", "EdDSA");
  /** How far a proof's {@code iat} may lie in the past (and, for clock skew, half of it in the future). */
  public static final Duration IAT_WINDOW = Duration.ofSeconds(60);
  /** {@code error} of a refused proof (RFC 9449 §5, §7.1). */
  public static final String INVALID_DPOP_PROOF = "invalid_dpop_proof";
  /** {@code error} of a proof without a current server-provided nonce (RFC 9449 §8, §9). */
  public static final String USE_DPOP_NONCE = "use_dpop_nonce";
  /** The response header carrying a server-provided nonce (RFC 9449 §8.1). */
  public static final String NONCE_HEADER = "DPoP-Nonce";
  private static final JOSEObjectType DPOP_JWT = new JOSEObjectType("dpop+jwt");
  private static final String JTI_PREFIX = "dpop-jti:";
  private static final int MAX_PROOF_LENGTH = 8_192;
  private static final int MAX_JTI_LENGTH = 256;

  private final Cache cache;
  private final Clock clock;
  private final DPoPNonces nonces;

  /** @param nonces the server-provided nonces proofs must carry when they are required */
  public DPoPProofCheck(Cache cache, Clock clock, DPoPNonces nonces) {
    this.cache = cache;
    this.clock = clock;
    this.nonces = nonces;
  }

  /** A refused proof; the message says why (never quoting the proof), {@link #error()} the error code. */
  public static class InvalidProof extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidProof(String message) {
      super(message, null, false, false);
    }

    /** {@return {@value #INVALID_DPOP_PROOF}, or {@value #USE_DPOP_NONCE} for a missing or stale nonce} */
    public String error() {
      return INVALID_DPOP_PROOF;
    }
  }

  /** RFC 9449 §8, §9: the proof lacks a current server-provided nonce; the client retries with {@link #nonce()}. */
  public static final class NonceRequired extends InvalidProof {
    private static final long serialVersionUID = 1L;

    NonceRequired(String message) {
      super(message);
    }

    @Override
    public String error() {
      return USE_DPOP_NONCE;
    }
  }

  /** {@return the nonce to hand out in {@value #NONCE_HEADER}, or {@code null} when nonces are off} */
  public String nonce() {
    return nonces.current();
  }

  /**
   * Checks {@code proof} for a request of {@code method} to {@code url}, presenting {@code accessToken}
   * (or {@code null} at the token endpoint); answers the thumbprint of its key.
   */
  public String verify(String proof, String method, URI url, String accessToken) {
    if (proof == null || proof.isEmpty() || proof.length() > MAX_PROOF_LENGTH) {
      throw new InvalidProof("DPoP proof missing or too long");
    }
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(proof);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw new InvalidProof("DPoP proof is not a signed JWT");
    }
    JWSHeader header = jwt.getHeader();
    if (!DPOP_JWT.equals(header.getType())) {
      throw new InvalidProof("DPoP proof typ must be dpop+jwt");
    }
    if (!ALGORITHMS.contains(header.getAlgorithm().getName())) {
      throw new InvalidProof("DPoP proof alg must be one of " + ALGORITHMS);
    }
    JWK jwk = header.getJWK();
    if (jwk == null || jwk.isPrivate()) {
      throw new InvalidProof("DPoP proof jwk must be a public key");
    }
    if (!signatureVerifies(jwt, jwk)) {
      throw new InvalidProof("DPoP proof signature does not verify with its jwk");
    }
    Object htm = claims.getClaim("htm");
    Object htu = claims.getClaim("htu");
    if (!(htm instanceof String m) || !m.equals(method)) {
      throw new InvalidProof("DPoP proof htm does not match the request method");
    }
    if (!(htu instanceof String u) || !normalized(u).equals(normalized(url.toString()))) {
      throw new InvalidProof("DPoP proof htu does not match the request URL");
    }
    Instant now = clock.instant();
    if (claims.getIssueTime() == null || claims.getIssueTime().toInstant().isBefore(now.minus(IAT_WINDOW))
        || claims.getIssueTime().toInstant().isAfter(now.plus(IAT_WINDOW.dividedBy(2)))) {
      throw new InvalidProof("DPoP proof iat is outside the accepted window");
    }
    if (accessToken != null) {
      Object ath = claims.getClaim("ath");
      if (!(ath instanceof String a) || !OpaqueToken.equalsConstantTime(a, ath(accessToken))) {
        throw new InvalidProof("DPoP proof ath does not match the access token");
      }
    }
    if (nonces.required()) {
      // RFC 9449 §8: checked before the jti is spent, so the client's retry with the nonce is a new proof anyway
      Object nonce = claims.getClaim("nonce");
      if (!(nonce instanceof String n) || !nonces.accepts(n)) {
        throw new NonceRequired(nonce == null ? "DPoP proof nonce required" : "DPoP proof nonce is not current");
      }
    }
    String jti = claims.getJWTID();
    if (jti == null || jti.isEmpty() || jti.length() > MAX_JTI_LENGTH) {
      throw new InvalidProof("DPoP proof jti required");
    }
    String jkt = thumbprint(jwk);
    // RFC 9449 §11.1: a proof is used once, on any instance, for as long as its iat is acceptable
    if (!cache.putIfAbsent(JTI_PREFIX + jkt + ":" + OpaqueToken.hash(jti), "1", now.plus(IAT_WINDOW.multipliedBy(2)))) {
      throw new InvalidProof("DPoP proof jti already used");
    }
    return jkt;
  }

  /**
   * RFC 9449 §4.3, §5: the thumbprint of the key of the valid proof in the one {@code DPoP} header of a
   * {@code POST} to the authorization server's endpoint {@code url} ({@code /token}, {@code /par}), or
   * {@code null} when there is no such header; several headers or an invalid proof are an
   * {@link OAuthException} of 400 {@code invalid_dpop_proof}, a missing or stale nonce (§8) of
   * {@code use_dpop_nonce}.
   */
  public String verifyRequest(HTTPRequest request, URI url) {
    List<String> proofs = request.getHeaderValues("DPoP");
    if (proofs == null || proofs.isEmpty()) {
      return null;
    }
    if (proofs.size() > 1) {
      throw new OAuthException(new ErrorObject(INVALID_DPOP_PROOF, null, 400), "exactly one DPoP header is allowed");
    }
    try {
      return verify(proofs.get(0), "POST", url, null);
    } catch (InvalidProof e) {
      throw new OAuthException(new ErrorObject(e.error(), null, 400), e.getMessage());
    }
  }

  /**
   * RFC 9449 §7: checks that a token presented with {@code scheme} ({@code Bearer} or {@code DPoP}) is
   * used as it was bound: a DPoP-bound token only with the DPoP scheme and a proof of its key, an
   * unbound token only as a bearer token.
   */
  public void verifyPresentation(VerifiedAccessToken token, String scheme, String accessToken, String proof,
                                 String method, URI url) {
    String bound = boundKey(token);
    boolean dpopScheme = "DPoP".equalsIgnoreCase(scheme);
    if (!dpopScheme) {
      if (bound != null) {
        throw new InvalidProof("the access token is DPoP-bound; present it with the DPoP scheme and a proof");
      }
      return;
    }
    if (bound == null) {
      throw new InvalidProof("the access token is not DPoP-bound");
    }
    if (!OpaqueToken.equalsConstantTime(bound, verify(proof, method, url, accessToken))) {
      throw new InvalidProof("the DPoP proof is not signed with the key the access token is bound to");
    }
  }

  /** The {@code cnf.jkt} of a token, or {@code null}. */
  public static String boundKey(VerifiedAccessToken token) {
    return token.claims().get("cnf") instanceof Map<?, ?> cnf && cnf.get("jkt") instanceof String jkt ? jkt : null;
  }

  private static boolean signatureVerifies(SignedJWT jwt, JWK jwk) {
    try {
      if (jwk instanceof RSAKey rsa) {
        return jwt.verify(new RSASSAVerifier(rsa));
      }
      if (jwk instanceof ECKey ec) {
        return jwt.verify(new ECDSAVerifier(ec));
      }
      if (jwk instanceof OctetKeyPair okp) {
        return jwt.verify(new Ed25519Verifier(okp));
      }
      return false;
    } catch (JOSEException | IllegalArgumentException e) {
      return false;
    }
  }

  private static String thumbprint(JWK jwk) {
    try {
      return jwk.computeThumbprint().toString();
    } catch (JOSEException e) {
      throw new InvalidProof("DPoP proof jwk has no thumbprint");
    }
  }

  /** RFC 9449 §4.2: base64url of the SHA-256 of the access token's ASCII bytes. */
  static String ath(String accessToken) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
      return Base64URL.encode(hash).toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing", e);
    }
  }

  /** RFC 9449 §4.3 / RFC 3986 §6.2.2-3: scheme and host in lower case, default port dropped, no query or fragment. */
  static String normalized(String url) {
    try {
      URI u = new URI(url);
      if (u.getScheme() == null || u.getHost() == null) {
        return "";
      }
      String scheme = u.getScheme().toLowerCase(Locale.ROOT);
      int port = u.getPort();
      boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
      String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
      return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + path;
    } catch (java.net.URISyntaxException e) {
      return "";
    }
  }
}
