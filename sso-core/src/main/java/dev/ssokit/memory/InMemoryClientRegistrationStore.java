package dev.ssokit.memory;

import dev.ssokit.spi.ClientRegistrationStore;
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
  private final Map<String, String> registrationTokens = new HashMap<>();

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
  public synchronized void setRegistrationAccessToken(String clientId, String tokenHash) {
    if (tokenHash == null) {
      registrationTokens.remove(clientId);
    } else {
      registrationTokens.put(clientId, tokenHash);
    }
  }

  @Override
  public synchronized Optional<String> findRegistrationAccessToken(String clientId) {
    return Optional.ofNullable(registrationTokens.get(clientId));
  }
}
