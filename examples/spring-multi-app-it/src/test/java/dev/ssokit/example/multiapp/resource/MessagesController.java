package dev.ssokit.example.multiapp.resource;

import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The API: callers need an access token with scope {@code api}. */
@RestController
public class MessagesController {

  /** A message for the token's subject. */
  @GetMapping("/api/messages")
  @PreAuthorize("hasAuthority('SCOPE_api')")
  public Map<String, Object> messages(@AuthenticationPrincipal Jwt jwt) {
    return Map.of("subject", jwt.getSubject(), "messages", java.util.List.of("Hello from the resource server"));
  }
}
