package dev.ssokit.memory;

import dev.ssokit.contract.UserStoreContract;
import dev.ssokit.spi.UserStore;

class InMemoryUserStoreTest extends UserStoreContract {
  @Override
  protected UserStore newStore() {
    return new InMemoryUserStore();
  }
}
