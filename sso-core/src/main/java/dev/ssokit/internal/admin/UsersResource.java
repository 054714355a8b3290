package dev.ssokit.internal.admin;

import com.nimbusds.oauth2.sdk.http.HTTPRequest.Method;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.Users;
import dev.ssokit.internal.api.ApiProblem;
import dev.ssokit.internal.api.ApiRequest;
import dev.ssokit.internal.api.ApiRoutes;
import dev.ssokit.internal.api.EntityTag;
import dev.ssokit.internal.api.PageRequest;
import dev.ssokit.internal.client.InvalidMetadata;
import dev.ssokit.spi.Consent;
import dev.ssokit.spi.ConsentStore;
import dev.ssokit.spi.User;
import dev.ssokit.spi.UserStore;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * {@code /api/users} (administrators only): list and search, create, read, update claims and roles,
 * disable, enable, unlock, delete; end a user's sessions; list and revoke their consents.
 *
 * <p>IMPORTANT: a password is never shown, except one the server generated at creation, once.
 */
final class UsersResource {
  /** Consents listed per user at most: one per application, so a bound far above any real count. */
  static final int MAX_CONSENTS = 1_000;
  private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
  /** Claims the store keeps in fields of their own, not in the claims map. */
  private static final Set<String> NOT_CLAIMS = Set.of("sub", "email", "email_verified");

  private final Users users;
  private final UserStore store;
  private final ConsentStore consents;
  private final ToIntFunction<String> endSessions;
  private final AdminApi.UserSessions sessions;
  private final AdminAudit audit;
  private final String location;

  /**
   * @param endSessions ends every session of a subject, returns how many
   * @param sessions    lists a subject's sessions and ends one of them
   * @param location    the absolute URL of {@code /api/users}
   */
  UsersResource(Users users, UserStore store, ConsentStore consents, ToIntFunction<String> endSessions,
      AdminApi.UserSessions sessions, AdminAudit audit, String location) {
    this.users = users;
    this.store = store;
    this.consents = consents;
    this.endSessions = endSessions;
    this.sessions = sessions;
    this.audit = audit;
    this.location = location;
  }

  void addTo(ApiRoutes routes) {
    routes.on(Method.GET, "/users", this::list)
        .on(Method.POST, "/users", this::create)
        .on(Method.GET, "/users/{id}", this::read)
        .on(Method.PUT, "/users/{id}", this::update)
        .on(Method.DELETE, "/users/{id}", this::delete)
        .on(Method.POST, "/users/{id}/disable", r -> toggle(r, true))
        .on(Method.POST, "/users/{id}/enable", r -> toggle(r, false))
        .on(Method.POST, "/users/{id}/unlock", this::unlock)
        .on(Method.GET, "/users/{id}/sessions", this::listSessions)
        .on(Method.DELETE, "/users/{id}/sessions", this::endSessions)
        .on(Method.DELETE, "/users/{id}/sessions/{sessionId}", this::endSession)
        .on(Method.GET, "/users/{id}/consents", this::listConsents)
        .on(Method.DELETE, "/users/{id}/consents/{clientId}", this::revokeConsent);
  }

  private Map<String, Object> of(User u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", u.id());
    m.put("username", u.username());
    m.put("email", u.email());
    m.put("email_verified", u.emailVerified());
    m.put("claims", u.claims());
    m.put("roles", new TreeSet<>(store.roles(u.id())).stream().toList());
    m.put("disabled", u.disabled());
    m.put("locked_until", u.lockedUntil() == null ? null : u.lockedUntil().toString());
    m.put("created_at", u.createdAt().toString());
    return m;
  }

  private HTTPResponse list(ApiRequest request) {
    admin(request);
    PageRequest page = PageRequest.of(request);
    String search = request.query("search");
    List<User> found = store.list(search == null || search.isBlank() ? null : search, page.after(), page.limit());
    return JsonAnswer.ok(page.page(found.stream().map(this::of).toList(),
        found.isEmpty() ? null : found.get(found.size() - 1).id()));
  }

  private HTTPResponse create(ApiRequest request) {
    AdminCaller caller = admin(request);
    Map<String, Object> body = request.json();
    String username = string(body, "username");
    String password = string(body, "password");
    String email = string(body, "email");
    Map<String, Object> claims = claims(body);
    Set<String> roles = roles(body);
    if (body.get("email_verified") instanceof Boolean verified) {
      claims.put("email_verified", verified);
    } else if (body.get("email_verified") != null) {
      throw ApiProblem.invalidField("email_verified", "must be true or false");
    }
    boolean generated = password == null;
    if (generated) {
      password = users.generatePassword();
    }
    User user;
    try {
      user = users.create(username, password, email, claims)
          .orElseThrow(() -> ApiProblem.conflict("username " + username + " is taken"));
    } catch (IllegalArgumentException e) {
      throw fieldProblem(e);
    }
    if (!roles.isEmpty()) {
      store.setRoles(user.id(), roles);
    }
    audit.write(caller, "user.created", user.id(), null, request.http().getClientIPAddress(),
        Map.of("username", user.username(), "roles", String.join(" ", new TreeSet<>(roles))));
    Map<String, Object> answer = of(user);
    if (generated) {
      answer.put("password", password); // generated here: shown this once
    }
    return JsonAnswer.created(location + "/" + user.id(), answer);
  }

  private HTTPResponse read(ApiRequest request) {
    admin(request);
    return JsonAnswer.tagged(of(user(request)));
  }

  /** Replaces e-mail, claims and roles (whichever the body gives); the rest of the account stays. */
  private HTTPResponse update(ApiRequest request) {
    AdminCaller caller = admin(request);
    User u = user(request);
    EntityTag.checkIfMatch(request, JsonAnswer.tagOf(of(u)), false);
    Map<String, Object> body = request.json();
    for (String key : body.keySet()) {
      if (!Set.of("email", "email_verified", "claims", "roles", "id", "username", "disabled", "locked_until",
          "created_at").contains(key)) {
        throw ApiProblem.invalidField(key, "unknown field");
      }
    }
    String email = body.containsKey("email") ? string(body, "email") : u.email();
    boolean verified = u.emailVerified();
    if (body.containsKey("email_verified")) {
      if (!(body.get("email_verified") instanceof Boolean b)) {
        throw ApiProblem.invalidField("email_verified", "must be true or false");
      }
      verified = b;
    } else if (body.containsKey("email") && !java.util.Objects.equals(email, u.email())) {
      verified = false; // a new address is not verified
    }
    Map<String, Object> claims = body.containsKey("claims") ? claims(body) : u.claims();
    User updated = new User(u.id(), u.username(), email, verified, u.passwordHash(), claims, u.lockedUntil(),
        u.createdAt(), u.disabled());
    if (!store.update(updated)) {
      throw ApiProblem.notFound("no such user");
    }
    if (body.containsKey("roles")) {
      store.setRoles(u.id(), roles(body));
    }
    audit.write(caller, "user.updated", u.id(), null, request.http().getClientIPAddress(),
        Map.of("fields", String.join(" ", new TreeSet<>(body.keySet()))));
    return JsonAnswer.tagged(of(updated));
  }

  private HTTPResponse delete(ApiRequest request) {
    AdminCaller caller = admin(request);
    User u = user(request);
    int sessions = endSessions.applyAsInt(u.id());
    if (!users.delete(u.id())) {
      throw ApiProblem.notFound("no such user");
    }
    audit.write(caller, "user.deleted", u.id(), null, request.http().getClientIPAddress(),
        Map.of("username", u.username(), "sessions_ended", String.valueOf(sessions)));
    return JsonAnswer.noContent();
  }

  private HTTPResponse toggle(ApiRequest request, boolean disable) {
    AdminCaller caller = admin(request);
    User u = user(request);
    int sessions = 0;
    if (disable) {
      // the browser sessions end with it, and every token it holds stops working
      sessions = endSessions.applyAsInt(u.id());
      users.disable(u.id());
    } else {
      users.enable(u.id());
    }
    audit.write(caller, disable ? "user.disabled" : "user.enabled", u.id(), null,
        request.http().getClientIPAddress(), disable ? Map.of("sessions_ended", String.valueOf(sessions)) : Map.of());
    return JsonAnswer.tagged(of(store.findById(u.id()).orElseThrow(() -> ApiProblem.notFound("no such user"))));
  }

  private HTTPResponse unlock(ApiRequest request) {
    AdminCaller caller = admin(request);
    User u = user(request);
    User unlocked = new User(u.id(), u.username(), u.email(), u.emailVerified(), u.passwordHash(), u.claims(), null,
        u.createdAt(), u.disabled());
    if (!store.update(unlocked)) {
      throw ApiProblem.notFound("no such user");
    }
    audit.write(caller, "user.unlocked", u.id(), null, request.http().getClientIPAddress(), Map.of());
    return JsonAnswer.tagged(of(unlocked));
  }

  private HTTPResponse endSessions(ApiRequest request) {
    AdminCaller caller = admin(request);
    User u = user(request);
    int ended = endSessions.applyAsInt(u.id());
    audit.write(caller, "user.sessions_ended", u.id(), null, request.http().getClientIPAddress(),
        Map.of("sessions_ended", String.valueOf(ended)));
    return JsonAnswer.ok(Map.of("sessions_ended", ended));
  }

  /** The user's live browser sessions, as the account API lists them: ids and times, never a cookie value. */
  private HTTPResponse listSessions(ApiRequest request) {
    admin(request);
    User u = user(request);
    List<Map<String, Object>> items = sessions.list(u.id()).stream().map(s -> {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("sid", s.sid());
      item.put("auth_time", s.authTime().getEpochSecond());
      item.put("expires_at", s.endsAt() == null ? null : s.endsAt().getEpochSecond());
      item.put("amr", s.amr());
      item.put("clients", s.clients());
      return item;
    }).toList();
    return JsonAnswer.ok(Map.of("items", items));
  }

  private HTTPResponse endSession(ApiRequest request) {
    AdminCaller caller = admin(request);
    User u = user(request);
    String sid = request.path("sessionId");
    if (!sessions.end(u.id(), sid)) {
      throw ApiProblem.notFound("no such session of this user");
    }
    audit.write(caller, "user.session_ended", u.id(), null, request.http().getClientIPAddress(), Map.of("sid", sid));
    return JsonAnswer.noContent();
  }

  private HTTPResponse listConsents(ApiRequest request) {
    admin(request);
    User u = user(request);
    List<Map<String, Object>> items = consents.listBySubject(u.id(), MAX_CONSENTS).stream().map(UsersResource::of)
        .toList();
    return JsonAnswer.ok(Map.of("items", items));
  }

  private HTTPResponse revokeConsent(ApiRequest request) {
    AdminCaller caller = admin(request);
    User u = user(request);
    String clientId = request.path("clientId");
    if (!consents.revoke(u.id(), clientId)) {
      throw ApiProblem.notFound("no consent of this user for this application");
    }
    audit.write(caller, "user.consent_revoked", u.id(), clientId, request.http().getClientIPAddress(), Map.of());
    return JsonAnswer.noContent();
  }

  private static Map<String, Object> of(Consent c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("client_id", c.clientId());
    m.put("scope", String.join(" ", new TreeSet<>(c.scopes())));
    m.put("granted_at", c.grantedAt().toString());
    m.put("expires_at", c.expiresAt() == null ? null : c.expiresAt().toString());
    return m;
  }

  private static AdminCaller admin(ApiRequest request) {
    AdminCaller caller = request.caller(AdminCaller.class);
    caller.requireAdmin();
    return caller;
  }

  private User user(ApiRequest request) {
    return store.findById(request.path("id")).orElseThrow(() -> ApiProblem.notFound("no such user"));
  }

  private static String string(Map<String, Object> body, String field) {
    Object v = body.get(field);
    if (v != null && !(v instanceof String)) {
      throw ApiProblem.invalidField(field, "must be a string");
    }
    return (String) v;
  }

  private static Map<String, Object> claims(Map<String, Object> body) {
    Object v = body.get("claims");
    if (v == null) {
      return new LinkedHashMap<>();
    }
    if (!(v instanceof Map<?, ?> map)) {
      throw ApiProblem.invalidField("claims", "must be a JSON object of OIDC claims");
    }
    Map<String, Object> claims = new LinkedHashMap<>();
    map.forEach((k, value) -> {
      if (NOT_CLAIMS.contains(String.valueOf(k))) {
        throw ApiProblem.invalidField("claims", String.valueOf(k) + " is a field of its own, not a claim");
      }
      claims.put(String.valueOf(k), value);
    });
    return claims;
  }

  private static Set<String> roles(Map<String, Object> body) {
    Object v = body.get("roles");
    if (v == null) {
      return Set.of();
    }
    if (!(v instanceof List<?> list)) {
      throw ApiProblem.invalidField("roles", "must be an array of role names");
    }
    Set<String> roles = new LinkedHashSet<>();
    for (Object o : list) {
      if (!(o instanceof String s) || !ROLE.matcher(s).matches()) {
        throw ApiProblem.invalidField("roles", "role names are 1 to 64 of a-z 0-9 _ . - starting with a letter");
      }
      roles.add(s);
    }
    return roles;
  }

  private static ApiProblem fieldProblem(IllegalArgumentException e) {
    InvalidMetadata named = InvalidMetadata.of(e);
    return named != null ? ApiProblem.invalidField(named.field(), named.detail()) : ApiProblem.badRequest(e.getMessage());
  }
}
