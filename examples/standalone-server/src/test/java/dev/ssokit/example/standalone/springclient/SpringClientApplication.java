package dev.ssokit.example.standalone.springclient;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A stock Spring Boot web app signing its users in with Spring Security's {@code oauth2Login}: no
 * security configuration of its own, only the {@code spring.security.oauth2.client.*} properties
 * (confidential client, client_secret_basic, Spring's defaults: no PKCE, a nonce).
 *
 * <p>IMPORTANT: test use only. The DataSource auto-configuration is left out because the standalone
 * server's PostgreSQL driver shares this test class path; the client itself needs no database.
 */
@SpringBootApplication(exclude = DataSourceAutoConfiguration.class)
public class SpringClientApplication {
  /** The signed-in user's page. */
  @RestController
  public static class Home {
    @GetMapping("/")
    public String home(@AuthenticationPrincipal OidcUser user) {
      return "signed in: sub=" + user.getSubject() + " email=" + user.getEmail();
    }
  }
}
