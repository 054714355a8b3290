package dev.ssokit.example.springboot;

import dev.ssokit.ClientRegistration;
import dev.ssokit.Clients;
import dev.ssokit.SsoProvider;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Creates a demo client ({@value #CLIENT_ID}: client_credentials and authorization code, scopes
 * {@code openid profile email api}) and a demo user ({@value #USERNAME}) at start, each with a fresh
 * random secret printed once to the console.
 *
 * <p>IMPORTANT: for trying the example only; secrets go to standard output, never to a log line.
 * Off with {@code demo.seed=false}.
 */
@Component
@ConditionalOnProperty(name = "demo.seed", havingValue = "true", matchIfMissing = true)
public class DemoSetup implements CommandLineRunner {
  /** The demo client's id. */
  public static final String CLIENT_ID = "demo-app";
  /** The demo user's username. */
  public static final String USERNAME = "demo";

  private static final Logger LOG = LoggerFactory.getLogger(DemoSetup.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SsoProvider provider;

  /** Uses the provider bean of the starter. */
  public DemoSetup(SsoProvider provider) {
    this.provider = provider;
  }

  @Override
  public void run(String... args) {
    String issuer = provider.settings().issuer().toString();
    if (provider.clients().find(CLIENT_ID).isEmpty()) {
      Clients.Registered client = provider.clients().register(new ClientRegistration(CLIENT_ID, "Demo app",
          List.of(URI.create("http://localhost:8081/callback")), List.of(),
          Set.of("authorization_code", "refresh_token", "client_credentials"),
          Set.of("openid", "profile", "email", "api"), "client_secret_basic", "web", "jwt"));
      LOG.info("demo client registered: client_id={} (its secret is printed once on standard output)", CLIENT_ID);
      System.out.println("Demo client: client_id=" + CLIENT_ID + " client_secret=" + client.clientSecret());
      System.out.println("  try: curl -u " + CLIENT_ID + ":<secret> -d grant_type=client_credentials -d scope=api "
          + issuer + "/token");
    }
    if (provider.users().findByUsername(USERNAME).isEmpty()) {
      byte[] bytes = new byte[12];
      RANDOM.nextBytes(bytes);
      String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      provider.users().create(USERNAME, password, "demo@example.com",
          Map.of("name", "Demo User", "email_verified", true));
      LOG.info("demo user created: username={}", USERNAME);
      System.out.println("Demo user:   username=" + USERNAME + " password=" + password);
    }
  }
}
