package dev.ssokit.internal.admin;

import com.nimbusds.oauth2.sdk.http.HTTPRequest.Method;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.ClientRegistration;
import dev.ssokit.internal.api.ApiProblem;
import dev.ssokit.internal.api.ApiRequest;
import dev.ssokit.internal.api.ApiRoutes;
import dev.ssokit.internal.api.PageRequest;
import dev.ssokit.internal.client.MetadataFields;
import dev.ssokit.internal.token.OpaqueToken;
import dev.ssokit.spi.ClientRegistrationStore;
import dev.ssokit.spi.InitialAccessToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * {@code /api/initial-access-tokens} (administrators only): issue, list and revoke the initial access
 * tokens of dynamic client registration (RFC 7591 §3), each expiring, optionally single-use, with a
 * policy of the grant types, scopes and redirect URI schemes its clients may have.
 *
 * <p>IMPORTANT: the token value is in the answer of the issuing call only; it is stored as a hash.
 */
final class InitialAccessTokensResource {
  /** Lifetime of a token when the request gives none. */
  static final Duration DEFAULT_LIFETIME = Duration.ofDays(1);
  /** Longest lifetime a token can be given. */
  static final Duration MAX_LIFETIME = Duration.ofDays(90);
  private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");
  private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");
  private static final Set<String> FIELDS = Set.of("expires_in", "single_use", "allowed_grant_types",
      "allowed_scopes", "allowed_redirect_uri_schemes");

  private final ClientRegistrationStore store;
  private final AdminAudit audit;
  private final String location;
  private final Clock clock;

  /** @param location the absolute URL of {@code /api/initial-access-tokens} */
  InitialAccessTokensResource(ClientRegistrationStore store, AdminAudit audit, String location, Clock clock) {
    this.store = store;
    this.audit = audit;
    this.location = location;
    this.clock = clock;
  }

  void addTo(ApiRoutes routes) {
    routes.on(Method.POST, "/initial-access-tokens", this::create)
        .on(Method.GET, "/initial-access-tokens", this::list)
        .on(Method.DELETE, "/initial-access-tokens/{id}", this::delete);
  }

  private HTTPResponse create(ApiRequest request) {
    AdminCaller caller = request.caller(AdminCaller.class);
    caller.requireAdmin();
    Map<String, Object> body = request.json();
    for (String key : body.keySet()) {
      if (!FIELDS.contains(key)) {
        throw ApiProblem.invalidField(key, "unknown field; known: " + new TreeSet<>(FIELDS));
      }
    }
    Duration lifetime;
    boolean singleUse;
    Set<String> grants;
    Set<String> scopes;
    Set<String> schemes;
    try {
      lifetime = MetadataFields.seconds(body, "expires_in");
      singleUse = !body.containsKey("single_use") || MetadataFields.bool(body, "single_use");
      grants = new LinkedHashSet<>(MetadataFields.strings(body, "allowed_grant_types"));
      scopes = new LinkedHashSet<>(MetadataFields.strings(body, "allowed_scopes"));
      schemes = new LinkedHashSet<>(MetadataFields.strings(body, "allowed_redirect_uri_schemes"));
    } catch (IllegalArgumentException e) {
      throw ApplicationMetadata.problem(e);
    }
    lifetime = lifetime == null ? DEFAULT_LIFETIME : lifetime;
    if (lifetime.compareTo(MAX_LIFETIME) > 0) {
      throw ApiProblem.invalidField("expires_in", "at most " + MAX_LIFETIME.toSeconds() + " seconds");
    }
    for (String g : grants) {
      // the password grant needs first_party, which only an operator sets
      if (!ClientRegistration.GRANT_TYPES.contains(g) || g.equals("password")) {
        throw ApiProblem.invalidField("allowed_grant_types", "unsupported grant type " + g);
      }
    }
    for (String s : scopes) {
      if (!SCOPE.matcher(s).matches()) {
        throw ApiProblem.invalidField("allowed_scopes", "invalid scope token " + s);
      }
    }
    for (String s : schemes) {
      if (!SCHEME.matcher(s).matches() || ClientRegistration.LOCAL_SCHEMES.contains(s)) {
        throw ApiProblem.invalidField("allowed_redirect_uri_schemes", "not an allowed lower-case scheme: " + s);
      }
    }
    String value = OpaqueToken.generate();
    Instant now = clock.instant();
    InitialAccessToken token = new InitialAccessToken(OpaqueToken.generate().substring(0, 22), OpaqueToken.hash(value),
        now, now.plus(lifetime), singleUse, null, grants, scopes, schemes, caller.subject());
    store.createInitialAccessToken(token);
    audit.write(caller, "initial_access_token.created", null, null, request.http().getClientIPAddress(),
        Map.of("id", token.id(), "single_use", String.valueOf(singleUse)));
    Map<String, Object> answer = of(token);
    answer.put("token", value);
    return JsonAnswer.created(location + "/" + token.id(), answer);
  }

  private HTTPResponse list(ApiRequest request) {
    request.caller(AdminCaller.class).requireAdmin();
    PageRequest page = PageRequest.of(request);
    List<InitialAccessToken> found = store.listInitialAccessTokens(page.after(), page.limit());
    List<Map<String, Object>> items = found.stream().map(InitialAccessTokensResource::of).toList();
    return JsonAnswer.ok(page.page(items, found.isEmpty() ? null : found.get(found.size() - 1).id()));
  }

  private HTTPResponse delete(ApiRequest request) {
    AdminCaller caller = request.caller(AdminCaller.class);
    caller.requireAdmin();
    String id = request.path("id");
    if (!store.deleteInitialAccessToken(id)) {
      throw ApiProblem.notFound("no such initial access token");
    }
    audit.write(caller, "initial_access_token.revoked", null, null, request.http().getClientIPAddress(),
        Map.of("id", id));
    return JsonAnswer.noContent();
  }

  /** The representation: policy and dates, never the token or its hash. */
  private static Map<String, Object> of(InitialAccessToken t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("created_at", t.createdAt().getEpochSecond());
    m.put("expires_at", t.expiresAt().getEpochSecond());
    m.put("single_use", t.singleUse());
    m.put("used_at", t.usedAt() == null ? null : t.usedAt().getEpochSecond());
    m.put("allowed_grant_types", new TreeSet<>(t.allowedGrantTypes()).stream().toList());
    m.put("allowed_scopes", new TreeSet<>(t.allowedScopes()).stream().toList());
    m.put("allowed_redirect_uri_schemes", new TreeSet<>(t.allowedRedirectUriSchemes()).stream().toList());
    m.put("created_by", t.createdBy());
    return m;
  }
}
