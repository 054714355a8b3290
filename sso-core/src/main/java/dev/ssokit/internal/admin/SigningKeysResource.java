package dev.ssokit.internal.admin;

import com.nimbusds.oauth2.sdk.http.HTTPRequest.Method;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.ssokit.internal.api.ApiRequest;
import dev.ssokit.internal.api.ApiRoutes;
import dev.ssokit.spi.SigningKey;
import dev.ssokit.spi.SigningKeyStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /api/signing-keys} (administrators only): the keys every instance shares (kid, algorithm,
 * status, creation time; never the key material), and rotation now.
 */
final class SigningKeysResource {
  private final SigningKeyStore store;
  private final Supplier<String> rotateNow;
  private final AdminAudit audit;

  /** @param rotateNow rotates now and signs with the new key at once; returns its kid */
  SigningKeysResource(SigningKeyStore store, Supplier<String> rotateNow, AdminAudit audit) {
    this.store = store;
    this.rotateNow = rotateNow;
    this.audit = audit;
  }

  void addTo(ApiRoutes routes) {
    routes.on(Method.GET, "/signing-keys", this::list)
        .on(Method.POST, "/signing-keys/rotate", this::rotate);
  }

  /** The keys, oldest first; never more than a handful (one ACTIVE, one NEXT and the RETIRED still needed). */
  private HTTPResponse list(ApiRequest request) {
    request.caller(AdminCaller.class).requireAdmin();
    List<Map<String, Object>> items = store.list().stream().map(SigningKeysResource::of).toList();
    return JsonAnswer.ok(Map.of("items", items));
  }

  private HTTPResponse rotate(ApiRequest request) {
    AdminCaller caller = request.caller(AdminCaller.class);
    caller.requireAdmin();
    String kid = rotateNow.get();
    audit.write(caller, "signing_key.rotated", null, null, request.http().getClientIPAddress(), Map.of("kid", kid));
    SigningKey key = store.list().stream().filter(k -> k.kid().equals(kid)).findFirst().orElse(null);
    Map<String, Object> body = key != null ? of(key) : Map.of("kid", kid);
    return JsonAnswer.ok(body);
  }

  private static Map<String, Object> of(SigningKey k) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kid", k.kid());
    m.put("alg", k.algorithm());
    m.put("status", k.status().name());
    m.put("created_at", k.createdAt().toString());
    return m;
  }
}
