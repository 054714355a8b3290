package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** OWASP ASVS 5.0 V6.2 through the built-in accounts: what a new password must and must not be. */
class PasswordPolicyTest {
  private static final String ISSUER = "http://localhost:9000";

  private static Users users(SsoSettings.Builder settings) {
    return SsoProvider.builder(settings.build()).build().users();
  }

  private static Users users() {
    return users(SsoSettings.builder(ISSUER));
  }

  @Test
  void whenPasswordIsGeneratedThenItPassesThePolicyAtEveryMinimumLength() {
    for (int min : new int[] {8, 22, 23, 64}) {
      Users users = users(SsoSettings.builder(ISSUER).passwordMinLength(min));
      String password = users.generatePassword();
      assertThat(password).as("min " + min).hasSize(Math.max(22, min)).matches("[A-Za-z0-9_-]+");
      assertThat(users.create("u" + min, password, null, Map.of())).isPresent();
      assertThat(users.generatePassword()).isNotEqualTo(password);
    }
  }

  @Test
  void whenPasswordIsCommonThenRefusedWhateverItsCase() {
    for (String common : new String[] {"password1234", "qwertyuiop", "12345678", "Password1234", "ILOVEYOU1"}) {
      assertThatThrownBy(() -> users().create("u", common, null, Map.of()))
          .as(common).hasMessageStartingWith("password: is one of the most common passwords");
    }
  }

  @Test
  void whenPasswordIsTheUsernameOrEmailThenRefused() {
    assertThatThrownBy(() -> users().create("alexander.h", "Alexander.H", null, Map.of()))
        .hasMessage("password: must not be the username or e-mail address");
    assertThatThrownBy(() -> users().create("u1", "xander@example.com", "xander@example.com", Map.of()))
        .hasMessage("password: must not be the username or e-mail address");
    assertThatThrownBy(() -> users().create("u2", "zyxwvutsrqp", "zyxwvutsrqp@example.com", Map.of()))
        .hasMessage("password: must not be the username or e-mail address");
  }

  @Test
  void whenPasswordIsShortThenRefusedAndTheMinimumIsASetting() {
    assertThatThrownBy(() -> users().create("u", "k7#Qz!2", null, Map.of()))
        .hasMessage("password: must have at least 8 characters");
    assertThat(users().create("u", "k7#Qz!2w", null, Map.of())).isPresent();

    Users strict = users(SsoSettings.builder(ISSUER).passwordMinLength(15));
    assertThat(strict.create("u", "k7#Qz!2wlongish", null, Map.of())).isPresent();
    assertThatThrownBy(() -> strict.create("v", "k7#Qz!2wlongis", null, Map.of()))
        .hasMessage("password: must have at least 15 characters");
    assertThatThrownBy(() -> SsoSettings.builder(ISSUER).passwordMinLength(7).build())
        .hasMessageStartingWith("passwordMinLength:");
    assertThatThrownBy(() -> SsoSettings.builder(ISSUER).passwordMinLength(65).build())
        .hasMessageStartingWith("passwordMinLength:");
  }

  @Test
  void whenPasswordIsLongOrHasNoCompositionThenAcceptedWhole() {
    String sixtyFour = "correct horse battery staple and then some more words to reach 6";
    assertThat(sixtyFour).hasSize(64);
    Users users = users();
    String id = users.create("long", sixtyFour + "4 and beyond", null, Map.of()).orElseThrow().id();
    // no composition rules: lower-case words only is fine; a 256-character password is accepted too
    users.changePassword(id, "all lower case words here");
    users.changePassword(id, "x".repeat(255) + "y");
    assertThatThrownBy(() -> users.changePassword(id, "x".repeat(257)))
        .hasMessage("password: must have at most 256 characters");
  }

  @Test
  void whenChangingPasswordThenThePolicyAppliesToo() {
    Users users = users();
    String id = users.create("carol", "k7#Qz!2wP", "carol@example.com", Map.of()).orElseThrow().id();
    assertThatThrownBy(() -> users.changePassword(id, "qwertyuiop")).hasMessageStartingWith("password: is one of");
    assertThatThrownBy(() -> users.changePassword(id, "Carol@Example.com"))
        .hasMessage("password: must not be the username or e-mail address");
  }
}
