package dev.ssokit.postgres;

import dev.ssokit.contract.SigningKeyStoreContract;
import dev.ssokit.spi.SigningKeyStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresSigningKeyStoreIT extends SigningKeyStoreContract {
  @RegisterExtension
  static final TestSchema DB = new TestSchema();

  @Override
  protected SigningKeyStore newStore() {
    return DB.freshStore().signingKeys();
  }
}
