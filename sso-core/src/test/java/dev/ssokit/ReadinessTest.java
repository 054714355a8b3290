package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.spi.Cache;
import dev.ssokit.testkit.UnreachableCache;
import org.junit.jupiter.api.Test;

/** {@link SsoProvider#readiness} names the backend that does not answer, and never throws. */
class ReadinessTest {

  /** A cache whose server is gone. */
  private static final Cache UNREACHABLE = new UnreachableCache();

  @Test
  void whenEverythingAnswersThenReady() {
    SsoProvider.Readiness r = SsoProvider.builder(SsoSettings.builder("http://localhost:9000").build()).build().readiness();
    assertThat(r.ready()).isTrue();
    assertThat(r.store()).isTrue();
    assertThat(r.cache()).isTrue();
  }

  @Test
  void whenTheCacheIsUnreachableThenNotReadyAndTheCacheIsNamed() {
    SsoProvider.Readiness r = SsoProvider.builder(SsoSettings.builder("http://localhost:9000").build())
        .cache(UNREACHABLE).build().readiness();
    assertThat(r.ready()).isFalse();
    assertThat(r.cache()).isFalse();
    assertThat(r.store()).isTrue();
  }
}
