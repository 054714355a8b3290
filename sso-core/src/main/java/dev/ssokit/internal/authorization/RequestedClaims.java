package dev.ssokit.internal.authorization;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.openid.connect.sdk.OIDCClaimsRequest;
import com.nimbusds.openid.connect.sdk.claims.ClaimsSetRequest;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which user claims a grant releases: by scope (OIDC Core §5.4) and by the {@code claims} request
 * parameter (§5.5), one member for the ID token and one for UserInfo.
 *
 * <p>IMPORTANT: a claim requested with {@code claims} is released only when one of the client's
 * registered scopes covers it, so the parameter never reaches beyond the client's registration;
 * a requested {@code value} or {@code values} releases the claim only when the user's value is one
 * of them (§5.5.1).
 */
public final class RequestedClaims {
  /** Claims released for each standard scope (OIDC Core §5.4). */
  static final Map<String, Set<String>> SCOPE_CLAIMS = Map.of(
      "profile", Set.of("name", "family_name", "given_name", "middle_name", "nickname", "preferred_username",
          "profile", "picture", "website", "gender", "birthdate", "zoneinfo", "locale", "updated_at"),
      "email", Set.of("email", "email_verified"),
      "address", Set.of("address"),
      "phone", Set.of("phone_number", "phone_number_verified"));

  private RequestedClaims() {}

  /** The user claims the scopes {@code scopes} cover. */
  public static Set<String> coveredBy(Set<String> scopes) {
    Set<String> names = new HashSet<>();
    for (String scope : scopes) {
      names.addAll(SCOPE_CLAIMS.getOrDefault(scope, Set.of()));
    }
    return names;
  }

  /**
   * The {@code id_token} or {@code userinfo} member of a {@code claims} request (JSON, may be
   * {@code null}), reduced to the claims {@code allowedScopes} cover; empty when nothing is left.
   */
  public static Map<String, Object> member(String claimsJson, boolean idToken, Set<String> allowedScopes) {
    if (claimsJson == null) {
      return Map.of();
    }
    ClaimsSetRequest set;
    try {
      OIDCClaimsRequest request = OIDCClaimsRequest.parse(claimsJson);
      set = idToken ? request.getIDTokenClaimsRequest() : request.getUserInfoClaimsRequest();
    } catch (ParseException e) {
      // Validated at /authorize; a record that no longer parses releases nothing extra.
      return Map.of();
    }
    if (set == null) {
      return Map.of();
    }
    Set<String> allowed = coveredBy(allowedScopes);
    Map<String, Object> out = new LinkedHashMap<>();
    for (ClaimsSetRequest.Entry e : set.getEntries()) {
      if (allowed.contains(e.getClaimName()) && e.getLangTag() == null) {
        out.put(e.getClaimName(), e.toJSONObjectEntry().getValue() == null ? null
            : new LinkedHashMap<String, Object>(e.toJSONObjectEntry().getValue()));
      }
    }
    return out;
  }

  /**
   * The claims of {@code user} named in {@code member} (as returned by {@link #member}), each only
   * when it has a value and that value matches a requested {@code value} / {@code values}.
   */
  public static Map<String, Object> release(Map<String, ?> member, Map<String, Object> user) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, ?> e : member.entrySet()) {
      Object value = user.get(e.getKey());
      if (value != null && matches(e.getValue(), value)) {
        out.put(e.getKey(), value);
      }
    }
    return out;
  }

  private static boolean matches(Object spec, Object value) {
    if (!(spec instanceof Map<?, ?> m)) {
      return true;
    }
    Object one = m.get("value");
    Object many = m.get("values");
    if (one == null && !(many instanceof List<?>)) {
      return true;
    }
    String actual = String.valueOf(value);
    if (one != null && String.valueOf(one).equals(actual)) {
      return true;
    }
    return many instanceof List<?> list && list.stream().anyMatch(v -> String.valueOf(v).equals(actual));
  }
}
