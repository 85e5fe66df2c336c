package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import dev.herald.runtime.observability.EventStatus;
import java.util.concurrent.atomic.AtomicInteger;

/** An event in the history, with what its deliveries have done so far. */
final class TrackedEvent {

  final Envelope<?> envelope;
  /** Asynchronous deliveries (and retries) accepted and not yet final. */
  final AtomicInteger unfinished = new AtomicInteger();
  /** Attempts started. */
  final AtomicInteger started = new AtomicInteger();
  /** Deliveries that failed and wait for their next attempt. */
  final AtomicInteger waiting = new AtomicInteger();
  volatile boolean failedForGood;
  volatile boolean deadLettered;

  TrackedEvent(Envelope<?> envelope) {
    this.envelope = envelope;
  }

  EventStatus status() {
    if (deadLettered) {
      return EventStatus.DEAD_LETTERED;
    }
    if (failedForGood) {
      return EventStatus.FAILED;
    }
    if (unfinished.get() == 0) {
      return EventStatus.COMPLETED;
    }
    return started.get() > 0 || waiting.get() > 0 ? EventStatus.PROCESSING : EventStatus.PENDING;
  }
}
