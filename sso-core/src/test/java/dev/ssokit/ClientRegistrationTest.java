package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClientRegistrationTest {

  private static ClientRegistration web(String redirect) {
    return new ClientRegistration("c", null, List.of(URI.create(redirect)), null, Set.of("authorization_code"),
        Set.of("openid"), "client_secret_basic", "web", null);
  }

  @Test
  void whenMetadataIsRfc7591ThenParsed() {
    ClientRegistration r = ClientRegistration.fromMetadata(Map.of("client_id", "web", "redirect_uris",
        List.of("https://app/cb"), "grant_types", List.of("authorization_code", "client_credentials"),
        "scope", "openid api", "token_endpoint_auth_method", "client_secret_post"));
    r.validate();
    assertThat(r.scope()).containsExactlyInAnyOrder("openid", "api");
    assertThat(r.grantTypes()).contains("client_credentials");
    assertThat(r.tokenEndpointAuthMethod()).isEqualTo("client_secret_post");
  }

  @Test
  void whenUnknownMetadataFieldThenRejected() {
    assertThatThrownBy(() -> ClientRegistration.fromMetadata(Map.of("client_id", "x", "jwks_url", "y")))
        .hasMessageContaining("jwks_url");
  }

  @Test
  void whenRedirectHasFragmentThenRejected() {
    assertThatThrownBy(() -> web("https://app/cb#frag").validate()).hasMessageStartingWith("redirect_uris:");
  }

  @Test
  void whenPlainHttpRedirectOutsideLoopbackThenRejected() {
    assertThatThrownBy(() -> web("http://app.example.com/cb").validate()).hasMessageStartingWith("redirect_uris:");
  }

  @Test
  void whenCustomSchemeForWebClientThenRejected() {
    assertThatThrownBy(() -> web("com.example.app:/cb").validate()).hasMessageContaining("native");
  }

  @Test
  void whenPublicClientAsksForClientCredentialsThenRejected() {
    ClientRegistration r = new ClientRegistration("c", null, List.of(), null, Set.of("client_credentials"),
        Set.of("api"), "none", "web", null);
    assertThatThrownBy(r::validate).hasMessageStartingWith("grant_types:");
  }
}
