package dev.ssokit.postgres;

import dev.ssokit.contract.ApplicationStatsStoreContract;
import dev.ssokit.spi.ApplicationStatsStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresApplicationStatsStoreIT extends ApplicationStatsStoreContract {
  @RegisterExtension
  static final TestSchema DB = new TestSchema();

  @Override
  protected ApplicationStatsStore newStore() {
    return DB.freshStore().applicationStats();
  }
}
