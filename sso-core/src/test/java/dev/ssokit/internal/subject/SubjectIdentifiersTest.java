package dev.ssokit.internal.subject;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ssokit.spi.Client;
import dev.ssokit.spi.ClientOptions;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubjectIdentifiersTest {
  private static final String USER = "0b5f8c1e-7d2a-4c1b-9e0f-3a2b1c4d5e6f";
  private final SubjectIdentifiers subjects = new SubjectIdentifiers("a-salt-of-at-least-16-characters");

  private static Client client(String id, String type, URI sector, URI... redirects) {
    return new Client(id, null, id, List.of(redirects), List.of(), Set.of("authorization_code"), Set.of("openid"),
        Client.AUTH_NONE, null, null, Instant.EPOCH,
        ClientOptions.builder().subjectType(type).sectorIdentifierUri(sector).build());
  }

  @Test
  void whenClientIsPublicThenItSeesTheLocalSubject() {
    Client pub = client("pub", null, null, URI.create("https://a.example.com/cb"));
    assertThat(subjects.forClient(pub, USER)).isEqualTo(USER);
    assertThat(subjects.localFor(pub, USER)).contains(USER);
  }

  @Test
  void whenSectorsDifferThenSubjectsDifferAndOneSectorGivesOneSubject() {
    Client a = client("a", "pairwise", null, URI.create("https://a.example.com/cb"));
    Client a2 = client("a2", "pairwise", null, URI.create("https://A.example.com/other"));
    Client b = client("b", "pairwise", null, URI.create("https://b.example.com/cb"));
    String subA = subjects.forClient(a, USER);
    assertThat(subA).isNotEqualTo(USER).doesNotContain(USER).isEqualTo(subjects.forClient(a2, USER));
    assertThat(subjects.forClient(b, USER)).isNotEqualTo(subA);
    assertThat(subjects.forClient(a, USER + "x")).isNotEqualTo(subA);
    // another salt, another value
    assertThat(new SubjectIdentifiers("another-salt-of-16-characters").forClient(a, USER)).isNotEqualTo(subA);
  }

  @Test
  void whenPairwiseValueIsPresentedThenItMapsBackOnlyForItsSector() {
    Client a = client("a", "pairwise", null, URI.create("https://a.example.com/cb"));
    Client b = client("b", "pairwise", null, URI.create("https://b.example.com/cb"));
    Client pub = client("pub", null, null, URI.create("https://a.example.com/cb"));
    String subA = subjects.forClient(a, USER);
    assertThat(subjects.local(subA)).isEqualTo(USER);
    assertThat(subjects.localFor(a, subA)).contains(USER);
    assertThat(subjects.localFor(b, subA)).isEmpty();
    assertThat(subjects.localFor(pub, subA)).isEmpty();
    assertThat(subjects.localFor(a, USER)).isEmpty();
  }

  @Test
  void whenValueIsTamperedOrForeignThenItIsNotMappedBack() {
    Client a = client("a", "pairwise", null, URI.create("https://a.example.com/cb"));
    String subA = subjects.forClient(a, USER);
    char last = subA.charAt(subA.length() - 1);
    String tampered = subA.substring(0, subA.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertThat(subjects.local(tampered)).isEqualTo(tampered);
    assertThat(new SubjectIdentifiers("another-salt-of-16-characters").local(subA)).isEqualTo(subA);
    assertThat(subjects.local("not base64 !")).isEqualTo("not base64 !");
  }

  @Test
  void whenSectorIdentifierUriIsSetThenItsHostIsTheSector() {
    Client multi = client("m", "pairwise", URI.create("https://sector.example.com/s.json"),
        URI.create("https://x.example.com/cb"), URI.create("https://y.example.com/cb"));
    Client single = client("s", "pairwise", null, URI.create("https://sector.example.com/cb"));
    assertThat(subjects.forClient(multi, USER)).isEqualTo(subjects.forClient(single, USER));
    assertThat(SubjectIdentifiers.sector(ClientOptions.DEFAULTS,
        List.of(URI.create("https://x.example.com/cb"), URI.create("https://y.example.com/cb")))).isNull();
  }

  @Test
  void whenNoSaltIsSetThenPairwiseClientsCannotGetASubject() {
    SubjectIdentifiers none = new SubjectIdentifiers(null);
    assertThat(none.pairwiseSupported()).isFalse();
    Client a = client("a", "pairwise", null, URI.create("https://a.example.com/cb"));
    assertThatThrownBy(() -> none.forClient(a, USER)).isInstanceOf(IllegalStateException.class);
    assertThat(none.local(USER)).isEqualTo(USER);
  }
}
