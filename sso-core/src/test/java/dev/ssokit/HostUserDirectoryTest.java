package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.ssokit.spi.UserAccount;
import dev.ssokit.spi.UserDirectory;
import dev.ssokit.testkit.InProcessBrowser;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A host plugs its own user lookup: the built-in login page authenticates against it, UserInfo reads its claims. */
class HostUserDirectoryTest {
  private static final String ISSUER = "http://localhost:9000";
  private static final String CALLBACK = "https://app.example.com/cb";

  /** The host's users: one employee, checked by the host's own rules. */
  private static final UserDirectory HOST_USERS = new UserDirectory() {
    private final UserAccount grace = new UserAccount("emp-1815", Map.of("name", "Grace Hopper",
        "email", "grace@example.com", "email_verified", true));

    @Override
    public Optional<UserAccount> authenticate(String username, String password) {
      return "grace".equals(username) && "cobol-1959".equals(password) ? Optional.of(grace) : Optional.empty();
    }

    @Override
    public Optional<UserAccount> find(String subject) {
      return grace.subject().equals(subject) ? Optional.of(grace) : Optional.empty();
    }
  };

  @Test
  void whenHostDirectoryIsPluggedThenLoginIdTokenAndUserInfoUseIt() throws Exception {
    SsoProvider provider = SsoProvider.builder(SsoSettings.builder(ISSUER).build()).userDirectory(HOST_USERS).build();
    String secret = provider.clients().register(new ClientRegistration("app", null, List.of(URI.create(CALLBACK)), null,
        Set.of("authorization_code"), Set.of("openid", "email", "profile"), "client_secret_basic", "web", null))
        .clientSecret();
    InProcessBrowser browser = new InProcessBrowser(provider);
    CodeVerifier verifier = new CodeVerifier();
    HTTPResponse toLogin = browser.get(ISSUER + "/authorize?response_type=code&client_id=app&redirect_uri=" + CALLBACK
        + "&scope=openid%20email%20profile&code_challenge="
        + CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue() + "&code_challenge_method=S256");
    String page = browser.get(toLogin.getLocation().toString()).getBody();
    Map<String, String> form = Map.of("interaction", InProcessBrowser.field(page, "interaction"),
        "csrf_token", InProcessBrowser.field(page, "csrf_token"), "username", "grace", "password", "wrong");
    assertThat(browser.post(ISSUER + "/interaction/login", form).getStatusCode()).isEqualTo(401);

    HTTPResponse toConsent = browser.post(ISSUER + "/interaction/login",
        Map.of("interaction", form.get("interaction"), "csrf_token", form.get("csrf_token"),
            "username", "grace", "password", "cobol-1959"));
    String consent = browser.get(toConsent.getLocation().toString()).getBody();
    assertThat(consent).contains("Allow access");
    HTTPResponse back = browser.post(ISSUER + "/interaction/consent", Map.of("decision", "allow",
        "interaction", InProcessBrowser.field(consent, "interaction"), "csrf_token", InProcessBrowser.field(consent, "csrf_token")));
    String code = back.getLocation().toString().replaceAll(".*[?&]code=([^&]+).*", "$1");

    HTTPRequest token = new HTTPRequest(HTTPRequest.Method.POST, URI.create(ISSUER + "/token").toURL());
    token.setHeader("Content-Type", "application/x-www-form-urlencoded");
    token.setHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(("app:" + secret).getBytes()));
    token.setBody("grant_type=authorization_code&code=" + code + "&redirect_uri=" + CALLBACK + "&code_verifier="
        + verifier.getValue());
    Map<String, Object> tokens = JSONObjectUtils.parse(provider.handle(token).getBody());
    assertThat(com.nimbusds.jwt.SignedJWT.parse((String) tokens.get("id_token")).getJWTClaimsSet().getSubject())
        .isEqualTo("emp-1815");

    HTTPRequest userinfo = new HTTPRequest(HTTPRequest.Method.GET, URI.create(ISSUER + "/userinfo").toURL());
    userinfo.setAuthorization("Bearer " + tokens.get("access_token"));
    Map<String, Object> claims = JSONObjectUtils.parse(provider.handle(userinfo).getBody());
    assertThat(claims).containsEntry("sub", "emp-1815").containsEntry("email", "grace@example.com")
        .containsEntry("name", "Grace Hopper");
  }
}
