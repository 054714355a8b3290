package dev.ssokit.memory;

import dev.ssokit.spi.ApplicationStatsStore;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link ApplicationStatsStore} in memory. IMPORTANT: lost at restart; one JVM only. */
public final class InMemoryApplicationStatsStore implements ApplicationStatsStore {
  private record Key(String clientId, LocalDate day, String grantType) {}

  private final Map<Key, Usage> rows = new HashMap<>();
  private final Map<String, Map<String, Instant>> users = new HashMap<>();

  @Override
  public synchronized void add(Collection<Usage> counts) {
    for (Usage u : counts) {
      rows.merge(new Key(u.clientId(), u.day(), u.grantType()), u, (a, b) -> new Usage(a.clientId(), a.day(),
          a.grantType(), a.tokensIssued() + b.tokensIssued(), a.failedAuthentications() + b.failedAuthentications(),
          later(a.lastUsed(), b.lastUsed())));
    }
  }

  @Override
  public synchronized void addUsers(String clientId, Collection<String> subjects, Instant seenAt) {
    Map<String, Instant> seen = users.computeIfAbsent(clientId, k -> new HashMap<>());
    for (String s : subjects) {
      seen.merge(s, seenAt, InMemoryApplicationStatsStore::later);
    }
  }

  @Override
  public synchronized List<Usage> read(String clientId, LocalDate since) {
    List<Usage> out = new ArrayList<>();
    for (Usage u : rows.values()) {
      if (u.clientId().equals(clientId) && !u.day().isBefore(since)) {
        out.add(u);
      }
    }
    out.sort(Comparator.comparing(Usage::day).thenComparing(Usage::grantType));
    return out;
  }

  @Override
  public synchronized long countUsers(String clientId, Instant since) {
    return users.getOrDefault(clientId, Map.of()).values().stream().filter(t -> !t.isBefore(since)).count();
  }

  @Override
  public synchronized void delete(String clientId) {
    rows.keySet().removeIf(k -> k.clientId().equals(clientId));
    users.remove(clientId);
  }

  private static Instant later(Instant a, Instant b) {
    return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
  }
}
