package dev.ssokit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import dev.ssokit.SsoSettings;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;

/** The IDE metadata the build generates: every property documented, defaults equal to SsoSettings'. */
class SsoPropertiesMetadataTest {

  @Test
  void whenMetadataIsGeneratedThenEveryPropertyHasADescription() throws Exception {
    Map<String, Map<String, Object>> properties = properties();

    assertThat(properties).containsKeys("sso.issuer", "sso.signing-algorithm", "sso.access-token-lifetime",
        "sso.refresh-token-lifetime", "sso.session-lifetime", "sso.key-encryption-secret", "sso.interaction-url",
        "sso.bearer.paths", "sso.bearer.scopes", "sso.postgres.enabled", "sso.postgres.migrate", "sso.redis.url",
        "sso.redis.key-prefix");
    properties.forEach((name, p) -> assertThat((String) p.get("description")).as(name).isNotBlank());
  }

  @Test
  void whenMetadataShowsDefaultsThenTheyAreTheProvidersDefaults() throws Exception {
    Map<String, Map<String, Object>> properties = properties();

    assertThat(properties.get("sso.signing-algorithm")).containsEntry("defaultValue", SsoSettings.DEFAULT_SIGNING_ALGORITHM);
    assertThat(duration(properties, "sso.access-token-lifetime")).isEqualTo(SsoSettings.DEFAULT_ACCESS_TOKEN_LIFETIME);
    assertThat(duration(properties, "sso.refresh-token-lifetime")).isEqualTo(SsoSettings.DEFAULT_REFRESH_TOKEN_LIFETIME);
    assertThat(duration(properties, "sso.session-lifetime")).isEqualTo(SsoSettings.DEFAULT_SESSION_LIFETIME);
    assertThat(duration(properties, "sso.refresh-token-absolute-lifetime"))
        .isEqualTo(SsoSettings.DEFAULT_REFRESH_TOKEN_ABSOLUTE_LIFETIME);
    assertThat(duration(properties, "sso.session-idle-timeout")).isEqualTo(SsoSettings.DEFAULT_SESSION_IDLE_TIMEOUT);
    assertThat(duration(properties, "sso.key-rotation-interval")).isEqualTo(SsoSettings.DEFAULT_KEY_ROTATION_INTERVAL);
    assertThat(duration(properties, "sso.purge-interval")).isEqualTo(dev.ssokit.Maintenance.DEFAULT_PURGE_INTERVAL);
    assertThat(properties.get("sso.rate-limit-per-ip"))
        .containsEntry("defaultValue", SsoSettings.DEFAULT_RATE_LIMIT_PER_IP.toString());
    assertThat(properties.get("sso.rate-limit-per-client"))
        .containsEntry("defaultValue", SsoSettings.DEFAULT_RATE_LIMIT_PER_CLIENT.toString());
    assertThat(properties.get("sso.failure-limit-per-ip"))
        .containsEntry("defaultValue", SsoSettings.DEFAULT_FAILURE_LIMIT_PER_IP.toString());
    assertThat(duration(properties, "sso.login-max-backoff")).isEqualTo(SsoSettings.DEFAULT_LOGIN_MAX_BACKOFF);
    assertThat(duration(properties, "sso.login-failure-window")).isEqualTo(SsoSettings.DEFAULT_LOGIN_FAILURE_WINDOW);
    SsoProperties fresh = new SsoProperties();
    assertThat(fresh.getAccessTokenLifetime()).isEqualTo(SsoSettings.DEFAULT_ACCESS_TOKEN_LIFETIME);
    assertThat(properties.get("sso.redis.key-prefix")).containsEntry("defaultValue", fresh.getRedis().getKeyPrefix());
    assertThat(fresh.getRedis().getKeyPrefix()).isEqualTo(dev.ssokit.redis.RedisCache.DEFAULT_KEY_PREFIX);
  }

  @Test
  void whenSsoSettingsHasASettingThenASsoPropertyWithADescriptionSetsIt() throws Exception {
    Map<String, Map<String, Object>> properties = properties();

    for (java.lang.reflect.Method setter : SsoSettings.Builder.class.getDeclaredMethods()) {
      if (java.lang.reflect.Modifier.isPublic(setter.getModifiers()) && setter.getReturnType() == SsoSettings.Builder.class) {
        String property = SsoAutoConfiguration.property(setter.getName());
        assertThat(properties).as("SsoSettings.%s has no property %s", setter.getName(), property).containsKey(property);
      }
    }
    assertThat(duration(properties, "sso.id-token-lifetime")).isEqualTo(SsoSettings.DEFAULT_ID_TOKEN_LIFETIME);
    assertThat(duration(properties, "sso.authorization-code-lifetime"))
        .isEqualTo(SsoSettings.DEFAULT_AUTHORIZATION_CODE_LIFETIME);
    assertThat(duration(properties, "sso.interaction-lifetime")).isEqualTo(SsoSettings.DEFAULT_INTERACTION_LIFETIME);
    assertThat(duration(properties, "sso.consent-lifetime")).isEqualTo(SsoSettings.DEFAULT_CONSENT_LIFETIME);
    assertThat(duration(properties, "sso.key-publish-ahead")).isEqualTo(SsoSettings.DEFAULT_KEY_PUBLISH_AHEAD);
    assertThat(properties.get("sso.session-cookie-name"))
        .containsEntry("defaultValue", SsoSettings.DEFAULT_SESSION_COOKIE_NAME);
    assertThat(((Number) properties.get("sso.max-parameter-length").get("defaultValue")).intValue())
        .isEqualTo(SsoSettings.DEFAULT_MAX_PARAMETER_LENGTH);
  }

  private static Duration duration(Map<String, Map<String, Object>> properties, String name) {
    return DurationStyle.detectAndParse((String) properties.get(name).get("defaultValue"));
  }

  private static Map<String, Map<String, Object>> properties() throws Exception {
    String json;
    try (InputStream in = SsoPropertiesMetadataTest.class.getResourceAsStream(
        "/META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("generated metadata").isNotNull();
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, Map<String, Object>> byName = new HashMap<>();
    List<Object> list = JSONObjectUtils.getList(JSONObjectUtils.parse(json), "properties");
    for (Object o : list) {
      @SuppressWarnings("unchecked")
      Map<String, Object> p = (Map<String, Object>) o;
      byName.put((String) p.get("name"), p);
    }
    return byName;
  }
}
