package dev.ssokit.postgres;

import dev.ssokit.contract.UserStoreContract;
import dev.ssokit.spi.UserStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresUserStoreIT extends UserStoreContract {
  @RegisterExtension
  static final TestSchema DB = new TestSchema();

  @Override
  protected UserStore newStore() {
    return DB.freshStore().users();
  }
}
