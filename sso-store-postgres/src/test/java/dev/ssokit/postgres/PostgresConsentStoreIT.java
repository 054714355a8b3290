package dev.ssokit.postgres;

import dev.ssokit.contract.ConsentStoreContract;
import dev.ssokit.spi.ConsentStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresConsentStoreIT extends ConsentStoreContract {
  @RegisterExtension
  static final TestSchema DB = new TestSchema();

  @Override
  protected ConsentStore newStore() {
    return DB.freshStore().consents();
  }
}
