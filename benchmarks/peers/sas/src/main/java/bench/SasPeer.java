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
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/** Spring Authorization Server, one client_credentials client (secret from SECRET, {noop}), RS256 JWTs. */
@SpringBootApplication
public class SasPeer {
  public static void main(String[] args) {
    SpringApplication.run(SasPeer.class, args);
  }

  @Bean
  RegisteredClientRepository clients() {
    return new InMemoryRegisteredClientRepository(RegisteredClient.withId("1").clientId("bench-cc")
        .clientSecret("{noop}" + System.getenv("SECRET"))
        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS).scope("api").build());
  }

  @Bean
  JWKSource<SecurityContext> jwkSource() throws Exception {
    RSAKey key = new RSAKeyGenerator(2048).keyID("bench").generate();
    return new ImmutableJWKSet<>(new JWKSet(key));
  }
}
