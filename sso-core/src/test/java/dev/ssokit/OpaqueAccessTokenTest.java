package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.contract.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Clients registered with {@code access_token_format: opaque} get reference tokens answered by introspection. */
class OpaqueAccessTokenTest {
  private static final String ISSUER = "http://localhost:9000";
  private final MutableClock clock = MutableClock.atNow();
  private SsoProvider provider;
  private String basic;

  @BeforeEach
  void setUp() {
    provider = SsoProvider.builder(SsoSettings.builder(ISSUER).build()).clock(clock).build();
    String secret = provider.clients().register(new ClientRegistration("svc", null, List.of(), null,
        Set.of("client_credentials"), Set.of("api"), "client_secret_basic", "web", "opaque")).clientSecret();
    basic = "Basic " + Base64.getEncoder().encodeToString(("svc:" + secret).getBytes());
  }

  private Map<String, Object> post(String path, String body) throws Exception {
    HTTPRequest req = new HTTPRequest(HTTPRequest.Method.POST, URI.create(ISSUER + path).toURL());
    req.setHeader("Content-Type", "application/x-www-form-urlencoded");
    req.setHeader("Authorization", basic);
    req.setBody(body);
    HTTPResponse res = provider.handle(req);
    assertThat(res.getStatusCode()).as(res.getBody()).isEqualTo(200);
    return res.getBody() == null || res.getBody().isEmpty() ? Map.of() : JSONObjectUtils.parse(res.getBody());
  }

  @Test
  void whenClientIsOpaqueThenTokenIsAReferenceThatIntrospectsRevokesAndExpires() throws Exception {
    String token = (String) post("/token", "grant_type=client_credentials").get("access_token");
    assertThat(token).doesNotContain(".").hasSizeGreaterThanOrEqualTo(43);

    Map<String, Object> active = post("/introspect", "token=" + token);
    assertThat(active).containsEntry("active", true).containsEntry("client_id", "svc").containsEntry("scope", "api");
    assertThat(provider.verifyAccessToken(token)).isPresent();

    post("/revoke", "token=" + token);
    assertThat(post("/introspect", "token=" + token)).containsEntry("active", false);

    String second = (String) post("/token", "grant_type=client_credentials").get("access_token");
    clock.advance(SsoSettings.DEFAULT_ACCESS_TOKEN_LIFETIME.plus(Duration.ofSeconds(1)));
    assertThat(post("/introspect", "token=" + second)).containsEntry("active", false);
  }
}
