package dev.ssokit.postgres;

import dev.ssokit.contract.ClientRegistrationStoreContract;
import dev.ssokit.spi.ClientRegistrationStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresClientRegistrationStoreIT extends ClientRegistrationStoreContract {
  @RegisterExtension
  static final TestSchema DB = new TestSchema();

  @Override
  protected ClientRegistrationStore newStore() {
    return DB.freshStore().clientRegistrations();
  }
}
