package dev.ssokit.memory;

import dev.ssokit.contract.AccountTokenStoreContract;
import dev.ssokit.spi.AccountTokenStore;

class InMemoryAccountTokenStoreTest extends AccountTokenStoreContract {
  @Override
  protected AccountTokenStore newStore() {
    return new InMemoryAccountTokenStore();
  }
}
