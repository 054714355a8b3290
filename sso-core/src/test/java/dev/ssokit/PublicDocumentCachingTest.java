package dev.ssokit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Discovery and JWKS answer with ETag and Cache-Control, and 304 to a matching If-None-Match (RFC 9110 §13.1.2). */
class PublicDocumentCachingTest {
  private static final String ISSUER = "http://localhost:9000";
  private final SsoProvider provider = SsoProvider.builder(SsoSettings.builder(ISSUER).build()).build();

  private HTTPResponse get(String path, String ifNoneMatch) throws Exception {
    HTTPRequest req = new HTTPRequest(HTTPRequest.Method.GET, URI.create(ISSUER + path).toURL());
    if (ifNoneMatch != null) {
      req.setHeader("If-None-Match", ifNoneMatch);
    }
    return provider.handle(req);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/.well-known/openid-configuration", "/.well-known/oauth-authorization-server", "/jwks"})
  void whenFetchedThenStrongETagAndCacheControlAndTheSameTagEachTime(String path) throws Exception {
    HTTPResponse first = get(path, null);
    assertThat(first.getStatusCode()).isEqualTo(200);
    assertThat(first.getHeaderValue("ETag")).matches("\"[A-Za-z0-9_-]{43}\"");
    assertThat(first.getHeaderValue("Cache-Control")).startsWith("public, max-age=");
    assertThat(first.getHeaderValue("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(get(path, null).getHeaderValue("ETag")).isEqualTo(first.getHeaderValue("ETag"));
    assertThat(get(path, null).getBody()).isEqualTo(first.getBody());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/.well-known/openid-configuration", "/jwks"})
  void whenIfNoneMatchNamesTheCurrentTagThen304WithoutBody(String path) throws Exception {
    String etag = get(path, null).getHeaderValue("ETag");
    for (String header : new String[] {etag, "W/" + etag, "\"other\", " + etag, "*"}) {
      HTTPResponse r = get(path, header);
      assertThat(r.getStatusCode()).as(header).isEqualTo(304);
      assertThat(r.getBody()).as(header).isNull();
      assertThat(r.getHeaderValue("ETag")).isEqualTo(etag);
      assertThat(r.getHeaderValue("Cache-Control")).startsWith("public, max-age=");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"other\"", "W/\"other\"", "not a tag", "\"\""})
  void whenIfNoneMatchDiffersOrIsMalformedThenTheFullDocument(String header) throws Exception {
    HTTPResponse r = get("/jwks", header);
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.getBody()).contains("\"keys\"");
  }

  @Test
  void whenKeysRotateThenTheJwksTagChangesAndTheOldTagGetsTheNewDocument() throws Exception {
    HTTPResponse before = get("/jwks", null);
    String newKid = provider.rotateSigningKey();
    HTTPResponse after = get("/jwks", before.getHeaderValue("ETag"));
    assertThat(after.getStatusCode()).isEqualTo(200);
    assertThat(after.getBody()).contains(newKid);
    assertThat(after.getHeaderValue("ETag")).isNotEqualTo(before.getHeaderValue("ETag"));
    assertThat(get("/jwks", after.getHeaderValue("ETag")).getStatusCode()).isEqualTo(304);
  }
}
