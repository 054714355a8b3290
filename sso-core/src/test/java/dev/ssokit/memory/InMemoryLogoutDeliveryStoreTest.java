package dev.ssokit.memory;

import dev.ssokit.contract.LogoutDeliveryStoreContract;
import dev.ssokit.spi.LogoutDeliveryStore;

class InMemoryLogoutDeliveryStoreTest extends LogoutDeliveryStoreContract {
  @Override
  protected LogoutDeliveryStore newStore() {
    return new InMemoryLogoutDeliveryStore();
  }
}
