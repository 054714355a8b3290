package dev.ssokit.example.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssokit.SsoSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One duration syntax for every {@code SSO_*} duration: Spring-style units, ISO-8601, plain seconds. */
class ServerConfigDurationTest {

  private static Duration accessTokenLifetime(String value) {
    return ServerConfig.fromEnvironment(Map.of("SSO_ACCESS_TOKEN_LIFETIME", value)).accessTokenLifetime();
  }

  @Test
  void whenSpringStyleUnitsThenThatDuration() {
    assertThat(accessTokenLifetime("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(accessTokenLifetime("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(accessTokenLifetime("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(accessTokenLifetime("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(accessTokenLifetime("1500ms")).isEqualTo(Duration.ofMillis(1500));
    assertThat(ServerConfig.fromEnvironment(Map.of("SSO_PURGE_INTERVAL", "15m")).purgeInterval())
        .isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void whenIsoOrPlainSecondsThenThatDuration() {
    assertThat(accessTokenLifetime("PT10M")).isEqualTo(Duration.ofMinutes(10));
    assertThat(accessTokenLifetime("600")).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void whenUnknownUnitThenTheErrorNamesTheVariable() {
    assertThatThrownBy(() -> accessTokenLifetime("10 minutes")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("SSO_ACCESS_TOKEN_LIFETIME: not a duration");
    assertThatThrownBy(() -> accessTokenLifetime("2w")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("SSO_ACCESS_TOKEN_LIFETIME: not a duration");
  }

  private static Duration codeLifetime(String value) {
    SsoSettings.Builder settings = SsoSettings.builder("http://localhost:9000");
    ServerConfig.applyProtocol(Map.of("SSO_AUTHORIZATION_CODE_LIFETIME", value), settings);
    return settings.build().authorizationCodeLifetime();
  }

  @Test
  void whenCodeLifetimeSetThenCodesLiveThatLongUpToTenMinutes() {
    assertThat(ServerConfig.VARIABLES).containsKey("SSO_AUTHORIZATION_CODE_LIFETIME");
    assertThat(codeLifetime("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(codeLifetime("PT10M")).isEqualTo(SsoSettings.MAX_AUTHORIZATION_CODE_LIFETIME);
    assertThatThrownBy(() -> codeLifetime("11m")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SSO_AUTHORIZATION_CODE_LIFETIME: must be at most PT10M (RFC 6749 §4.1.2), was PT11M");
    assertThatThrownBy(() -> codeLifetime("0")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SSO_AUTHORIZATION_CODE_LIFETIME: must be a positive duration, was PT0S");
  }
}
