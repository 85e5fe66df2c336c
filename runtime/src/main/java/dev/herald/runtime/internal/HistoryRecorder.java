package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.observability.EventHistory;
import dev.herald.runtime.observability.EventStatus;
import dev.herald.runtime.observability.HistoryEntry;
import dev.herald.runtime.observability.HistoryQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bounded ring of the bus's most recent events and their delivery status. Payloads are rendered
 * (redacted) only when someone reads them, so recording costs a lock and two map operations.
 */
final class HistoryRecorder implements EventHistory {

  private final TrackedEvent[] ring;
  private final Map<String, TrackedEvent> byId;
  private long next;

  HistoryRecorder(int capacity) {
    this.ring = new TrackedEvent[capacity];
    this.byId = new HashMap<>(capacity * 2);
  }

  /** Keeps {@code envelope}, dropping the oldest event when full. */
  synchronized TrackedEvent record(Envelope<?> envelope) {
    int slot = (int) (next++ % ring.length);
    TrackedEvent evicted = ring[slot];
    if (evicted != null) {
      byId.remove(evicted.envelope.id());
    }
    TrackedEvent tracked = new TrackedEvent(envelope);
    ring[slot] = tracked;
    byId.put(envelope.id(), tracked);
    return tracked;
  }

  /** The tracked event of {@code envelope}, or null if it is not (or no longer) in the ring. */
  synchronized TrackedEvent find(Envelope<?> envelope) {
    TrackedEvent tracked = byId.get(envelope.id());
    return tracked != null && tracked.envelope == envelope ? tracked : null;
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public int capacity() {
    return ring.length;
  }

  @Override
  public List<HistoryEntry> query(HistoryQuery query) {
    List<TrackedEvent> matching = new ArrayList<>();
    synchronized (this) {
      long oldest = Math.max(0, next - ring.length);
      for (long i = next - 1; i >= oldest && matching.size() < query.limit(); i--) {
        TrackedEvent tracked = ring[(int) (i % ring.length)];
        if (query.matches(tracked.envelope)) {
          matching.add(tracked);
        }
      }
    }
    List<HistoryEntry> entries = new ArrayList<>(matching.size());
    for (TrackedEvent tracked : matching) { // rendered outside the lock
      Envelope<?> e = tracked.envelope;
      entries.add(new HistoryEntry(e.id(), e.type(), e.version(), e.time(), e.source(),
          e.correlationId(), e.causationId(), e.tenantId(), PayloadRenderer.render(e),
          tracked.status()));
    }
    return entries;
  }

  @Override
  public synchronized Optional<EventStatus> status(String eventId) {
    TrackedEvent tracked = byId.get(eventId);
    return tracked == null ? Optional.empty() : Optional.of(tracked.status());
  }

  /** The history of a bus built without one. */
  static final EventHistory OFF = new EventHistory() {
    @Override
    public boolean enabled() {
      return false;
    }

    @Override
    public int capacity() {
      return 0;
    }

    @Override
    public List<HistoryEntry> query(HistoryQuery query) {
      return List.of();
    }

    @Override
    public Optional<EventStatus> status(String eventId) {
      return Optional.empty();
    }
  };
}
