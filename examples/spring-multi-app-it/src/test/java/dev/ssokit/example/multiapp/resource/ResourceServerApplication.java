package dev.ssokit.example.multiapp.resource;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;

/**
 * The resource server: a stock Spring Boot app with {@code spring-boot-starter-oauth2-resource-server},
 * only {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} ({@code resource-server.properties})
 * and no decoder of its own; Boot's default chain requires a valid JWT of the provider everywhere.
 */
@SpringBootApplication
@EnableMethodSecurity
public class ResourceServerApplication {
}
