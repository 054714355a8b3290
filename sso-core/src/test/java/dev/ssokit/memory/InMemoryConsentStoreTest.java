package dev.ssokit.memory;

import dev.ssokit.contract.ConsentStoreContract;
import dev.ssokit.spi.ConsentStore;

class InMemoryConsentStoreTest extends ConsentStoreContract {
  @Override
  protected ConsentStore newStore() {
    return new InMemoryConsentStore();
  }
}
