package dev.ssokit.example.multiapp.provider;

import dev.ssokit.spring.SsoAccessTokenAuthentication;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The provider app's own API, protected by the provider's own tokens ({@code sso.bearer.paths}). */
@RestController
public class MeController {

  /** Who the access token speaks for and which client obtained it. */
  @GetMapping("/api/me")
  @PreAuthorize("hasAuthority('SCOPE_api')")
  public Map<String, Object> me(SsoAccessTokenAuthentication authentication) {
    return Map.of("subject", authentication.getName(), "client_id", authentication.getToken().clientId());
  }
}
