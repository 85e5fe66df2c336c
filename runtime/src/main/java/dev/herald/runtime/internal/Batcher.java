package dev.herald.runtime.internal;

import dev.herald.runtime.Envelope;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Gathers one batch subscriber's deliveries into batches and hands them out. A delivery joins the
 * batch being filled once the bus has admitted it (it holds its slot in the backlog until its
 * outcome, so back-pressure and {@code awaitIdle} see it); the batch is sealed when it is full,
 * when its first delivery has waited the subscriber's maximum wait, when the bus closes, and when
 * the subscription is cancelled, and at once while someone waits for the bus to be idle
 * ({@code awaitIdle}: a batch waiting to fill would only keep them waiting). Sealed batches run as {@link BatchDelivery}s, at most
 * {@code parallel} at once: one for ORDERED (a batch and its retries reach their outcome before the
 * next starts, so events keep their order, per key and overall), the concurrency limit or no
 * bound for ASYNC.
 *
 * <p>Publishers meet on this object's lock, which only batch subscribers take. Deliveries waiting
 * here are in the bus's in-flight set, so a close that times out dead-letters them one by one.
 */
final class Batcher {

  /** Calls a batch listener with its events, in the order they joined the batch. */
  @FunctionalInterface
  interface BatchInvoker {
    CompletionStage<?> invoke(List<Envelope<?>> batch) throws Exception;
  }

  private final int size;
  private final long waitNanos;
  private final int parallel;
  private final BatchInvoker invoker;
  private final BatchDelivery.Context context;
  private final ScheduledExecutorService timer;
  /** True while someone waits for the bus to be idle: then batches go as soon as they start. */
  private final BooleanSupplier hurried;

  /** Guarded by this. The batch being filled, or null. */
  private List<DeliveryTask> filling;
  /** Guarded by this. Counts the batches begun, so that a late timer leaves a newer one alone. */
  private long generation;
  /** Guarded by this. */
  private final ArrayDeque<BatchDelivery> sealed = new ArrayDeque<>();
  /** Guarded by this. Batches handed out and not yet at their outcome. */
  private int running;
  /** Guarded by this. Set once the bus's executor has shut down: see {@link #close}. */
  private boolean closed;

  Batcher(int size, Duration maxWait, int parallel, BatchInvoker invoker,
      BatchDelivery.Context context, ScheduledExecutorService timer, BooleanSupplier hurried) {
    this.hurried = hurried;
    this.size = size;
    this.waitNanos = maxWait.toNanos();
    this.parallel = parallel;
    this.invoker = invoker;
    this.context = context;
    this.timer = timer;
  }

  /** Adds an admitted delivery to the batch being filled; hands the batch out if it is full. */
  void add(DeliveryTask task) {
    long begun = 0;
    synchronized (this) {
      if (filling == null) {
        filling = new ArrayList<>(Math.min(size, 1024));
        begun = ++generation;
      }
      filling.add(task);
      if (filling.size() >= size || closed || hurried.getAsBoolean()) {
        seal();
        begun = 0;
      }
    }
    if (begun != 0) {
      long generationToFlush = begun;
      try {
        timer.schedule(() -> flush(generationToFlush), waitNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException closing) {
        flush(); // the bus is closing, and delivers what is gathered now
      }
    }
    drain();
  }

  /** Seals the batch being filled, if any, and hands it out: at close and on cancel. */
  void flush() {
    synchronized (this) {
      seal();
    }
    drain();
  }

  /**
   * The bus has shut its executor down: every batch, being filled or sealed, and every one that
   * a racing publish fills later, is handed out at once, to be refused and so dead-lettered on
   * the caller's thread, rather than wait for a batch still running or a timer that is gone.
   */
  void close() {
    synchronized (this) {
      closed = true;
      seal();
    }
    drain();
  }

  /** The maximum wait of the batch begun as {@code batch} is over, if it is still filling. */
  private void flush(long batch) {
    synchronized (this) {
      if (generation == batch) {
        seal();
      }
    }
    drain();
  }

  /** Guarded by this. */
  private void seal() {
    if (filling != null) {
      sealed.add(new BatchDelivery(filling, invoker, context, this));
      filling = null;
    }
  }

  /** A batch reached its outcome: the next may run. */
  void done() {
    synchronized (this) {
      running--;
    }
    drain();
  }

  /** Hands out sealed batches while fewer than {@code parallel} run; outside the lock. */
  private void drain() {
    while (true) {
      BatchDelivery next;
      synchronized (this) {
        if ((running >= parallel && !closed) || sealed.isEmpty()) {
          return;
        }
        running++;
        next = sealed.poll();
      }
      if (!context.run(next)) {
        synchronized (this) {
          running--; // refused at shutdown, and settled: the next is refused too
        }
      }
    }
  }
}
