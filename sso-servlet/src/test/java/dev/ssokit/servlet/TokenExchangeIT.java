package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.Audience;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.TokenTypeURI;
import com.nimbusds.oauth2.sdk.tokenexchange.TokenExchangeGrant;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import dev.ssokit.ClientRegistration;
import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Token exchange (RFC 8693) through real HTTP with Nimbus' client side: impersonation and delegation
 * ({@code act}), only for tokens this provider issued, audience and scope within the client's policy,
 * {@code may_act} honoured.
 */
class TokenExchangeIT {
  private static final String ORDERS = "https://orders.example.com";
  private static final String GATEWAY = "api-gateway";
  private static final String OTHER_GATEWAY = "other-gateway";
  private static TestProvider provider;
  private static TestProvider elsewhere;
  private static String gatewaySecret;
  private static String otherSecret;

  @BeforeAll
  static void start() throws Exception {
    // tokens of CLIENT_A with api.write may be acted for by the gateway only (RFC 8693 §4.4)
    provider = TestProvider.start(UnaryOperator.identity(), b -> b.tokenCustomizer(context ->
        context.type() == dev.ssokit.spi.TokenCustomizer.TokenType.ACCESS_TOKEN
            && context.client().clientId().equals(TestProvider.CLIENT_A) && context.scopes().contains("api.write")
            ? Map.of("may_act", Map.of("client_id", GATEWAY)) : Map.of()));
    elsewhere = TestProvider.start();
    ClientOptions policy = ClientOptions.builder().tokenExchangeAudiences(List.of(ORDERS)).build();
    gatewaySecret = register(GATEWAY, policy);
    otherSecret = register(OTHER_GATEWAY, policy);
  }

  private static String register(String id, ClientOptions options) {
    return provider.provider.clients().register(new ClientRegistration(id, id, List.of(), List.of(),
        Set.of("urn:ietf:params:oauth:grant-type:token-exchange", "client_credentials"),
        Set.of("openid", "profile", TestProvider.API_SCOPE, "api.write", "gateway"), Client.AUTH_CLIENT_SECRET_BASIC,
        null, null).withOptions(options)).clientSecret();
  }

  @AfterAll
  static void stop() {
    provider.close();
    elsewhere.close();
  }

  private static AccessToken userToken(TestProvider p, Scope scope) {
    RelyingParty rp = RelyingParty.clientA(p);
    RelyingParty.Attempt attempt = rp.attempt(scope);
    return AuthorizationCodeFlowIT.oidcTokens(attempt.redeem(rp.signIn(p.browser(), attempt))).getAccessToken();
  }

  private static TokenResponse exchange(String clientId, String secret, AccessToken subject, AccessToken actor,
                                        List<Audience> audience, Scope scope) throws ParseException {
    TokenExchangeGrant grant = new TokenExchangeGrant(subject, TokenTypeURI.ACCESS_TOKEN, actor,
        actor == null ? null : TokenTypeURI.ACCESS_TOKEN, null, audience);
    TokenRequest request = new TokenRequest.Builder(provider.uri("/token"),
        new ClientSecretBasic(new ClientID(clientId), new Secret(secret)), grant).scope(scope).build();
    return OIDCTokenResponseParser.parse(RelyingParty.send(request.toHTTPRequest()));
  }

  private static JWTClaimsSet claims(TokenResponse response) throws Exception {
    assertThat(response.indicatesSuccess()).as(() -> String.valueOf(response.toErrorResponse().getErrorObject()))
        .isTrue();
    assertThat(response.toSuccessResponse().getTokens().getAccessToken().getIssuedTokenType())
        .isEqualTo(TokenTypeURI.ACCESS_TOKEN);
    return SignedJWT.parse(response.toSuccessResponse().getTokens().getAccessToken().getValue()).getJWTClaimsSet();
  }

  private static String error(TokenResponse response) {
    assertThat(response.indicatesSuccess()).isFalse();
    return ((TokenErrorResponse) response).getErrorObject().getCode();
  }

  @Test
  void whenGatewayImpersonatesTheUserThenTheNewTokenIsTheUsersForTheAllowedAudience() throws Exception {
    AccessToken subject = userToken(provider, new Scope("openid", "profile", TestProvider.API_SCOPE));
    JWTClaimsSet c = claims(exchange(GATEWAY, gatewaySecret, subject, null, Audience.create(ORDERS),
        new Scope(TestProvider.API_SCOPE)));
    assertThat(c.getSubject()).isEqualTo(provider.userId);
    assertThat(c.getStringClaim("client_id")).isEqualTo(GATEWAY);
    assertThat(c.getAudience()).containsExactly(ORDERS);
    assertThat(c.getStringClaim("scope")).isEqualTo(TestProvider.API_SCOPE);
    assertThat(c.getClaim("act")).isNull();
    assertThat(provider.provider.verifyAccessToken(
        exchange(GATEWAY, gatewaySecret, subject, null, null, null).toSuccessResponse().getTokens().getAccessToken()
            .getValue())).isPresent();
  }

  @Test
  void whenGatewayActsForTheUserThenTheNewTokenNamesTheActor() throws Exception {
    AccessToken subject = userToken(provider, new Scope("openid", TestProvider.API_SCOPE));
    AccessToken actor = RelyingParty.confidential(provider, GATEWAY, gatewaySecret)
        .clientCredentials(new Scope("gateway"), null).toSuccessResponse().getTokens().getAccessToken();
    JWTClaimsSet c = claims(exchange(GATEWAY, gatewaySecret, subject, actor, Audience.create(ORDERS), null));
    assertThat(c.getSubject()).isEqualTo(provider.userId);
    assertThat(c.getJSONObjectClaim("act")).containsEntry("sub", GATEWAY);
  }

  @Test
  void whenSubjectTokenWasIssuedElsewhereOrIsNoTokenThenInvalidRequest() throws Exception {
    AccessToken foreign = userToken(elsewhere, new Scope("openid", TestProvider.API_SCOPE));
    assertThat(error(exchange(GATEWAY, gatewaySecret, foreign, null, null, null))).isEqualTo("invalid_request");
    assertThat(error(exchange(GATEWAY, gatewaySecret, new BearerAccessToken("not-a-token"), null, null, null)))
        .isEqualTo("invalid_request");
  }

  @Test
  void whenAudienceOrScopeExceedsThePolicyThenTheyAreRefused() throws Exception {
    AccessToken subject = userToken(provider, new Scope("openid", TestProvider.API_SCOPE));
    assertThat(error(exchange(GATEWAY, gatewaySecret, subject, null, Audience.create("https://evil.example.com"),
        null))).isEqualTo("invalid_target");
    // api.write is the client's, but not in the subject token
    assertThat(error(exchange(GATEWAY, gatewaySecret, subject, null, null, new Scope("api.write"))))
        .isEqualTo("invalid_scope");
  }

  @Test
  void whenClientIsNotRegisteredForTokenExchangeThenUnauthorizedClient() throws Exception {
    AccessToken subject = userToken(provider, new Scope("openid", TestProvider.API_SCOPE));
    assertThat(error(exchange(TestProvider.CLIENT_B, provider.secretB, subject, null, null, null)))
        .isEqualTo("unauthorized_client");
  }

  @Test
  void whenSubjectTokenNamesWhoMayActThenOnlyThatClientMayExchangeIt() throws Exception {
    AccessToken subject = userToken(provider, new Scope("openid", TestProvider.API_SCOPE, "api.write"));
    assertThat(claims(exchange(GATEWAY, gatewaySecret, subject, null, null, null)).getSubject())
        .isEqualTo(provider.userId);
    assertThat(error(exchange(OTHER_GATEWAY, otherSecret, subject, null, null, null))).isEqualTo("invalid_grant");
  }
}
