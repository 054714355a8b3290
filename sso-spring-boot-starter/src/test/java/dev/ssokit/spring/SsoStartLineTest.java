package dev.ssokit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ssokit.SsoProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** A quiet, informative start: one line naming issuer, stores, cache, user directory and algorithm; no library warning. */
@ExtendWith(OutputCaptureExtension.class)
class SsoStartLineTest {
  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(SsoAutoConfiguration.class))
      .withPropertyValues("sso.issuer=http://localhost:8080/sso", "sso.signing-algorithm=ES256");

  @Test
  void whenTheHostHasAUserDirectoryThenTheStartLineNamesItsClass(CapturedOutput output) {
    web.withUserConfiguration(SsoAutoConfigurationTest.HostUsers.class).run(context -> {
      // a user creation hashes a password: password4j reads its settings then
      context.getBean(SsoProvider.class).users().create("bob", "correct horse battery", null, java.util.Map.of());
    });

    assertThat(output.getOut()).contains("SSO Kit provider: issuer http://localhost:8080/sso, stores InMemoryClientStore,"
        + " cache InMemoryCache, users " + SsoAutoConfigurationTest.HostUsers.class.getName() + "$1, signing ES256");
    assertThat(output.getAll()).doesNotContain("global.salt.length").doesNotContain("psw4j.properties")
        .doesNotContain("users from");
  }

  @Test
  void whenNoUserDirectoryIsGivenThenTheStartLineNamesTheBuiltInAccounts(CapturedOutput output) {
    web.run(context -> assertThat(context).hasNotFailed());

    assertThat(output.getOut()).contains("users built-in accounts, signing ES256");
  }
}
