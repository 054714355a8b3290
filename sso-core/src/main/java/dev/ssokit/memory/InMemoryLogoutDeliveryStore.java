package dev.ssokit.memory;

import dev.ssokit.spi.LogoutDelivery;
import dev.ssokit.spi.LogoutDeliveryStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link LogoutDeliveryStore} in one JVM's memory.
 *
 * <p>IMPORTANT: lost at restart and not shared between instances; use the PostgreSQL store to run
 * several.
 */
public final class InMemoryLogoutDeliveryStore implements LogoutDeliveryStore {
  private final Map<String, LogoutDelivery> queue = new LinkedHashMap<>();

  @Override
  public synchronized void enqueue(LogoutDelivery d) {
    queue.merge(d.id(), d, (old, added) -> added.dueAt().isBefore(old.dueAt())
        ? new LogoutDelivery(old.id(), old.clientId(), old.subject(), old.sid(), added.dueAt(), old.attempts())
        : old);
  }

  @Override
  public synchronized List<LogoutDelivery> claimDue(Instant now, int limit, Instant leaseUntil) {
    List<LogoutDelivery> due = queue.values().stream().filter(d -> !d.dueAt().isAfter(now))
        .sorted(Comparator.comparing(LogoutDelivery::dueAt)).limit(limit).toList();
    List<LogoutDelivery> claimed = new ArrayList<>();
    for (LogoutDelivery d : due) {
      queue.put(d.id(), withDue(d, d.attempts(), leaseUntil));
      claimed.add(d);
    }
    return claimed;
  }

  @Override
  public synchronized boolean complete(String id) {
    return queue.remove(id) != null;
  }

  @Override
  public synchronized void reschedule(String id, int attempts, Instant dueAt) {
    queue.computeIfPresent(id, (k, d) -> withDue(d, attempts, dueAt));
  }

  @Override
  public synchronized List<String> expediteSubject(String subject, Instant dueAt) {
    Set<String> sids = new LinkedHashSet<>();
    for (LogoutDelivery d : List.copyOf(queue.values())) {
      if (d.subject().equals(subject)) {
        sids.add(d.sid());
        if (d.dueAt().isAfter(dueAt)) {
          queue.put(d.id(), withDue(d, d.attempts(), dueAt));
        }
      }
    }
    return List.copyOf(sids);
  }

  private static LogoutDelivery withDue(LogoutDelivery d, int attempts, Instant dueAt) {
    return new LogoutDelivery(d.id(), d.clientId(), d.subject(), d.sid(), dueAt, attempts);
  }
}
