package dev.ssokit.memory;

import dev.ssokit.contract.ClientRegistrationStoreContract;
import dev.ssokit.spi.ClientRegistrationStore;

class InMemoryClientRegistrationStoreTest extends ClientRegistrationStoreContract {
  @Override
  protected ClientRegistrationStore newStore() {
    return new InMemoryClientRegistrationStore();
  }
}
