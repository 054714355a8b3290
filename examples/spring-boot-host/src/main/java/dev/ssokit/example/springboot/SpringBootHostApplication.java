package dev.ssokit.example.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot web application that is also the OpenID Connect provider: the starter adds the
 * endpoints from {@code sso.*} properties, and {@code /api/*} accepts only this provider's tokens.
 */
@SpringBootApplication
public class SpringBootHostApplication {
  /** Starts the application (port 8080 unless {@code server.port} says otherwise). */
  public static void main(String[] args) {
    SpringApplication.run(SpringBootHostApplication.class, args);
  }
}
