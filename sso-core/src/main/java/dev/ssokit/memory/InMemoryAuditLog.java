package dev.ssokit.memory;

import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/** {@link AuditLog} in memory, keeping the newest {@value #CAPACITY} events. */
public final class InMemoryAuditLog implements AuditLog {
  /** Events kept before the oldest are dropped. */
  public static final int CAPACITY = 10_000;

  private final Deque<AuditEvent> events = new ArrayDeque<>();

  @Override
  public synchronized void append(AuditEvent event) {
    if (events.size() == CAPACITY) {
      events.removeFirst();
    }
    events.addLast(event);
  }

  @Override
  public synchronized List<AuditEvent> recent(int limit) {
    List<AuditEvent> out = new ArrayList<>(Math.min(limit, events.size()));
    for (Iterator<AuditEvent> it = events.descendingIterator(); it.hasNext() && out.size() < limit; ) {
      out.add(it.next());
    }
    return out;
  }
}
