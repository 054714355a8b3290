package dev.ssokit.postgres;

import dev.ssokit.contract.AccountTokenStoreContract;
import dev.ssokit.spi.AccountTokenStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresAccountTokenStoreIT extends AccountTokenStoreContract {
  @RegisterExtension
  static final TestSchema DB = new TestSchema();

  @Override
  protected AccountTokenStore newStore() {
    return DB.freshStore().accountTokens();
  }
}
