package dev.ssokit.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicCredentialsTest {

  private static String basic(String raw) {
    return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void whenTheHeaderIsWhatAClientLibrarySendsThenTheClientIdIsTheOAuthLibrarysReading() {
    for (String id : new String[] {"svc", "app:with:colons", "über client", "a+b%c/d", "s6BhdRkqt3"}) {
      String header = new ClientSecretBasic(new ClientID(id), new Secret("p:ss w%rd")).toHTTPAuthorizationHeader();
      assertThat(BasicCredentials.clientId(header)).isEqualTo(id);
    }
  }

  @Test
  void whenTheIdIsFormEncodedThenItIsDecoded() {
    assertThat(BasicCredentials.clientId(basic("my%3Aapp+one:secret"))).isEqualTo("my:app one");
    assertThat(BasicCredentials.clientId("basic " + Base64.getEncoder().encodeToString("svc:x".getBytes()))).isEqualTo("svc");
  }

  @Test
  void whenTheHeaderIsNoBasicCredentialThenNull() {
    assertThat(BasicCredentials.clientId(null)).isNull();
    assertThat(BasicCredentials.clientId("Bearer abc")).isNull();
    assertThat(BasicCredentials.clientId("Basic")).isNull();
    assertThat(BasicCredentials.clientId("Basic !!!not-base64")).isNull();
    assertThat(BasicCredentials.clientId(basic("no-colon"))).isNull();
    assertThat(BasicCredentials.clientId(basic(":secret-without-id"))).isNull();
    assertThat(BasicCredentials.clientId(basic("bad%zzescape:secret"))).isNull();
  }
}
