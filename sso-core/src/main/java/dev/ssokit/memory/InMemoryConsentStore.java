package dev.ssokit.memory;

import dev.ssokit.spi.Consent;
import dev.ssokit.spi.ConsentStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** {@link ConsentStore} in memory. IMPORTANT: lost at restart; one JVM only. */
public final class InMemoryConsentStore implements ConsentStore {
  private final Map<String, Consent> consents = new ConcurrentHashMap<>();

  private static String key(String subject, String clientId) {
    return subject + '\n' + clientId;
  }

  @Override
  public Optional<Consent> find(String subject, String clientId) {
    return Optional.ofNullable(consents.get(key(subject, clientId)));
  }

  @Override
  public void save(Consent consent) {
    consents.put(key(consent.subject(), consent.clientId()), consent);
  }

  @Override
  public java.util.List<Consent> findBySubject(String subject) {
    return consents.values().stream().filter(c -> c.subject().equals(subject))
        .sorted(java.util.Comparator.comparing(Consent::clientId)).toList();
  }

  @Override
  public boolean revoke(String subject, String clientId) {
    return consents.remove(key(subject, clientId)) != null;
  }

  @Override
  public int purgeExpired(Instant now, int limit) {
    int removed = 0;
    for (Iterator<Consent> it = consents.values().iterator(); it.hasNext() && removed < limit; ) {
      Consent consent = it.next();
      if (consent.expiresAt() != null && consent.expiresAt().isBefore(now)) {
        it.remove();
        removed++;
      }
    }
    return removed;
  }

  @Override
  public List<Consent> listBySubject(String subject, int limit) {
    return consents.values().stream().filter(c -> c.subject().equals(subject))
        .sorted(Comparator.comparing(Consent::clientId)).limit(limit).toList();
  }

  @Override
  public int revokeClient(String clientId) {
    int removed = 0;
    for (Iterator<Consent> it = consents.values().iterator(); it.hasNext(); ) {
      if (it.next().clientId().equals(clientId)) {
        it.remove();
        removed++;
      }
    }
    return removed;
  }
}
