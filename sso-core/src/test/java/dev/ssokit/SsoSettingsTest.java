package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SsoSettingsTest {

  @Test
  void whenOnlyIssuerGivenThenEveryDefaultApplies() {
    SsoSettings s = SsoSettings.builder("https://login.example.com/").build();
    assertThat(s.issuer().toString()).isEqualTo("https://login.example.com");
    assertThat(s.accessTokenLifetime()).isEqualTo(SsoSettings.DEFAULT_ACCESS_TOKEN_LIFETIME);
    assertThat(s.signingAlgorithm()).isEqualTo("RS256");
    assertThat(s.secureCookies()).isTrue();
  }

  @Test
  void whenHttpIssuerOutsideLocalhostThenBuildFailsNamingTheSetting() {
    assertThatThrownBy(() -> SsoSettings.builder("http://login.example.com").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("issuer:");
  }

  @Test
  void whenIssuerHasQueryThenRejected() {
    assertThatThrownBy(() -> SsoSettings.builder("https://a.example/?x=1"))
        .hasMessageStartingWith("issuer:");
  }

  @Test
  void whenUnknownAlgorithmThenBuildFailsNamingTheSetting() {
    assertThatThrownBy(() -> SsoSettings.builder("http://localhost:9000").signingAlgorithm("HS256").build())
        .hasMessageStartingWith("signingAlgorithm:");
  }

  @Test
  void whenNonPositiveLifetimeThenRejected() {
    assertThatThrownBy(() -> SsoSettings.builder("http://localhost").accessTokenLifetime(Duration.ZERO))
        .hasMessageStartingWith("accessTokenLifetime:");
  }

  @Test
  void whenRefreshTokenAbsoluteLifetimeShorterThanIdleLifetimeThenBuildFailsNamingTheSetting() {
    assertThatThrownBy(() -> SsoSettings.builder("http://localhost").refreshTokenLifetime(Duration.ofDays(30))
        .refreshTokenAbsoluteLifetime(Duration.ofDays(7)).build())
        .hasMessageStartingWith("refreshTokenAbsoluteLifetime:");
  }

  @Test
  void whenSessionIdleTimeoutUnderAMinuteThenBuildFailsNamingTheSetting() {
    assertThatThrownBy(() -> SsoSettings.builder("http://localhost").sessionIdleTimeout(Duration.ofSeconds(30)).build())
        .hasMessageStartingWith("sessionIdleTimeout:");
    assertThat(SsoSettings.builder("http://localhost").build().sessionIdleTimeout())
        .isEqualTo(SsoSettings.DEFAULT_SESSION_IDLE_TIMEOUT);
  }

  @Test
  void whenShortKeyEncryptionSecretThenRejected() {
    assertThatThrownBy(() -> SsoSettings.builder("http://localhost").keyEncryptionSecret("short").build())
        .hasMessageStartingWith("keyEncryptionSecret:");
  }

  @Test
  void whenLocalhostHttpIssuerThenCookiesAreNotSecure() {
    assertThat(SsoSettings.builder("http://localhost:9000").build().secureCookies()).isFalse();
  }
}
