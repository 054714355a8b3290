package dev.ssokit.memory;

import dev.ssokit.spi.AccountToken;
import dev.ssokit.spi.AccountTokenStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link AccountTokenStore} in memory. IMPORTANT: lost at restart; one JVM only. */
public final class InMemoryAccountTokenStore implements AccountTokenStore {
  private final Map<String, AccountToken> byHash = new HashMap<>();

  @Override
  public synchronized void save(AccountToken token) {
    byHash.put(token.tokenHash(), token);
  }

  @Override
  public synchronized Optional<AccountToken> take(String tokenHash, String purpose, Instant now) {
    AccountToken t = byHash.get(tokenHash);
    if (t == null || !t.purpose().equals(purpose)) {
      return Optional.empty();
    }
    byHash.remove(tokenHash);
    return now.isBefore(t.expiresAt()) ? Optional.of(t) : Optional.empty();
  }

  @Override
  public synchronized int deleteAll(String subject, String purpose) {
    int n = 0;
    for (Iterator<AccountToken> it = byHash.values().iterator(); it.hasNext(); ) {
      AccountToken t = it.next();
      if (Objects.equals(t.subject(), subject) && t.purpose().equals(purpose)) {
        it.remove();
        n++;
      }
    }
    return n;
  }

  @Override
  public synchronized int purgeExpired(Instant now, int limit) {
    int n = 0;
    for (Iterator<AccountToken> it = byHash.values().iterator(); it.hasNext() && n < limit; ) {
      if (!now.isBefore(it.next().expiresAt())) {
        it.remove();
        n++;
      }
    }
    return n;
  }
}
