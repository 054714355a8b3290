package dev.ssokit.memory;

import dev.ssokit.contract.RefreshTokenStoreContract;
import dev.ssokit.spi.RefreshTokenStore;

class InMemoryRefreshTokenStoreTest extends RefreshTokenStoreContract {
  @Override
  protected RefreshTokenStore newStore() {
    return new InMemoryRefreshTokenStore();
  }
}
