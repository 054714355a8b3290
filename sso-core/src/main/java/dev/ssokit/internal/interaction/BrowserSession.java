package dev.ssokit.internal.interaction;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The single sign-on session of one browser: who logged in, when and how.
 *
 * @param sid           public session id ({@code sid} claim); the cookie value is a different secret
 * @param authTime      when the user last authenticated ({@code auth_time})
 * @param amr           authentication methods ({@code amr}), e.g. {@code pwd}
 * @param expiresAt     absolute end of the session
 * @param idleTracked   true when the session has an idle deadline in the cache (every session written since
 *                      idle timeouts exist); a session without one is from before and gets one when next used
 * @param idleExpiresAt idle deadline as last seen (not part of the stored record), or {@code null}
 * @param clients       ids of the clients that got a code in this session, in order, kept under a key of their
 *                      own (not part of the stored record; OIDC Back-Channel
 *                      and Front-Channel Logout: who is told when it ends)
 */
public record BrowserSession(String sid, String subject, Instant authTime, List<String> amr, Instant expiresAt,
                             boolean idleTracked, Instant idleExpiresAt, List<String> clients) {
  public BrowserSession {
    amr = List.copyOf(amr);
    clients = clients == null ? List.of() : List.copyOf(clients);
  }

  /** When the session ends at the latest unless used again: its idle deadline or its absolute end. */
  public Instant endsAt() {
    if (idleExpiresAt == null) {
      return expiresAt;
    }
    return expiresAt == null || idleExpiresAt.isBefore(expiresAt) ? idleExpiresAt : expiresAt;
  }

  BrowserSession withIdleExpiresAt(Instant deadline) {
    return new BrowserSession(sid, subject, authTime, amr, expiresAt, idleTracked, deadline, clients);
  }

  BrowserSession withClients(List<String> newClients) {
    return new BrowserSession(sid, subject, authTime, amr, expiresAt, idleTracked, idleExpiresAt, newClients);
  }

  String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("v", CacheJson.VERSION);
    m.put("sid", sid);
    m.put("sub", subject);
    m.put("auth_time", CacheJson.epoch(authTime));
    m.put("amr", amr);
    m.put("exp", CacheJson.epoch(expiresAt));
    m.put("idle", idleTracked);
    return JSONObjectUtils.toJSONString(m);
  }

  static BrowserSession fromJson(String json) {
    CacheJson j = CacheJson.parse(json);
    return new BrowserSession(j.string("sid"), j.string("sub"), j.instant("auth_time"), j.strings("amr"),
        j.instant("exp"), j.bool("idle"), null, List.of());
  }
}
