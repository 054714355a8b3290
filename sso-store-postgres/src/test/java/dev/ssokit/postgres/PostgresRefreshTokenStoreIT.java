package dev.ssokit.postgres;

import dev.ssokit.contract.RefreshTokenStoreContract;
import dev.ssokit.spi.RefreshTokenStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresRefreshTokenStoreIT extends RefreshTokenStoreContract {
  @RegisterExtension
  static final TestSchema DB = new TestSchema();

  @Override
  protected RefreshTokenStore newStore() {
    return DB.freshStore().refreshTokens();
  }
}
