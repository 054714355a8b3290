package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code SSO_PURGE_INTERVAL}: default, both duration spellings, and a clear error for nonsense. */
class ServerConfigPurgeIntervalTest {

  @Test
  void whenUnsetThenPurgeHourly() {
    assertThat(ServerConfig.fromEnvironment(Map.of()).purgeInterval()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void whenIsoDurationOrSecondsThenThatInterval() {
    assertThat(ServerConfig.fromEnvironment(Map.of("SSO_PURGE_INTERVAL", "PT15M")).purgeInterval())
        .isEqualTo(Duration.ofMinutes(15));
    assertThat(ServerConfig.fromEnvironment(Map.of("SSO_PURGE_INTERVAL", "90")).purgeInterval())
        .isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void whenZeroOrMalformedThenTheErrorNamesTheSetting() {
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("SSO_PURGE_INTERVAL", "0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("SSO_PURGE_INTERVAL: must be positive");
    assertThatThrownBy(() -> ServerConfig.fromEnvironment(Map.of("SSO_PURGE_INTERVAL", "hourly")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("SSO_PURGE_INTERVAL: not a duration");
  }
}
