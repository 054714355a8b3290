package dev.ssokit.example.springboot;

import dev.ssokit.VerifiedAccessToken;
import dev.ssokit.servlet.BearerTokenFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The host's own API: {@code GET /api/me} answers who the caller's access token speaks for.
 *
 * <p>IMPORTANT: it relies on {@link BearerTokenFilter} (mounted on {@code sso.bearer.paths}) having
 * verified the token; a request without one never reaches it.
 */
@RestController
public class MeController {

  /** The verified token's subject, client and granted scopes. */
  @GetMapping("/api/me")
  public Map<String, Object> me(HttpServletRequest request) {
    VerifiedAccessToken token = (VerifiedAccessToken) request.getAttribute(BearerTokenFilter.TOKEN_ATTRIBUTE);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("subject", token.subject());
    body.put("client_id", token.clientId());
    body.put("scopes", token.scopes().stream().sorted().toList());
    return body;
  }
}
