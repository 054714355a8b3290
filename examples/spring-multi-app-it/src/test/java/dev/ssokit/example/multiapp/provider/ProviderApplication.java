package dev.ssokit.example.multiapp.provider;

import dev.ssokit.SsoProvider;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/**
 * The identity provider: a Spring Boot web app with Spring Security and {@code sso-spring-boot-starter}
 * ({@code provider.properties}). The starter puts the provider's endpoints below {@code /sso} and its
 * tokens in front of {@code /api/*} in chains of their own; everything else keeps Boot's default chain.
 */
@SpringBootApplication
@EnableMethodSecurity
public class ProviderApplication {

  /** Creates the one built-in account at start, unless it exists (the store may be durable). */
  @Bean
  ApplicationRunner users(SsoProvider provider, @Value("${app.user.username}") String username,
                          @Value("${app.user.password}") String password) {
    return args -> {
      if (provider.users().findByUsername(username).isEmpty()) {
        provider.users().create(username, password, username + "@example.com",
            Map.of("name", "Alice Example", "email_verified", true));
      }
    };
  }
}
