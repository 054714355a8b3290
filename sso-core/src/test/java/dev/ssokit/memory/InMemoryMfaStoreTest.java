package dev.ssokit.memory;

import dev.ssokit.contract.MfaStoreContract;
import dev.ssokit.spi.MfaStore;

class InMemoryMfaStoreTest extends MfaStoreContract {
  @Override
  protected MfaStore newStore() {
    return new InMemoryMfaStore();
  }
}
