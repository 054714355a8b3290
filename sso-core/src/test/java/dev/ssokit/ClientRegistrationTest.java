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
  void whenOptionsInMetadataThenParsedValidatedAndWrittenBackTheSame() {
    Map<String, Object> metadata = new java.util.LinkedHashMap<>();
    metadata.put("allowed_resources", List.of("https://api.example/"));
    metadata.put("introspect_all_tokens", true);
    metadata.put("require_pkce", true);
    metadata.put("jwks", Map.of("keys", List.of(Map.of("kty", "oct", "k", "c2VjcmV0"))));
    metadata.put("request_object_signing_alg", "none");
    metadata.put("backchannel_logout_uri", "https://app/bc");
    metadata.put("backchannel_logout_session_required", true);
    metadata.put("frontchannel_logout_uri", "https://app/fc");
    metadata.put("frontchannel_logout_session_required", true);
    metadata.put("access_token_typ", "JWT");
    metadata.put("client_uri", "https://app.example/");
    metadata.put("policy_uri", "https://app.example/privacy");
    metadata.put("tos_uri", "https://app.example/terms");
    Map<String, Object> all = new java.util.HashMap<>(metadata);
    all.put("client_id", "web");
    all.put("redirect_uris", List.of("https://app/cb"));

    ClientRegistration r = ClientRegistration.fromMetadata(all);
    r.validate();

    assertThat(r.options().requirePkce()).isTrue();
    assertThat(r.options().backchannelLogoutUri()).isEqualTo(URI.create("https://app/bc"));
    // a symmetric key is not a public key: toString(true) keeps no secret part of it
    assertThat(r.options().jwks()).doesNotContain("c2VjcmV0");
    metadata.put("jwks", Map.of("keys", List.of()));
    assertThat(r.options().toMetadata()).isEqualTo(metadata);
  }

  @Test
  void whenOptionHasWrongTypeOrValueThenRejectedNamingIt() {
    assertThatThrownBy(() -> ClientRegistration.fromMetadata(Map.of("require_pkce", "yes")))
        .hasMessageStartingWith("require_pkce:");
    assertThatThrownBy(() -> web("https://app/cb").withOptions(dev.ssokit.spi.ClientOptions.builder()
        .backchannelLogout(URI.create("javascript:alert(1)"), false).build()).validate())
        .hasMessageStartingWith("backchannel_logout_uri:");
    assertThatThrownBy(() -> web("https://app/cb").withOptions(dev.ssokit.spi.ClientOptions.builder()
        .requestObjectSigningAlg("HS256").build()).validate())
        .hasMessageStartingWith("request_object_signing_alg:");
    assertThatThrownBy(() -> web("https://app/cb").withOptions(dev.ssokit.spi.ClientOptions.builder()
        .accessTokenTyp("jwt+at").build()).validate())
        .hasMessageStartingWith("access_token_typ:");
    // the links a consent page shows: https only, no loopback exception
    for (String field : List.of("client_uri", "policy_uri", "tos_uri")) {
      for (String url : List.of("http://app.example/", "http://127.0.0.1/", "javascript:alert(1)", "/relative")) {
        Map<String, Object> m = Map.of("client_id", "web", "redirect_uris", List.of("https://app/cb"), field, url);
        assertThatThrownBy(() -> ClientRegistration.fromMetadata(m).validate()).as(field + " " + url)
            .hasMessageStartingWith(field + ":");
      }
    }
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

  private static ClientRegistration nativeApp(String redirect, String postLogout) {
    return new ClientRegistration("app", null, List.of(URI.create(redirect)),
        postLogout == null ? null : List.of(URI.create(postLogout)), Set.of("authorization_code"),
        Set.of("openid"), "none", "native", null);
  }

  @Test
  void whenRedirectSchemeRunsOrReadsLocallyThenRejectedInAnyCase() {
    for (String uri : List.of("javascript:alert(1)", "JavaScript://x/%0aalert(1)", "data:text/html,%3Cscript%3Ex%3C/script%3E",
        "DATA:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox", "file:///etc/passwd", "FILE://host/share",
        "blob:https://app.example/0b7e", "about:blank", "ABOUT:srcdoc")) {
      assertThatThrownBy(() -> nativeApp(uri, null).validate()).as(uri)
          .hasMessageStartingWith("redirect_uris:").hasMessageContaining("not allowed");
      assertThatThrownBy(() -> nativeApp("com.example.app:/cb", uri).validate()).as(uri)
          .hasMessageStartingWith("post_logout_redirect_uris:");
    }
  }

  @Test
  void whenPrivateUseSchemeIsNotReverseDomainThenRejected() {
    assertThatThrownBy(() -> nativeApp("myapp:/cb", null).validate())
        .hasMessageStartingWith("redirect_uris:").hasMessageContaining("RFC 8252");
    assertThatThrownBy(() -> nativeApp("com.example.app:/cb", "myapp:/bye").validate())
        .hasMessageStartingWith("post_logout_redirect_uris:");
    nativeApp("com.example.app:/oauth2redirect", "com.example.app:/signed-out").validate();
    nativeApp("http://127.0.0.1/cb", null).validate();
  }

  @Test
  void whenLocalSchemeRegisteredThroughProviderThenRefusedAndNotStored() {
    SsoProvider provider = SsoProvider.builder(SsoSettings.builder("https://sso.example").build()).build();
    assertThatThrownBy(() -> provider.clients().register(nativeApp("javascript:alert(document.domain)", null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("redirect_uris:");
    assertThat(provider.clients().find("app")).isEmpty();
  }

  @Test
  void whenPublicClientAsksForClientCredentialsThenRejected() {
    ClientRegistration r = new ClientRegistration("c", null, List.of(), null, Set.of("client_credentials"),
        Set.of("api"), "none", "web", null);
    assertThatThrownBy(r::validate).hasMessageStartingWith("grant_types:");
  }
}
