package dev.ssokit.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.DPoPAccessToken;
import com.nimbusds.oauth2.sdk.token.RefreshToken;
import com.nimbusds.oauth2.sdk.token.Tokens;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Responses#tokens}: the same answer as the OAuth library's own, written by another JSON writer. */
class TokenResponsesTest {

  private static void assertSameAsLibrary(AccessTokenResponse response) throws Exception {
    HTTPResponse ours = Responses.tokens(response);
    HTTPResponse library = response.toHTTPResponse();
    assertThat(ours.getStatusCode()).isEqualTo(200);
    assertThat(JSONObjectUtils.parse(ours.getBody())).isEqualTo(JSONObjectUtils.parse(library.getBody()));
    assertThat(ours.getEntityContentType().getBaseType()).isEqualTo(library.getEntityContentType().getBaseType());
    assertThat(ours.getHeaderValue("Cache-Control")).isEqualTo("no-store");
    assertThat(ours.getHeaderValue("Pragma")).isEqualTo("no-cache");
    // and a client library reads back what was sent
    AccessTokenResponse parsed = AccessTokenResponse.parse(ours);
    assertThat(parsed.getTokens().getAccessToken().getValue()).isEqualTo(response.getTokens().getAccessToken().getValue());
    assertThat(parsed.getTokens().getAccessToken().getLifetime()).isEqualTo(response.getTokens().getAccessToken().getLifetime());
  }

  @Test
  void whenTheResponseHoldsTokensThenTheBodyIsTheLibrarysJson() throws Exception {
    String jwtLike = "eyJhbGciOiJFUzI1NiJ9." + "A".repeat(700) + ".sig-_";
    assertSameAsLibrary(new AccessTokenResponse(new Tokens(
        new BearerAccessToken(jwtLike, 3600, new Scope("openid", "profile")), new RefreshToken("r".repeat(43)))));
    assertSameAsLibrary(new AccessTokenResponse(new Tokens(new DPoPAccessToken("opaque", 300, null), null)));
  }

  @Test
  void whenTheResponseHasAnIdTokenAndCustomParametersThenTheyAreWrittenToo() throws Exception {
    OIDCTokens tokens = new OIDCTokens(new PlainJWT(new JWTClaimsSet.Builder().subject("alice").build()),
        new BearerAccessToken("at", 60, new Scope("openid")), new RefreshToken("rt"));
    Map<String, Object> custom = Map.of("authorization_details", List.of(Map.of("type", "payment", "amount", 12.5)),
        "note", "quote \" backslash \\ newline \n unicode \u00e9 \u2028");
    assertSameAsLibrary(new OIDCTokenResponse(tokens, custom));
    OIDCTokenResponse parsed = OIDCTokenResponse.parse(Responses.tokens(new OIDCTokenResponse(tokens, custom)));
    assertThat(parsed.getOIDCTokens().getIDTokenString()).isEqualTo(tokens.getIDTokenString());
    assertThat(parsed.getCustomParameters().get("note")).isEqualTo(custom.get("note"));
  }
}
