package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.spi.ClientOptions;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code access_token_typ}: RFC 9068's {@code at+jwt} by default, {@code JWT} per client for resource
 * servers that accept nothing else; the provider still tells such a token from an ID token.
 */
class AccessTokenTypTest {
  private final SsoProvider provider = SsoProvider.builder(SsoSettings.builder("http://localhost:8080").build()).build();

  private Map<String, Object> signIn(ClientOptions options) throws Exception {
    provider.clients().register(new ClientRegistration("web", null, List.of(URI.create(LoginDriver.REDIRECT)), null,
        Set.of("authorization_code"), Set.of("openid"), "none", null, null).withOptions(options));
    provider.users().create("alice", "correct horse battery staple", null, Map.of());
    LoginDriver browser = new LoginDriver(provider, "192.0.2.1").start();
    HTTPResponse tokens = browser.redeem(browser.code(browser.login("alice", "correct horse battery staple")));
    assertThat(tokens.getStatusCode()).as(tokens.getBody()).isEqualTo(200);
    return JSONObjectUtils.parse(tokens.getBody());
  }

  private static String typ(Object jwt) throws Exception {
    return SignedJWT.parse((String) jwt).getHeader().getType().getType();
  }

  @Test
  void whenTheClientAsksForTypJwtThenItsAccessTokensCarryItAndStillVerify() throws Exception {
    Map<String, Object> tokens = signIn(ClientOptions.builder().accessTokenTyp(ClientOptions.ACCESS_TOKEN_TYP_JWT).build());

    assertThat(typ(tokens.get("access_token"))).isEqualTo("JWT");
    assertThat(provider.verifyAccessToken((String) tokens.get("access_token")))
        .hasValueSatisfying(t -> assertThat(t.clientId()).isEqualTo("web"));
  }

  @Test
  void whenAnIdTokenIsPresentedAsAccessTokenThenItIsRefusedAlthoughBothAreTypJwt() throws Exception {
    Map<String, Object> tokens = signIn(ClientOptions.builder().accessTokenTyp(ClientOptions.ACCESS_TOKEN_TYP_JWT).build());

    assertThat(typ(tokens.get("id_token"))).isEqualTo("JWT");
    assertThat(provider.verifyAccessToken((String) tokens.get("id_token"))).isEmpty();
  }

  @Test
  void whenTheClientSetsNothingThenAccessTokensAreAtJwt() throws Exception {
    Map<String, Object> tokens = signIn(ClientOptions.DEFAULTS);

    assertThat(typ(tokens.get("access_token"))).isEqualTo("at+jwt");
    assertThat(provider.verifyAccessToken((String) tokens.get("access_token"))).isPresent();
  }
}
