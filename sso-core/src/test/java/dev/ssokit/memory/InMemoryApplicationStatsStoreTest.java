package dev.ssokit.memory;

import dev.ssokit.contract.ApplicationStatsStoreContract;
import dev.ssokit.spi.ApplicationStatsStore;

class InMemoryApplicationStatsStoreTest extends ApplicationStatsStoreContract {
  @Override
  protected ApplicationStatsStore newStore() {
    return new InMemoryApplicationStatsStore();
  }
}
