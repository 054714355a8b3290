package dev.ssokit.memory;

import dev.ssokit.contract.ClientStoreContract;
import dev.ssokit.spi.ClientStore;

class InMemoryClientStoreTest extends ClientStoreContract {
  @Override
  protected ClientStore newStore() {
    return new InMemoryClientStore();
  }
}
