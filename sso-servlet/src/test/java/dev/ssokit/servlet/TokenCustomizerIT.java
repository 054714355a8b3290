package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.ssokit.spi.TokenCustomizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A host's {@link TokenCustomizer} adds claims to access and ID tokens; the protocol's own claims stay reserved. */
class TokenCustomizerIT {
  private static TestProvider provider;
  private static TestProvider reserved;

  /** Roles from the user, a tenant from the client, the grant type, and {@code sub} when the scope asks for it. */
  private static final TokenCustomizer CUSTOMIZER = context -> {
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("tenant", context.client().clientId() + "-tenant");
    claims.put("grant", context.grantType());
    claims.put("token", context.type().name());
    if (context.user() != null) {
      claims.put("roles", List.of("reader", String.valueOf(context.user().claims().get("email"))));
    }
    return claims;
  };

  @BeforeAll
  static void start() throws Exception {
    provider = TestProvider.start(UnaryOperator.identity(), b -> b.tokenCustomizer(CUSTOMIZER));
    reserved = TestProvider.start(UnaryOperator.identity(),
        b -> b.tokenCustomizer(context -> Map.of("tenant", "acme", "sub", "someone-else")));
  }

  @AfterAll
  static void stop() {
    provider.close();
    reserved.close();
  }

  @Test
  void whenUserSignsInThenAccessAndIdTokensCarryTheHostsClaims() throws Exception {
    RelyingParty rp = RelyingParty.clientA(provider);
    RelyingParty.Attempt attempt = rp.attempt();
    OIDCTokens tokens = AuthorizationCodeFlowIT.oidcTokens(attempt.redeem(rp.signIn(provider.browser(), attempt)));
    JWTClaimsSet at = SignedJWT.parse(tokens.getAccessToken().getValue()).getJWTClaimsSet();
    assertThat(at.getStringListClaim("roles")).containsExactly("reader", TestProvider.EMAIL);
    assertThat(at.getStringClaim("tenant")).isEqualTo(TestProvider.CLIENT_A + "-tenant");
    assertThat(at.getStringClaim("grant")).isEqualTo("authorization_code");
    assertThat(at.getStringClaim("token")).isEqualTo("ACCESS_TOKEN");
    assertThat(at.getSubject()).isEqualTo(provider.userId);
    JWTClaimsSet id = tokens.getIDToken().getJWTClaimsSet();
    assertThat(id.getStringListClaim("roles")).containsExactly("reader", TestProvider.EMAIL);
    assertThat(id.getStringClaim("token")).isEqualTo("ID_TOKEN");

    OIDCTokens refreshed = AuthorizationCodeFlowIT.oidcTokens(rp.refresh(tokens.getRefreshToken()));
    assertThat(SignedJWT.parse(refreshed.getAccessToken().getValue()).getJWTClaimsSet().getStringClaim("grant"))
        .isEqualTo("refresh_token");
  }

  @Test
  void whenClientActsForItselfThenTheCustomizerSeesNoUser() throws Exception {
    TokenResponse response = RelyingParty.clientA(provider).clientCredentials(new Scope(TestProvider.API_SCOPE), null);
    assertThat(response.indicatesSuccess()).isTrue();
    JWTClaimsSet at = SignedJWT.parse(response.toSuccessResponse().getTokens().getAccessToken().getValue())
        .getJWTClaimsSet();
    assertThat(at.getStringClaim("grant")).isEqualTo("client_credentials");
    assertThat(at.getClaim("roles")).isNull();
    assertThat(at.getSubject()).isEqualTo(TestProvider.CLIENT_A);
  }

  @Test
  void whenCustomizerSetsAReservedClaimThenTheTokenIsRefusedWithServerError() {
    TokenResponse response = RelyingParty.clientA(reserved).clientCredentials(new Scope(TestProvider.API_SCOPE), null);
    assertThat(response.indicatesSuccess()).isFalse();
    TokenErrorResponse error = (TokenErrorResponse) response;
    assertThat(error.getErrorObject().getCode()).isEqualTo("server_error");
    assertThat(error.getErrorObject().getHTTPStatusCode()).isEqualTo(500);
  }
}
