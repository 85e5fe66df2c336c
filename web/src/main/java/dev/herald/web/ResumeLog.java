package dev.herald.web;

import dev.herald.runtime.Envelope;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The last {@code capacity} events the bridge pushed, in the order it pushed them, so that a client
 * that reconnects with the last id it saw gets exactly what came after. Used by the fan-out thread
 * alone, so it needs no lock.
 */
final class ResumeLog {

  private final OutboundEvent[] ring;
  private final Map<String, Long> sequenceById;
  private long next; // the sequence number of the next event appended

  ResumeLog(int capacity) {
    this.ring = new OutboundEvent[capacity];
    this.sequenceById = new HashMap<>(capacity * 2);
  }

  int capacity() {
    return ring.length;
  }

  void append(OutboundEvent event) {
    int slot = (int) (next % ring.length);
    OutboundEvent evicted = ring[slot];
    if (evicted != null) {
      sequenceById.remove(evicted.envelope().id());
    }
    ring[slot] = event;
    sequenceById.put(event.envelope().id(), next);
    next++;
  }

  /**
   * Hands every event after {@code lastId} to {@code action}, oldest first.
   *
   * @return false if {@code lastId} is not in the log (too old, or never seen)
   */
  boolean after(String lastId, Consumer<OutboundEvent> action) {
    Long sequence = sequenceById.get(lastId);
    if (sequence == null) {
      return false;
    }
    for (long s = sequence + 1; s < next; s++) {
      action.accept(ring[(int) (s % ring.length)]);
    }
    return true;
  }

  /** Hands every event in the log to {@code action}, oldest first. */
  void all(Consumer<OutboundEvent> action) {
    for (long s = Math.max(0, next - ring.length); s < next; s++) {
      action.accept(ring[(int) (s % ring.length)]);
    }
  }

  /** Whether an event with this id is in the log. */
  boolean contains(String id) {
    return sequenceById.containsKey(id);
  }

  Envelope<?> newest() {
    return next == 0 ? null : ring[(int) ((next - 1) % ring.length)].envelope();
  }
}
