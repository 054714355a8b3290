package dev.ssokit.internal.interaction;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An authorization request waiting for the user: to log in, to consent, or both.
 *
 * @param id             public id, carried in the login/consent page URL
 * @param bindingHash    hash of the browser-binding cookie: only the browser that started it may finish it
 * @param csrfToken      token every form of this interaction must echo
 * @param subject        the user once authenticated, else {@code null}
 * @param authTime       when that user authenticated
 * @param amr            how
 * @param loginRequired  true until the user has (re)authenticated in this interaction; with a {@code subject}
 *                       already set it is a step-up: that user's session must add the second factor
 * @param grantedScopes  scopes the user consented to, or {@code null} before consent
 */
public record Interaction(
    String id,
    AuthorizationContext request,
    String bindingHash,
    String csrfToken,
    String subject,
    Instant authTime,
    List<String> amr,
    boolean loginRequired,
    Set<String> grantedScopes,
    Instant expiresAt) {

  public Interaction {
    amr = amr == null ? List.of() : List.copyOf(amr);
    grantedScopes = grantedScopes == null ? null : Set.copyOf(grantedScopes);
  }

  /** True when the signed-in {@code subject} must add a second factor to a password-only session (step-up). */
  public boolean stepUp() {
    return loginRequired && subject != null;
  }

  /** The same interaction after the user authenticated. */
  public Interaction loggedIn(String newSubject, Instant newAuthTime, List<String> newAmr) {
    return new Interaction(id, request, bindingHash, csrfToken, newSubject, newAuthTime, newAmr, false,
        grantedScopes, expiresAt);
  }

  /** The same interaction after the user consented to {@code scopes}. */
  public Interaction consented(Set<String> scopes) {
    return new Interaction(id, request, bindingHash, csrfToken, subject, authTime, amr, loginRequired, scopes,
        expiresAt);
  }

  String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("v", CacheJson.VERSION);
    m.put("id", id);
    m.put("req", request.toMap());
    m.put("bind", bindingHash);
    m.put("csrf", csrfToken);
    m.put("sub", subject);
    m.put("auth_time", CacheJson.epoch(authTime));
    m.put("amr", amr);
    m.put("login_required", loginRequired);
    m.put("granted", grantedScopes == null ? null : List.copyOf(grantedScopes));
    m.put("exp", CacheJson.epoch(expiresAt));
    return JSONObjectUtils.toJSONString(m);
  }

  static Interaction fromJson(String json) {
    CacheJson j = CacheJson.parse(json);
    return new Interaction(j.string("id"), AuthorizationContext.fromJson(j.child("req")), j.string("bind"),
        j.string("csrf"), j.string("sub"), j.instant("auth_time"), j.strings("amr"), j.bool("login_required"),
        j.present("granted") ? j.stringSet("granted") : null, j.instant("exp"));
  }
}
