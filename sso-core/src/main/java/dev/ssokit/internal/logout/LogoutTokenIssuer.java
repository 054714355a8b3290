package dev.ssokit.internal.logout;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.ssokit.internal.subject.SubjectIdentifiers;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.Client;
import dev.ssokit.internal.token.SigningKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/** Signs Logout Tokens (OIDC Back-Channel Logout 1.0 §2.4) with the provider's signing key. */
final class LogoutTokenIssuer {
  /** {@code typ} of a Logout Token (Back-Channel Logout §2.4, RFC 8725 §3.11 explicit typing). */
  static final JOSEObjectType LOGOUT_JWT = new JOSEObjectType("logout+jwt");
  /** The event that makes a JWT a Logout Token. */
  static final String BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
  /** How long a Logout Token is valid: long enough for clock skew, short enough to limit a replay. */
  static final Duration LIFETIME = Duration.ofMinutes(2);

  private final String issuer;
  private final SigningKeys keys;
  private final Clock clock;
  private final SubjectIdentifiers subjects;

  LogoutTokenIssuer(String issuer, SigningKeys keys, Clock clock, SubjectIdentifiers subjects) {
    this.subjects = subjects;
    this.issuer = issuer;
    this.keys = keys;
    this.clock = clock;
  }

  /** A fresh Logout Token for {@code client} about session {@code sid} of the user {@code subject} (local). */
  String issue(Client client, String subject, String sid) {
    Instant now = clock.instant();
    // Back-Channel Logout §2.4: iss, aud, iat, exp, jti, events, and sub and/or sid; never a nonce
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(client.clientId())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(LIFETIME)))
        .jwtID(OpaqueToken.generate().substring(0, 22))
        .subject(subjects.forClient(client, subject)) // OIDC Core §8: the sub the client knows
        .claim("sid", sid)
        .claim("events", Map.of(BACKCHANNEL_LOGOUT_EVENT, Map.of()))
        .build();
    return keys.signCompact(LOGOUT_JWT, claims);
  }
}
