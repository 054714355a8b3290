package dev.ssokit.internal.token;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.ssokit.memory.InMemorySigningKeyStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.junit.jupiter.api.Test;

/**
 * The table of checked tokens stays bounded, drops expired tokens before live ones, and holds opaque tokens (no key)
 * until they expire.
 */
class KnownAccessTokensTest {
  private final Instant now = Instant.parse("2030-01-01T00:00:00Z");
  private final SigningKeys keys = new SigningKeys(new InMemorySigningKeyStore(), "ES256", null,
      Clock.fixed(now, ZoneOffset.UTC));
  private final JWK key = keys.publicKeys().getKeys().get(0);
  private final KnownAccessTokens table = new KnownAccessTokens();

  private static JWTClaimsSet expiringAt(Instant exp) {
    return new JWTClaimsSet.Builder().subject("s").expirationTime(Date.from(exp)).build();
  }

  @Test
  void whenTheTableIsFullOfLiveTokensThenItStartsAgain() {
    for (int i = 0; i < KnownAccessTokens.MAX_ENTRIES; i++) {
      table.add("t" + i, expiringAt(now.plusSeconds(300)), key, now);
    }
    assertThat(table.size()).isEqualTo(KnownAccessTokens.MAX_ENTRIES);

    table.add("one-more", expiringAt(now.plusSeconds(300)), key, now);

    assertThat(table.size()).isEqualTo(1);
    assertThat(table.claims("one-more", keys, now)).isPresent();
    assertThat(table.claims("t0", keys, now)).isEmpty();
  }

  @Test
  void whenTheTableIsFullThenExpiredTokensGoFirst() {
    for (int i = 0; i < KnownAccessTokens.MAX_ENTRIES; i++) {
      table.add("t" + i, expiringAt(now.plusSeconds(i % 2 == 0 ? 60 : 600)), key, now);
    }

    table.add("one-more", expiringAt(now.plusSeconds(900)), key, now.plusSeconds(120));

    assertThat(table.size()).isEqualTo(KnownAccessTokens.MAX_ENTRIES / 2 + 1);
    assertThat(table.claims("t1", keys, now.plusSeconds(120))).isPresent();
    assertThat(table.claims("t0", keys, now)).isEmpty();
  }

  @Test
  void whenATokenHasNoExpiryOrHasExpiredThenItIsNotKept() {
    table.add("no-exp", new JWTClaimsSet.Builder().subject("s").build(), key, now);
    table.add("expired", expiringAt(now), key, now);

    assertThat(table.size()).isZero();
  }

  @Test
  void whenAnOpaqueTokenIsKeptThenItCountsUntilItExpiresWhateverTheKeys() {
    table.add("opaque", expiringAt(now.plusSeconds(300)), null, now);

    assertThat(table.claims("opaque", keys, now.plusSeconds(299))).isPresent();
    assertThat(table.claims("opaque", keys, now.plusSeconds(300))).isEmpty();
    assertThat(table.size()).isZero();
  }
}
