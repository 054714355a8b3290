package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssokit.postgres.PostgresStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code SSO_DATABASE_POOL_SIZE}: unset means the store's default, a number its size, nonsense a clear error. */
class ServerConfigDatabasePoolTest {

  @Test
  void whenUnsetThenTheStoresDefault() {
    assertThat(ServerConfig.fromEnvironment(Map.of()).databasePoolSize())
        .isEqualTo(PostgresStore.DEFAULT_MAXIMUM_POOL_SIZE);
  }

  @Test
  void whenAWholeNumberThenThatSize() {
    assertThat(ServerConfig.fromEnvironment(Map.of("SSO_DATABASE_POOL_SIZE", "8")).databasePoolSize()).isEqualTo(8);
  }

  @Test
  void whenZeroOrMalformedThenTheErrorNamesTheSetting() {
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("SSO_DATABASE_POOL_SIZE", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("SSO_DATABASE_POOL_SIZE: must be a whole number of at least 1");
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("SSO_DATABASE_POOL_SIZE", "many")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("SSO_DATABASE_POOL_SIZE: must be a whole number of at least 1");
  }
}
