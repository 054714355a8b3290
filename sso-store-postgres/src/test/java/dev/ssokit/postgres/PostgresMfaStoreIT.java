package dev.ssokit.postgres;

import dev.ssokit.contract.MfaStoreContract;
import dev.ssokit.spi.MfaStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresMfaStoreIT extends MfaStoreContract {
  @RegisterExtension
  static final TestSchema DB = new TestSchema();

  @Override
  protected MfaStore newStore() {
    return DB.freshStore().mfa();
  }
}
