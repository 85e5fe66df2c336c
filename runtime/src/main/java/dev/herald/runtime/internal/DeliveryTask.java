package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One envelope on its way to one subscriber, across attempts. Its outcome (delivered or dead-lettered)
 * is decided exactly once, even when shutdown races with a late completion.
 */
final class DeliveryTask {

  final Subscriber subscriber;
  final Envelope<?> envelope;
  /** For an envelope a transport handed in: hears the outcome instead of the dead-letter store. */
  final DeliveryTracker tracker;
  /** Attempts started so far. */
  int attempts;
  Instant firstFailure;
  Instant lastFailure;
  /** The last attempt's error, kept for a dead letter written later (at shutdown). */
  Throwable lastError;
  /** For ORDERED subscribers: frees the ordering lane once the outcome is final. */
  Runnable releaseLane;
  private final AtomicBoolean finished = new AtomicBoolean();

  DeliveryTask(Subscriber subscriber, Envelope<?> envelope, DeliveryTracker tracker) {
    this.subscriber = subscriber;
    this.envelope = envelope;
    this.tracker = tracker;
  }

  /** Claims the final outcome; true for the one caller that may act on it. */
  boolean finish() {
    return finished.compareAndSet(false, true);
  }

  boolean isFinished() {
    return finished.get();
  }

  @Override
  public String toString() {
    return envelope.type() + " " + envelope.id() + " to " + subscriber.name;
  }
}
