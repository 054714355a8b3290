package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssokit.memory.InMemoryAuditLog;
import dev.ssokit.spi.AuditEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 7 #12: forwarding headers name the client address only when the direct peer is a trusted proxy. */
class TrustedProxiesTest {
  private final InMemoryAuditLog audit = new InMemoryAuditLog();

  private SsoProvider provider(List<String> trusted) {
    SsoProvider provider = SsoProvider.builder(SsoSettings.builder("http://localhost:8080").trustedProxies(trusted)
        .build()).auditLog(audit).build();
    LoginDriver.registerClient(provider);
    return provider;
  }

  /** The address the audit log records for a failed login sent with these headers from this peer. */
  private String recordedAddress(SsoProvider provider, String peer, Map<String, String> headers) throws Exception {
    new LoginDriver(provider, peer, headers).start().login("alice", "wrong");
    List<AuditEvent> failures = audit.recent(100).stream().filter(e -> e.type().equals("login.failure")).toList();
    return failures.get(0).ip(); // newest first
  }

  @Test
  void whenThePeerIsNotTrustedThenForwardingHeadersAreIgnored() throws Exception {
    SsoProvider provider = provider(List.of());

    assertThat(recordedAddress(provider, "198.51.100.1", Map.of("X-Forwarded-For", "203.0.113.7",
        "Forwarded", "for=203.0.113.8"))).isEqualTo("198.51.100.1");
  }

  @Test
  void whenThePeerIsATrustedProxyThenTheRightMostUntrustedAddressIsTheClient() throws Exception {
    SsoProvider provider = provider(List.of("10.0.0.0/8", "192.0.2.10"));

    // the left-most entry is whatever the client wrote; the proxies appended the rest
    assertThat(recordedAddress(provider, "10.1.2.3", Map.of("X-Forwarded-For", "6.6.6.6, 203.0.113.7, 192.0.2.10")))
        .isEqualTo("203.0.113.7");
  }

  @Test
  void whenForwardedIsPresentThenItsForParameterIsReadWithIpv6AndPorts() throws Exception {
    SsoProvider provider = provider(List.of("10.0.0.1"));

    assertThat(recordedAddress(provider, "10.0.0.1",
        Map.of("Forwarded", "for=192.0.2.60;proto=http, for=\"[2001:db8:cafe::17]:4711\";by=10.0.0.1")))
        .isEqualTo("2001:db8:cafe::17");
  }

  @Test
  void whenTheHopIsObfuscatedThenTheTrustedProxyIsTheClientAddress() throws Exception {
    SsoProvider provider = provider(List.of("10.0.0.1"));

    assertThat(recordedAddress(provider, "10.0.0.1", Map.of("Forwarded", "for=_hidden"))).isEqualTo("10.0.0.1");
  }

  @Test
  void whenACodeIsReplayedBehindATrustedProxyThenTheAuditEventRecordsTheClientAddress() throws Exception {
    SsoProvider provider = provider(List.of("10.0.0.1"));
    provider.users().create("bob", "bobs right password", null, Map.of());
    LoginDriver browser = new LoginDriver(provider, "10.0.0.1", Map.of("X-Forwarded-For", "203.0.113.44"));
    String code = browser.code(browser.start().login("bob", "bobs right password"));
    assertThat(browser.redeem(code).getStatusCode()).isEqualTo(200);

    assertThat(browser.redeem(code).getStatusCode()).isEqualTo(400);

    assertThat(audit.recent(100)).filteredOn(e -> e.type().equals("code.replayed")).singleElement()
        .extracting(AuditEvent::ip).isEqualTo("203.0.113.44");
  }

  @Test
  void whenATrustedProxyEntryIsNotAnAddressThenSettingsNameIt() {
    assertThatThrownBy(() -> SsoSettings.builder("http://localhost:8080").trustedProxies(List.of("proxy.example.com")))
        .hasMessageStartingWith("trustedProxies:").hasMessageContaining("proxy.example.com");
    assertThatThrownBy(() -> SsoSettings.builder("http://localhost:8080").trustedProxies(List.of("10.0.0.0/33")))
        .hasMessageStartingWith("trustedProxies:");
  }
}
