package dev.ssokit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.spi.Consent;
import dev.ssokit.spi.ConsentStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link ConsentStore} shares; a backend's test extends it and supplies the store. */
public abstract class ConsentStoreContract {

  /** A fresh, empty store; called once per test. */
  protected abstract ConsentStore newStore();

  static final Instant NOW = Instant.parse("2030-01-02T03:04:05Z");

  static Consent consent(String subject, String clientId, Instant expiresAt) {
    return new Consent(subject, clientId, Set.of("openid", "profile"), NOW.minus(Duration.ofDays(1)), expiresAt);
  }

  @Test
  void whenSavedThenFoundWithEveryField() {
    ConsentStore store = newStore();
    Consent consent = consent("alice", "app", NOW.plus(Duration.ofDays(30)));

    store.save(consent);

    assertThat(store.find("alice", "app")).contains(consent);
  }

  @Test
  void whenListedBySubjectThenOnlyThatSubjectsConsentsComeInClientOrder() {
    ConsentStore store = newStore();
    store.save(consent("alice", "zeta", null));
    store.save(consent("alice", "alpha", NOW.plus(Duration.ofDays(1))));
    store.save(consent("bob", "alpha", null));

    assertThat(store.findBySubject("alice")).extracting(Consent::clientId).containsExactly("alpha", "zeta");
    assertThat(store.findBySubject("carol")).isEmpty();
  }

  @Test
  void whenNoExpiryThenNullRoundTrips() {
    ConsentStore store = newStore();
    Consent forever = consent("alice", "app", null);

    store.save(forever);

    assertThat(store.find("alice", "app")).contains(forever);
  }

  @Test
  void whenSavedAgainThenReplacedNotDuplicated() {
    ConsentStore store = newStore();
    store.save(consent("alice", "app", null));
    Consent wider = new Consent("alice", "app", Set.of("openid", "profile", "email"), NOW, NOW.plusSeconds(60));

    store.save(wider);

    assertThat(store.find("alice", "app")).contains(wider);
    assertThat(store.revoke("alice", "app")).isTrue();
    assertThat(store.find("alice", "app")).isEmpty();
  }

  @Test
  void whenOtherSubjectOrClientThenNotFound() {
    ConsentStore store = newStore();
    store.save(consent("alice", "app", null));

    assertThat(store.find("bob", "app")).isEmpty();
    assertThat(store.find("alice", "other-app")).isEmpty();
  }

  @Test
  void whenExpiredThenStillFoundForTheCallerToCheck() {
    ConsentStore store = newStore();
    Consent expired = consent("alice", "app", NOW.minusSeconds(1));
    store.save(expired);

    assertThat(store.find("alice", "app")).contains(expired);
  }

  @Test
  void whenRevokedThenGoneOthersKeptAndSecondRevokeReturnsFalse() {
    ConsentStore store = newStore();
    store.save(consent("alice", "app", null));
    store.save(consent("alice", "other-app", null));
    store.save(consent("bob", "app", null));

    assertThat(store.revoke("alice", "app")).isTrue();

    assertThat(store.find("alice", "app")).isEmpty();
    assertThat(store.find("alice", "other-app")).isPresent();
    assertThat(store.find("bob", "app")).isPresent();
    assertThat(store.revoke("alice", "app")).isFalse();
  }

  @Test
  void whenPurgingThenOnlyExpiredRemovedInBatchesOfAtMostLimit() {
    ConsentStore store = newStore();
    for (int i = 0; i < 5; i++) {
      store.save(consent("expired-" + i, "app", NOW.minusSeconds(10 + i)));
    }
    store.save(consent("live", "app", NOW.plusSeconds(10)));
    store.save(consent("forever", "app", null));

    assertThat(store.purgeExpired(NOW, 3)).isEqualTo(3);
    assertThat(store.purgeExpired(NOW, 3)).isEqualTo(2);
    assertThat(store.purgeExpired(NOW, 3)).isZero();

    for (int i = 0; i < 5; i++) {
      assertThat(store.find("expired-" + i, "app")).isEmpty();
    }
    assertThat(store.find("live", "app")).isPresent();
    assertThat(store.find("forever", "app")).isPresent();
  }

  @Test
  void whenLimitIsZeroThenNothingPurged() {
    ConsentStore store = newStore();
    store.save(consent("alice", "app", NOW.minusSeconds(10)));

    assertThat(store.purgeExpired(NOW, 0)).isZero();

    assertThat(store.find("alice", "app")).isPresent();
  }

  @Test
  void whenListedBySubjectThenTheirConsentsInClientOrder() {
    ConsentStore store = newStore();
    store.save(consent("alice", "web", null));
    store.save(consent("alice", "Api", NOW.minusSeconds(1)));
    store.save(consent("bob", "web", null));

    assertThat(store.listBySubject("alice", 10)).extracting(Consent::clientId).containsExactly("Api", "web");
    assertThat(store.listBySubject("alice", 1)).extracting(Consent::clientId).containsExactly("Api");
    assertThat(store.listBySubject("carol", 10)).isEmpty();
  }

  @Test
  void whenClientRevokedThenEveryConsentToItGone() {
    ConsentStore store = newStore();
    store.save(consent("alice", "web", null));
    store.save(consent("bob", "web", null));
    store.save(consent("alice", "other", null));

    assertThat(store.revokeClient("web")).isEqualTo(2);

    assertThat(store.find("alice", "web")).isEmpty();
    assertThat(store.find("bob", "web")).isEmpty();
    assertThat(store.find("alice", "other")).isPresent();
    assertThat(store.revokeClient("web")).isZero();
  }
}
