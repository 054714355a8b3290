package bench;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.crypto.password.NoOpPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Spring Authorization Server, one client_credentials client (secret from SECRET, compared as it is), RS256 JWTs.
 * The secret is checked by a plain comparison like SSO Kit's SHA-256: with SAS's default delegating encoder a
 * {noop} secret is re-encoded to bcrypt after the first successful authentication ("upgradeEncoding"), and
 * every token then costs a bcrypt check (about 100 ms of CPU here: 19 tokens/s).
 */
@SpringBootApplication
public class SasPeer {
  public static void main(String[] args) {
    SpringApplication.run(SasPeer.class, args);
  }

  @Bean
  RegisteredClientRepository clients() {
    return new InMemoryRegisteredClientRepository(RegisteredClient.withId("1").clientId("bench-cc")
        .clientSecret(System.getenv("SECRET"))
        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS).scope("api").build());
  }

  @Bean
  @SuppressWarnings("deprecation") // the benchmark's high-entropy secret needs no slow hash (as in SSO Kit)
  PasswordEncoder clientSecretEncoder() {
    return NoOpPasswordEncoder.getInstance();
  }

  @Bean
  JWKSource<SecurityContext> jwkSource() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
    return new ImmutableJWKSet<>(new JWKSet(key));
  }
}
