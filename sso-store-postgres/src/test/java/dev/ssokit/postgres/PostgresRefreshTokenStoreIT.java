package dev.ssokit.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssokit.contract.RefreshTokenStoreContract;
import dev.ssokit.spi.RefreshToken;
import dev.ssokit.spi.RefreshTokenStore;
import dev.ssokit.spi.StoreException;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresRefreshTokenStoreIT extends RefreshTokenStoreContract {
  @RegisterExtension
  static final TestSchema DB = new TestSchema();

  @Override
  protected RefreshTokenStore newStore() {
    return DB.freshStore().refreshTokens();
  }

  @Test
  void whenSuccessorCannotBeStoredThenRotationRolledBackAndOldTokenStillUnused() {
    RefreshTokenStore store = newStore();
    Instant now = Instant.parse("2030-01-02T03:04:05Z");
    RefreshToken token = new RefreshToken("h1", "f1", "app", "alice", Set.of("openid"), null, null, now, now,
        now.plusSeconds(3600), false, false);
    RefreshToken taken = new RefreshToken("secret-looking-hash", "f2", "app", "bob", Set.of(), null, null, now, now,
        now.plusSeconds(3600), false, false);
    store.save(token);
    store.save(taken);

    // a successor whose hash exists already breaks the primary key inside the transaction
    assertThatThrownBy(() -> store.rotate("h1", token.successor("secret-looking-hash", now, now.plusSeconds(60)), now))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("refreshTokens.rotate")
        .hasMessageNotContaining("secret-looking-hash");

    assertThat(store.find("h1")).contains(token);
    assertThat(store.find("secret-looking-hash")).contains(taken);
  }
}
