package dev.ssokit.postgres;

import dev.ssokit.contract.LogoutDeliveryStoreContract;
import dev.ssokit.spi.LogoutDeliveryStore;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresLogoutDeliveryStoreIT extends LogoutDeliveryStoreContract {
  @RegisterExtension
  static final TestSchema DB = new TestSchema();

  @Override
  protected LogoutDeliveryStore newStore() {
    return DB.freshStore().logoutDeliveries();
  }
}
