package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * What one of the bus's workers is running, for {@link BusWorkers#shutdown} to claim: a task
 * ({@link #hold}), or a delivery queued as its parts, which has no task ({@link #begin}).
 *
 * <p>A delivery without a task is published under a stamp: odd while it runs and nobody claimed
 * it, even once claimed. Its parts are written before its stamp, and a claimer moves the stamp on
 * with a compare-and-set, so whoever succeeds owns the outcome of the delivery whose parts it read:
 * the worker when the attempt ends ({@link #claim}), or shutdown ({@link #handBack}). Each delivery
 * gets a new stamp, so a claim never takes the next delivery of the same envelope for this one.
 *
 * <p>An attempt that needs a task after all (it failed, or returned a stage) puts the task where
 * shutdown looks for a running task, then claims ({@link #claimAs}): if the claim succeeds,
 * shutdown finds that task (and settles it only through {@link DeliveryTask#finish}); if shutdown
 * claimed first, it settled a task of its own and never looks at the worker's.
 */
final class WorkerHands implements BusWorkers.Claim {

  private static final VarHandle TASK;
  private static final VarHandle STAMP;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      TASK = lookup.findVarHandle(WorkerHands.class, "task", Runnable.class);
      STAMP = lookup.findVarHandle(WorkerHands.class, "stamp", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The task being run; shutdown may clear it, claiming the task. */
  private volatile Runnable task;
  /** The stamp of the delivery without a task being run; see above. */
  private volatile long stamp;
  /** The next delivery's stamp, odd; the worker's own. */
  private long nextStamp = 1;
  private Subscriber subscriber;
  private Envelope<?> envelope;
  private Series series;

  /** The worker runs {@code task} (null: nothing); it reads shutdown after. */
  void hold(Runnable task) {
    this.task = task;
  }

  /** Takes {@code task} back for the worker; false if shutdown claimed it meanwhile. */
  boolean release(Runnable task) {
    return TASK.compareAndSet(this, task, null);
  }

  /** The worker begins a delivery without a task; it reads shutdown after. */
  void begin(Subscriber subscriber, Envelope<?> envelope, Series series) {
    long last = nextStamp - 2;
    if (stamp == last) {
      // The last attempt ended unclaimed (an error escaped it): its stamp must not cover these
      // parts.
      STAMP.compareAndSet(this, last, last + 1);
    }
    this.subscriber = subscriber;
    this.envelope = envelope;
    this.series = series;
    long next = nextStamp;
    nextStamp = next + 2;
    stamp = next; // after the parts: a claimer that reads this stamp reads them
  }

  /** Claims the delivery begun last for the worker; false if shutdown claimed it first. */
  @Override
  public boolean claim() {
    long running = nextStamp - 2;
    return STAMP.compareAndSet(this, running, running + 1);
  }

  @Override
  public boolean claimAs(Runnable task) {
    this.task = task; // before the claim: shutdown, finding the stamp moved on, looks here
    return claim();
  }

  /**
   * For shutdown: claims what the worker runs, if the worker has not, and hands it to
   * {@code unfinished}: the running task, or a task that {@code deliveries} makes for the
   * delivery without one.
   */
  void handBack(BusWorkers.Deliveries deliveries, Consumer<Runnable> unfinished) {
    long running = stamp;
    if ((running & 1) != 0) {
      // Parts read after the stamp are its delivery's if the stamp has not moved on since, as the
      // compare-and-set checks: the worker writes the next parts only after claiming this one.
      Subscriber subscriber = this.subscriber;
      Envelope<?> envelope = this.envelope;
      Series series = this.series;
      if (STAMP.compareAndSet(this, running, running + 1)) {
        unfinished.accept(deliveries.task(subscriber, envelope, series, 1));
        return; // the worker had made no task of it: the one held is older, settled or found
      }
    }
    Runnable held = task;
    if (held != null && TASK.compareAndSet(this, held, null)) {
      unfinished.accept(held);
    }
  }
}
