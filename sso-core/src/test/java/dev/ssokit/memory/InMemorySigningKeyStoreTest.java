package dev.ssokit.memory;

import dev.ssokit.contract.SigningKeyStoreContract;
import dev.ssokit.spi.SigningKeyStore;

class InMemorySigningKeyStoreTest extends SigningKeyStoreContract {
  @Override
  protected SigningKeyStore newStore() {
    return new InMemorySigningKeyStore();
  }
}
