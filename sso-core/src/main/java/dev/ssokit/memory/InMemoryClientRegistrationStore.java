package dev.ssokit.memory;

import dev.ssokit.spi.ClientRegistrationStore;
import dev.ssokit.spi.DynamicRegistration;
import dev.ssokit.spi.InitialAccessToken;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** {@link ClientRegistrationStore} in memory. IMPORTANT: lost at restart; one JVM only. */
public final class InMemoryClientRegistrationStore implements ClientRegistrationStore {
  private final TreeMap<String, InitialAccessToken> byId = new TreeMap<>();
  private final Map<String, DynamicRegistration> registrations = new HashMap<>();

  /** An empty store. */
  public InMemoryClientRegistrationStore() {
    // nothing to set up
  }

  @Override
  public synchronized void createInitialAccessToken(InitialAccessToken token) {
    byId.put(token.id(), token);
  }

  @Override
  public synchronized Optional<InitialAccessToken> findInitialAccessToken(String tokenHash) {
    return byId.values().stream().filter(t -> t.tokenHash().equals(tokenHash)).findFirst();
  }

  @Override
  public synchronized Optional<InitialAccessToken> useInitialAccessToken(String tokenHash, Instant now) {
    for (InitialAccessToken t : byId.values()) {
      if (t.tokenHash().equals(tokenHash)) {
        if (!now.isBefore(t.expiresAt()) || (t.singleUse() && t.usedAt() != null)) {
          return Optional.empty();
        }
        InitialAccessToken used = t.usedAt(now);
        byId.put(t.id(), used);
        return Optional.of(used);
      }
    }
    return Optional.empty();
  }

  @Override
  public synchronized List<InitialAccessToken> listInitialAccessTokens(String afterId, int limit) {
    var tail = afterId == null ? byId : byId.tailMap(afterId, false);
    return tail.values().stream().limit(Math.max(0, limit)).toList();
  }

  @Override
  public synchronized boolean deleteInitialAccessToken(String id) {
    return byId.remove(id) != null;
  }

  @Override
  public synchronized int purgeExpiredInitialAccessTokens(Instant now, int limit) {
    int deleted = 0;
    for (var it = byId.values().iterator(); it.hasNext() && deleted < limit; ) {
      if (it.next().expiresAt().isBefore(now)) {
        it.remove();
        deleted++;
      }
    }
    return deleted;
  }

  @Override
  public synchronized void saveRegistration(DynamicRegistration registration) {
    registrations.put(registration.clientId(), registration);
  }

  @Override
  public synchronized Optional<DynamicRegistration> findRegistration(String clientId) {
    return Optional.ofNullable(registrations.get(clientId));
  }

  @Override
  public synchronized boolean rotateRegistrationAccessToken(String clientId, String currentHash, String newHash) {
    DynamicRegistration r = registrations.get(clientId);
    if (r == null || !r.registrationAccessTokenHash().equals(currentHash)) {
      return false;
    }
    registrations.put(clientId, r.withRegistrationAccessTokenHash(newHash));
    return true;
  }

  @Override
  public synchronized boolean deleteRegistration(String clientId) {
    return registrations.remove(clientId) != null;
  }
}
