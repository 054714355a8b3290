package dev.ssokit.example.multiapp.client;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The relying party: a stock Spring Boot app with {@code spring-boot-starter-oauth2-client} and no
 * security configuration of its own ({@code client.properties}): Boot's default chain signs every
 * visitor in through {@code oauth2Login} at the provider, then {@link HomeController} calls the APIs
 * with the user's access token.
 */
@SpringBootApplication
public class ClientApplication {
}
