package dev.ssokit.postgres;

import dev.ssokit.contract.ClientStoreContract;
import dev.ssokit.spi.ClientStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresClientStoreIT extends ClientStoreContract {
  @RegisterExtension
  static final TestSchema DB = new TestSchema();

  @Override
  protected ClientStore newStore() {
    return DB.freshStore().clients();
  }
}
