package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.contract.MutableClock;
import dev.ssokit.memory.InMemorySigningKeyStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A JWT access token checked a second time (resource servers present the same token on every call; its
 * signature is checked once) is answered as the first time, and whatever made it invalid since (revocation,
 * expiry, its key leaving the published set, a changed byte) still makes it invalid at once.
 */
class RepeatedTokenVerificationTest {
  private static final String ISSUER = "http://localhost:9000";
  private final MutableClock clock = MutableClock.atNow();
  private final InMemorySigningKeyStore keyStore = new InMemorySigningKeyStore();
  private SsoProvider provider;
  private String basic;

  @BeforeEach
  void setUp() {
    provider = SsoProvider.builder(SsoSettings.builder(ISSUER).signingAlgorithm("ES256").build()).clock(clock)
        .signingKeyStore(keyStore).build();
    String secret = provider.clients().register(new ClientRegistration("svc", null, List.of(), null,
        Set.of("client_credentials"), Set.of("api"), "client_secret_basic", null, null)).clientSecret();
    basic = "Basic " + Base64.getEncoder().encodeToString(("svc:" + secret).getBytes(StandardCharsets.UTF_8));
  }

  private HTTPResponse post(String path, String body) throws Exception {
    HTTPRequest req = new HTTPRequest(HTTPRequest.Method.POST, URI.create(ISSUER + path).toURL());
    req.setClientIPAddress("192.0.2.7");
    req.setHeader("Content-Type", "application/x-www-form-urlencoded");
    req.setHeader("Authorization", basic);
    req.setBody(body);
    return provider.handle(req);
  }

  private String token() throws Exception {
    HTTPResponse res = post("/token", "grant_type=client_credentials&scope=api");
    assertThat(res.getStatusCode()).as(res.getBody()).isEqualTo(200);
    return (String) JSONObjectUtils.parse(res.getBody()).get("access_token");
  }

  private boolean activeAtIntrospection(String token) throws Exception {
    HTTPResponse res = post("/introspect", "token=" + token);
    assertThat(res.getStatusCode()).as(res.getBody()).isEqualTo(200);
    return Boolean.TRUE.equals(JSONObjectUtils.parse(res.getBody()).get("active"));
  }

  @Test
  void whenATokenIsCheckedAgainThenTheAnswerIsTheSame() throws Exception {
    String token = token();

    VerifiedAccessToken first = provider.verifyAccessToken(token).orElseThrow();
    VerifiedAccessToken second = provider.verifyAccessToken(token).orElseThrow();

    assertThat(second).isEqualTo(first);
    assertThat(second.clientId()).isEqualTo("svc");
    assertThat(activeAtIntrospection(token)).isTrue();
    assertThat(activeAtIntrospection(token)).isTrue();
  }

  @Test
  void whenOneCharacterOfACheckedTokenChangesThenItIsRefused() throws Exception {
    String token = token();
    assertThat(provider.verifyAccessToken(token)).isPresent();
    // a character inside the signature (the last one's low bits are padding a decoder may ignore)
    int inSignature = token.length() - 10;
    String otherSignature = token.substring(0, inSignature) + (token.charAt(inSignature) == 'A' ? 'B' : 'A')
        + token.substring(inSignature + 1);
    int payload = token.indexOf('.') + 1;
    String otherPayload = token.substring(0, payload) + (token.charAt(payload) == 'e' ? 'f' : 'e')
        + token.substring(payload + 1);

    assertThat(provider.verifyAccessToken(otherSignature)).isEmpty();
    assertThat(provider.verifyAccessToken(otherPayload)).isEmpty();
    assertThat(provider.verifyAccessToken(token)).isPresent();
  }

  @Test
  void whenACheckedTokenIsRevokedThenItIsRefusedAtOnce() throws Exception {
    String token = token();
    assertThat(activeAtIntrospection(token)).isTrue();

    assertThat(post("/revoke", "token=" + token).getStatusCode()).isEqualTo(200);

    assertThat(provider.verifyAccessToken(token)).isEmpty();
    assertThat(activeAtIntrospection(token)).isFalse();
  }

  @Test
  void whenACheckedTokenExpiresThenItIsRefused() throws Exception {
    String token = token();
    VerifiedAccessToken verified = provider.verifyAccessToken(token).orElseThrow();

    clock.advance(Duration.between(clock.instant(), verified.expiresAt()));

    assertThat(provider.verifyAccessToken(token)).isEmpty();
    assertThat(activeAtIntrospection(token)).isFalse();
  }

  @Test
  void whenTheKeyOfACheckedTokenLeavesThePublishedSetThenItIsRefused() throws Exception {
    String token = token();
    String kid = SignedJWT.parse(token).getHeader().getKeyID();
    assertThat(provider.verifyAccessToken(token)).isPresent();

    provider.rotateSigningKeyNow();
    // still published after the rotation (re-read from the store): still valid
    assertThat(provider.verifyAccessToken(token)).isPresent();
    keyStore.delete(kid);
    provider.maintainSigningKeys();

    assertThat(provider.verifyAccessToken(token)).isEmpty();
    assertThat(activeAtIntrospection(token)).isFalse();
    assertThat(provider.verifyAccessToken(token())).isPresent();
  }

  @Test
  void whenClaimsHoldObjectsAndArraysThenNoneCanBeChangedThroughTheVerifiedToken() {
    Map<String, Object> cnf = new LinkedHashMap<>(Map.of("jkt", "thumbprint"));
    List<Object> list = new ArrayList<>(List.of("a"));
    list.add(null);
    Map<String, Object> claims = new LinkedHashMap<>(Map.of("sub", "alice", "cnf", cnf, "list", list));

    VerifiedAccessToken t = new VerifiedAccessToken("alice", "svc", Set.of(), List.of(), Instant.EPOCH,
        Instant.EPOCH, "id", claims);
    cnf.put("jkt", "changed");

    @SuppressWarnings("unchecked")
    Map<String, Object> held = (Map<String, Object>) t.claims().get("cnf");
    assertThat(held).containsEntry("jkt", "thumbprint");
    assertThat(t.claims().get("list")).isEqualTo(Arrays.asList("a", null));
    assertThatThrownBy(() -> held.put("jkt", "x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<?>) t.claims().get("list")).clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
