package dev.ssokit.internal.admin;

import dev.ssokit.VerifiedAccessToken;
import dev.ssokit.internal.api.ApiProblem;
import dev.ssokit.internal.api.BearerCaller;
import dev.ssokit.internal.api.BearerCaller;

/**
 * Who calls the admin API and what they may do.
 *
 * @param token the caller's verified access token
 * @param admin true with scope {@code sso:admin} held by a client (client_credentials) or by a user who
 *              has the {@code admin} role now: everything is allowed
 */
record AdminCaller(VerifiedAccessToken token, boolean admin) {

  /** The scope that allows everything. */
  static final String SCOPE_ADMIN = "sso:admin";
  /** The scope that allows managing the applications one owns. */
  static final String SCOPE_APPS = "sso:apps";
  /** The user role without which a user's {@code sso:admin} scope allows nothing. */
  static final String ROLE_ADMIN = "admin";

  /** The subject owning what this caller creates: the user, or the client of a client_credentials token. */
  String subject() {
    return token.subject();
  }

  /** 403 unless the caller is an administrator. */
  void requireAdmin() {
    if (!admin) {
      // RFC 6750 §3.1; a user's sso:admin counts only while the user holds the admin role
      throw ApiProblem.of(403, "Forbidden", "the access token needs scope " + SCOPE_ADMIN
              + " (of a user with role " + ROLE_ADMIN + ", or of a client)")
          .header("WWW-Authenticate", "Bearer realm=\"ssokit\", error=\"insufficient_scope\", scope=\""
              + SCOPE_ADMIN + "\"");
    }
  }

  /** 403 unless the caller may manage applications (as administrator or as owner). */
  void requireApps() {
    if (!admin) {
      BearerCaller.requireAnyScope(token, SCOPE_APPS);
    }
  }

  /** 404 (not 403: no hint that it exists) unless the caller administers or owns {@code owner}'s application. */
  void requireOwner(String owner) {
    if (!admin && !subject().equals(owner)) {
      throw ApiProblem.notFound("no such application");
    }
  }
}
