package dev.ssokit.memory;

import dev.ssokit.spi.AuditEvent;
import dev.ssokit.spi.AuditLog;
import dev.ssokit.spi.AuditQuery;
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
  private long appended;

  @Override
  public synchronized void append(AuditEvent event) {
    if (events.size() == CAPACITY) {
      events.removeFirst();
    }
    events.addLast(event);
    appended++;
  }

  @Override
  public synchronized List<AuditEvent> recent(int limit) {
    List<AuditEvent> out = new ArrayList<>(Math.min(limit, events.size()));
    for (Iterator<AuditEvent> it = events.descendingIterator(); it.hasNext() && out.size() < limit; ) {
      out.add(it.next());
    }
    return out;
  }

  /** The cursor is the number of events appended before the last one returned (its position since start). */
  @Override
  public synchronized Page query(AuditQuery query, String cursor, int limit) {
    long before = appended;
    if (cursor != null) {
      try {
        before = Long.parseLong(cursor);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a cursor of this audit log: " + cursor, e);
      }
    }
    List<AuditEvent> out = new ArrayList<>();
    long position = appended;
    long last = -1;
    for (Iterator<AuditEvent> it = events.descendingIterator(); it.hasNext(); ) {
      AuditEvent event = it.next();
      position--;
      if (position >= before || !query.matches(event)) {
        continue;
      }
      if (out.size() == limit) {
        return new Page(out, String.valueOf(last));
      }
      out.add(event);
      last = position;
    }
    return new Page(out, null);
  }
}
