package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import java.time.Instant;

/**
 * One envelope on its way to one subscriber, across attempts. Its outcome (delivered or dead-lettered)
 * is decided exactly once, even when shutdown races with a late completion.
 */
final class DeliveryTask implements Runnable {

  private static final java.lang.invoke.VarHandle FINISHED;

  static {
    try {
      FINISHED = java.lang.invoke.MethodHandles.lookup()
          .findVarHandle(DeliveryTask.class, "finished", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

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
  /** Where this delivery is counted, or null when metrics are off. */
  Series series;
  /** The event's entry in the history, or null. */
  TrackedEvent tracked;
  /** Set once, by {@link #finish}. */
  private volatile boolean finished;
  /** The bus that runs this task's attempts on its executor, or null for a SYNC delivery. */
  DefaultEventBus bus;
  /** Guarded by the lock of this task's {@link InFlight} stripe. */
  boolean inFlight;
  DeliveryTask previousInFlight;
  DeliveryTask nextInFlight;
  /**
   * For the bus's set of unfinished tasks: an identity hash costs a call into the VM the first time,
   * a random number from the thread's generator does not. Equality stays identity.
   */
  private final int hash = java.util.concurrent.ThreadLocalRandom.current().nextInt();

  DeliveryTask(Subscriber subscriber, Envelope<?> envelope, DeliveryTracker tracker) {
    this.subscriber = subscriber;
    this.envelope = envelope;
    this.tracker = tracker;
  }

  /** The bus took the delivery on: it is pending until {@link #released}. */
  void accepted() {
    if (series != null) {
      series.pending.increment();
    }
    if (tracked != null) {
      tracked.unfinished.incrementAndGet();
    }
  }

  void released() {
    if (series != null) {
      series.pending.decrement();
    }
    if (tracked != null) {
      tracked.unfinished.decrementAndGet();
    }
  }

  /** An attempt begins; returns its start for {@link #attemptEnded}. */
  long attemptStarted() {
    if (tracked != null) {
      tracked.started.incrementAndGet();
      if (attempts > 1) {
        tracked.waiting.decrementAndGet();
      }
    }
    if (series == null) {
      return 0;
    }
    series.running.increment();
    return System.nanoTime();
  }

  void attemptEnded(long start) {
    if (series != null) {
      series.running.decrement();
      series.latency.record(System.nanoTime() - start);
    }
  }

  /** Claims the final outcome; true for the one caller that may act on it. */
  boolean finish() {
    return !finished && FINISHED.compareAndSet(this, false, true);
  }

  boolean isFinished() {
    return finished;
  }

  /** One attempt, on an executor thread. */
  @Override
  public void run() {
    bus.attempt(this);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object other) {
    return this == other;
  }

  @Override
  public String toString() {
    return envelope.type() + " " + envelope.id() + " to " + subscriber.name;
  }
}
