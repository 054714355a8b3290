package dev.ssokit.example.multiapp.client;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.HtmlUtils;

/**
 * The signed-in user's page: who signed in, and what the resource server and the provider's own API
 * answer to the user's access token.
 */
@RestController
public class HomeController {
  private final RestClient http = RestClient.create();
  private final String resourceServer;
  private final String providerApi;

  /** The APIs this app calls (plain application properties, not Spring Security's). */
  public HomeController(@Value("${app.resource-server-url}") String resourceServer,
                        @Value("${app.provider-api-url}") String providerApi) {
    this.resourceServer = resourceServer;
    this.providerApi = providerApi;
  }

  /** A small HTML page naming the user and each API's status and body. */
  @GetMapping(value = "/", produces = "text/html")
  public String home(@AuthenticationPrincipal OidcUser user,
                     @RegisteredOAuth2AuthorizedClient("sso") OAuth2AuthorizedClient client) {
    String token = client.getAccessToken().getTokenValue();
    return "<!doctype html><html lang=\"en\"><head><title>Client</title></head><body>"
        + "<h1>Signed in as " + HtmlUtils.htmlEscape(user.getFullName()) + "</h1>"
        + "<p id=\"subject\">" + HtmlUtils.htmlEscape(user.getSubject()) + "</p>"
        + "<p id=\"scopes\">" + String.join(" ", client.getAccessToken().getScopes().stream().sorted().toList()) + "</p>"
        + "<p id=\"messages\">" + call(resourceServer + "/api/messages", token) + "</p>"
        + "<p id=\"me\">" + call(providerApi + "/api/me", token) + "</p>"
        + "</body></html>";
  }

  /** {@code <status> <body>} of a GET with the bearer token, escaped for the page. */
  private String call(String url, String token) {
    return http.get().uri(url).headers(headers -> headers.setBearerAuth(token))
        .exchange((request, response) -> {
          HttpStatusCode status = response.getStatusCode();
          String body = new String(response.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
          return status.value() + " " + HtmlUtils.htmlEscape(body);
        });
  }
}
