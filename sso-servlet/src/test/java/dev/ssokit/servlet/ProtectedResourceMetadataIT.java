package dev.ssokit.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.as.AuthorizationServerMetadata;
import com.nimbusds.oauth2.sdk.id.Issuer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Protected Resource Metadata (RFC 9728) of the host's API, and RFC 8707 resource at /authorize. */
class ProtectedResourceMetadataIT {
  private static final Pattern RESOURCE_METADATA = Pattern.compile("resource_metadata=\"([^\"]+)\"");
  private static TestProvider provider;

  @BeforeAll
  static void start() throws Exception {
    provider = TestProvider.start();
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  @Test
  void whenApiAnswers401ThenTheChallengeLeadsThroughTheMetadataToTheProvider() throws Exception {
    HttpResponse<String> denied = provider.browser().get(provider.uri("/api/me"));
    assertThat(denied.statusCode()).isEqualTo(401);
    String challenge = denied.headers().firstValue("WWW-Authenticate").orElseThrow();
    Matcher m = RESOURCE_METADATA.matcher(challenge);
    assertThat(m.find()).as(challenge).isTrue();
    URI metadataUrl = URI.create(m.group(1));
    assertThat(metadataUrl).isEqualTo(provider.uri("/.well-known/oauth-protected-resource"));

    HttpResponse<String> metadata = provider.browser().get(metadataUrl);
    assertThat(metadata.statusCode()).isEqualTo(200);
    assertThat(metadata.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
    Map<String, Object> json = JSONObjectUtils.parse(metadata.body());
    assertThat(json).containsEntry("resource", provider.issuer)
        .containsEntry("authorization_servers", List.of(provider.issuer))
        .containsEntry("scopes_supported", List.of(TestProvider.API_SCOPE))
        .containsEntry("bearer_methods_supported", List.of("header"));
    // RFC 9728 §3.3: the resource named in the metadata is the one whose URL it was fetched from
    AuthorizationServerMetadata as = AuthorizationServerMetadata.resolve(new Issuer(
        ((List<?>) json.get("authorization_servers")).get(0).toString()));
    assertThat(as.getTokenEndpointURI()).isEqualTo(provider.uri("/token"));
  }

  @Test
  void whenInvalidTokenThenTheChallengeStillNamesTheMetadata() {
    HttpResponse<String> r = provider.browser().send(java.net.http.HttpRequest.newBuilder(provider.uri("/api/me"))
        .header("Authorization", "Bearer not-a-token"));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("error=\"invalid_token\"")
        .contains("resource_metadata=\"" + provider.issuer + "/.well-known/oauth-protected-resource\"");
  }

  @Test
  void whenAuthorizationRequestNamesAnUnregisteredResourceThenInvalidTarget() {
    RelyingParty a = RelyingParty.clientA(provider);
    HttpResponse<String> r = provider.browser().get(a.attempt().uri(
        b -> b.resource(URI.create("https://attacker.example/api"))));
    assertThat(Browser.redirectParams(r)).containsEntry("error", "invalid_target");
  }

  @Test
  void whenAuthorizationRequestNamesARegisteredResourceThenSignInProceeds() {
    RelyingParty a = RelyingParty.clientA(provider);
    HttpResponse<String> r = provider.browser().open(a.attempt().uri(b -> b.resource(TestProvider.RESOURCE_A)));
    assertThat(Browser.isLoginPage(r)).isTrue();
  }
}
