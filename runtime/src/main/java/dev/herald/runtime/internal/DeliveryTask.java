package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import java.time.Instant;

/**
 * One envelope on its way to one subscriber, across attempts. Its outcome (delivered or dead-lettered)
 * is decided exactly once, even when shutdown races with a late completion.
 *
 * <p>While it waits it is reachable for {@link Shutdown}: in the bus's worker queue, in its ORDERED
 * lane, in a worker's hands, or in the bus's {@link InFlight} set (when it waits for a completion
 * stage or a retry, or runs on an executor the bus cannot look into).
 */
final class DeliveryTask implements Runnable, BusWorkers.Timed, BusWorkers.Refusable {

  private static final java.lang.invoke.VarHandle FINISHED;
  private static final java.lang.invoke.VarHandle LANE_RELEASE;

  static {
    try {
      java.lang.invoke.MethodHandles.Lookup lookup = java.lang.invoke.MethodHandles.lookup();
      FINISHED = lookup.findVarHandle(DeliveryTask.class, "finished", boolean.class);
      LANE_RELEASE = lookup.findVarHandle(DeliveryTask.class, "laneRelease", Runnable.class);
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
  /**
   * For ORDERED subscribers: frees the ordering lane once the outcome is final. Taken once (see
   * {@link #releaseLane}), so that an outcome and an attempt that finds the task finished never
   * both free it.
   */
  private Runnable laneRelease;
  /** Where this delivery is counted, or null when metrics are off. */
  Series series;
  /** The event's entry in the history, or null. */
  TrackedEvent tracked;
  /** Whether its attempts take the bus's workers' high-priority lane (priority above 0). */
  boolean urgent;
  /** Set once, by {@link #finish}. */
  private volatile boolean finished;
  /**
   * What runs this task's attempts on the executor; set before the task is first handed to it (a
   * SYNC delivery's task: before its retry).
   */
  AsyncDispatcher dispatcher;
  /**
   * Whether the bus counted this delivery in its backlog (and its series' pending gauge): set before
   * the task is handed to another thread, read by whoever finishes it.
   */
  boolean counted;
  /** Whether it is in the bus's {@link InFlight} set; see {@link InFlight#add}. */
  boolean inFlight;
  /** The stripe of {@link InFlight} this task is in, while {@link #inFlight}. */
  int stripe;
  DeliveryTask previousInFlight;
  DeliveryTask nextInFlight;
  /** The next task in its ORDERED lane's queue; see {@link OrderedLanes}. */
  volatile DeliveryTask nextInLane;

  DeliveryTask(Subscriber subscriber, Envelope<?> envelope, DeliveryTracker tracker) {
    this.subscriber = subscriber;
    this.envelope = envelope;
    this.tracker = tracker;
  }

  /**
   * A task for a delivery the bus took on (and counted) without one, run by {@code dispatcher}:
   * {@code attempts} is 1 when one is under way (or over), 0 when none began.
   */
  static DeliveryTask taken(Subscriber subscriber, Envelope<?> envelope, Series series,
      int attempts, AsyncDispatcher dispatcher) {
    DeliveryTask task = new DeliveryTask(subscriber, envelope, null);
    task.series = series;
    task.attempts = attempts;
    task.dispatcher = dispatcher;
    task.counted = true;
    return task;
  }

  /** The bus took the delivery on: it is pending until {@link #released}. */
  void accepted() {
    counted = true;
    if (series != null) {
      series.async.accepted();
    }
    if (tracked != null) {
      tracked.unfinished.incrementAndGet();
    }
  }

  /** The delivery reached its outcome without being delivered (dead-lettered, refused). */
  void released() {
    if (series != null) {
      series.async.abandoned();
    }
    untracked();
  }

  /**
   * The delivery succeeded: counted as delivered, and no longer pending; {@code worker} is the index
   * of the bus's worker counting it, or {@link AsyncCounts#SHARED}.
   */
  void delivered(int worker) {
    if (series != null) {
      series.async.delivered(worker);
    }
    untracked();
  }

  private void untracked() {
    if (tracked != null) {
      tracked.unfinished.decrementAndGet();
    }
  }

  /**
   * An attempt begins at {@code now} (a reading of {@code System.nanoTime()}, or 0 if there is
   * none at hand), on worker {@code worker} (or {@link AsyncCounts#SHARED}); returns its start for
   * {@link #attemptEnded}, 0 when it is not timed.
   */
  long attemptStarted(long now, int worker) {
    if (tracked != null) {
      tracked.started.incrementAndGet();
      if (attempts > 1) {
        tracked.waiting.decrementAndGet();
      }
    }
    if (series == null) {
      return 0;
    }
    series.async.started(worker);
    return now != 0 ? now : System.nanoTime();
  }

  /**
   * An attempt that began at {@code start} ended, counted by worker {@code worker} (or
   * {@link AsyncCounts#SHARED}); returns the clock's reading now, or 0.
   */
  long attemptEnded(long start, int worker) {
    if (series == null) {
      return 0;
    }
    long end = System.nanoTime();
    series.async.ended(worker, end - start);
    return end;
  }

  /** Gives this task, which its lane is about to attempt, what frees the lane after its outcome. */
  void holdLane(Runnable release) {
    LANE_RELEASE.setRelease(this, release);
  }

  /**
   * Frees the task's ORDERED lane, if it holds one and nobody freed it yet: called by whoever
   * settles the outcome, and by an attempt that finds the outcome already settled (at shutdown),
   * whichever comes second doing nothing.
   */
  void releaseLane() {
    if (LANE_RELEASE.getAcquire(this) == null) {
      return; // not ORDERED, or freed already: no atomic exchange on every delivery's outcome
    }
    Runnable release = (Runnable) LANE_RELEASE.getAndSet(this, (Runnable) null);
    if (release != null) {
      release.run();
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
    dispatcher.attempt(this, 0, AsyncCounts.SHARED);
  }

  /** One attempt, on one of the bus's workers, which passes the clock and its index along. */
  @Override
  public long run(long now, int worker) {
    return dispatcher.attempt(this, now, worker);
  }

  /** The bus's workers shut down before this attempt could run. */
  @Override
  public void refused(java.util.concurrent.RejectedExecutionException why) {
    dispatcher.refused(this, why);
  }

  @Override
  public String toString() {
    return envelope.type() + " " + envelope.id() + " to " + subscriber.name;
  }
}
