package dev.herald.runtime.internal;

import dev.herald.annotations.Delivery;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventKey;
import dev.herald.runtime.deadletter.DeadLetter;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs ASYNC and ORDERED deliveries, and the retries of every delivery, on the bus's executor: it
 * admits each delivery, queues it (an ORDERED one in its key's lane), and runs its attempts through
 * the {@link Invocation}, handing what happened to the {@link Outcomes}.
 *
 * <p><b>Untasked deliveries.</b> A plain ASYNC delivery on the bus's own workers (no batch, no
 * concurrency limit, no priority, no tracker, no history) crosses to its worker as its parts, with
 * no {@link DeliveryTask}: the envelope is the one object per event that crosses cores. Its first
 * attempt runs in {@link #deliver}; a task is made only if that attempt fails or returns a stage
 * (retries, timeouts and the in-flight set then work on the task as ever), or when shutdown finds
 * the delivery queued or running ({@link #task}).
 */
final class AsyncDispatcher implements OrderedLanes.Runner, BusWorkers.Deliveries {

  private final Executor executor;
  /**
   * Whether the executor is the bus's own {@link BusWorkers}, which hand their unfinished tasks back
   * at close; deliveries on another executor are tracked in flight instead.
   */
  private final boolean ownWorkers;
  private final Admission admission;
  private final Invocation invocation;
  private final Outcomes outcomes;
  private final InFlight inFlight;
  /** The bus's own workers, or null when it runs on an executor of the application's. */
  private final BusWorkers workers;

  AsyncDispatcher(Executor executor, boolean ownWorkers, Admission admission,
      Invocation invocation, Outcomes outcomes, InFlight inFlight) {
    this.executor = executor;
    this.ownWorkers = ownWorkers;
    this.admission = admission;
    this.invocation = invocation;
    this.outcomes = outcomes;
    this.inFlight = inFlight;
    this.workers = ownWorkers ? (BusWorkers) executor : null;
    if (workers != null) {
      workers.deliverWith(this);
    }
  }

  /** Lanes for a new ORDERED subscriber, run by this dispatcher. */
  OrderedLanes newLanes() {
    return new OrderedLanes(executor, this);
  }

  /**
   * Queues the first attempt of a delivery of {@code envelope} to {@code subscriber}, which
   * {@code tracker} (or null) follows for its transport, counted in {@code tracked} (the history's
   * entry, or null) and {@code series} (or null); {@code urgent} for the high-priority lane.
   * {@code admitted} if its room in the backlog was reserved already, else it is admitted here (and
   * dead-lettered if refused).
   */
  void submit(Subscriber subscriber, Envelope<?> envelope, DeliveryTracker tracker,
      TrackedEvent tracked, Series series, boolean urgent, boolean admitted) {
    if (workers != null && tracker == null && tracked == null && !urgent
        && subscriber.delivery == Delivery.ASYNC && subscriber.limit == null
        && subscriber.batcher == null) {
      submitUntasked(subscriber, envelope, series, admitted);
      return;
    }
    DeliveryTask task = new DeliveryTask(subscriber, envelope, tracker);
    task.series = series;
    task.tracked = tracked;
    task.urgent = urgent;
    submit(task, admitted);
  }

  /** As {@link #submit}, for a delivery that needs no task to be queued; see above. */
  private void submitUntasked(Subscriber subscriber, Envelope<?> envelope, Series series,
      boolean admitted) {
    if (!admitted && !admission.admit(subscriber, envelope)) {
      DeliveryTask task = new DeliveryTask(subscriber, envelope, null);
      task.series = series;
      outcomes.refused(task);
      return;
    }
    if (series != null) {
      series.async.accepted();
    }
    if (!workers.executeDelivery(subscriber, envelope, series)) {
      execute(task(subscriber, envelope, series, 0)); // the queue is full, or shut down
    }
  }

  /**
   * Queues the first attempt of {@code task}; {@code admitted} if its room in the backlog was
   * reserved already, else it is admitted here (and dead-lettered if refused).
   */
  void submit(DeliveryTask task, boolean admitted) {
    if (!admitted && !admission.admit(task)) {
      outcomes.refused(task);
      return;
    }
    task.dispatcher = this;
    task.accepted();
    if (task.subscriber.batcher != null) {
      inFlight.add(task); // close finds it here while it waits in its batch, and after
      task.subscriber.batcher.add(task);
    } else if (task.subscriber.delivery == Delivery.ORDERED) {
      // Its lane holds it until it is done; close finds it there.
      task.subscriber.lanes.submit(orderingKey(task.envelope), task);
    } else if (task.subscriber.limit != null) {
      inFlight.add(task); // close finds it here while it waits for a permit, and after
      task.subscriber.limit.submit(task);
    } else {
      if (!ownWorkers) {
        inFlight.add(task); // an executor the bus cannot look into at close
      }
      execute(task);
    }
  }

  @SuppressWarnings("unchecked") // a key's envelopes carry the key's payload type
  private static Object orderingKey(Envelope<?> envelope) {
    return ((EventKey<Record>) envelope.key()).orderingKeyOf((Record) envelope.payload());
  }

  /** Hands an attempt of {@code task} to the executor; dead-letters it if the executor refuses. */
  void execute(DeliveryTask task) {
    try {
      if (task.urgent && ownWorkers) {
        ((BusWorkers) executor).executeUrgent(task);
      } else {
        executor.execute(task);
      }
    } catch (RejectedExecutionException e) {
      outcomes.finish(task, DeadLetter.Reason.SHUTDOWN, e);
    }
  }

  @Override
  public DeliveryTask task(Subscriber subscriber, Envelope<?> envelope, Series series,
      int attempts) {
    return DeliveryTask.taken(subscriber, envelope, series, attempts, this);
  }

  /**
   * The first attempt of an untasked delivery, on worker {@code worker}, as {@link #attempt} does
   * it for a task; {@code claim} decides who settles it. A failure or a stage makes a task that
   * takes the delivery on from here.
   */
  @Override
  public long deliver(Subscriber subscriber, Envelope<?> envelope, Series series, long now,
      int worker, BusWorkers.Claim claim) {
    long start = 0;
    if (series != null) {
      series.async.started(worker);
      start = now != 0 ? now : System.nanoTime();
    }
    CompletionStage<?> stage;
    CurrentEvent.State thread = CurrentEvent.state();
    Envelope<?> previous = invocation.enter(thread, envelope);
    try {
      stage = Invocation.invoke(subscriber, envelope);
    } catch (Throwable error) {
      Invocation.rethrowIfFatal(error);
      DeliveryTask task = tasked(subscriber, envelope, series, claim);
      task.attemptEnded(start, worker);
      // Still in the event's context: the failure's log line carries its MDC keys.
      outcomes.failed(task, error);
      return 0;
    } finally {
      invocation.exit(thread, previous);
    }
    if (stage == null) {
      long end = 0;
      if (series != null) {
        end = System.nanoTime();
        series.async.ended(worker, end - start);
      }
      if (claim.claim()) {
        outcomes.deliveredUntasked(subscriber, series, worker);
      } // else shutdown claimed it, and dead-letters it
      return end;
    }
    DeliveryTask task = tasked(subscriber, envelope, series, claim);
    if (!task.isFinished()) {
      inFlight.add(task); // for close, while it waits for the stage
    }
    awaitStage(task, stage, start);
    return 0;
  }

  /**
   * The task that takes over the untasked delivery {@code claim} holds, one attempt in; finished
   * already if shutdown claimed the delivery first (shutdown settles it then).
   */
  private DeliveryTask tasked(Subscriber subscriber, Envelope<?> envelope, Series series,
      BusWorkers.Claim claim) {
    DeliveryTask task = task(subscriber, envelope, series, 1);
    if (!claim.claimAs(task)) {
      task.finish();
    }
    return task;
  }

  @Override
  public void refused(Subscriber subscriber, Envelope<?> envelope, Series series,
      RejectedExecutionException why) {
    refused(task(subscriber, envelope, series, 0), why);
  }

  /** The bus's workers shut down before {@code task} could run: it is dead-lettered. */
  @Override
  public void refused(DeliveryTask task, RejectedExecutionException why) {
    outcomes.finish(task, DeadLetter.Reason.SHUTDOWN, why);
  }

  /**
   * One attempt of an asynchronous delivery or a retry, on an executor thread. {@code now} is a
   * reading of {@code System.nanoTime()} taken just before, or 0: a worker that runs attempts back
   * to back passes the end of one as the start of the next, so that timing an attempt reads the
   * clock once. Returns the clock's reading at the end of an attempt that finished at once and was
   * timed, else 0. {@code worker} is the index of the bus's worker running it, which counts the
   * attempt in its own cells, or {@link AsyncCounts#SHARED}.
   */
  @Override
  public long attempt(DeliveryTask task, long now, int worker) {
    if (task.isFinished()) {
      task.releaseLane(); // settled at shutdown while queued: its lane still counts it
      return now;
    }
    task.attempts++;
    long start = task.attemptStarted(now, worker);
    CompletionStage<?> stage;
    CurrentEvent.State thread = CurrentEvent.state();
    Envelope<?> previous = invocation.enter(thread, task.envelope);
    try {
      stage = Invocation.invoke(task.subscriber, task.envelope);
    } catch (Throwable error) {
      Invocation.rethrowIfFatal(error);
      task.attemptEnded(start, worker);
      // Still in the event's context: the failure's log line carries its MDC keys.
      outcomes.failed(task, error);
      return 0; // failure handling is nobody's latency
    } finally {
      invocation.exit(thread, previous);
    }
    if (stage == null) {
      long end = task.attemptEnded(start, worker);
      outcomes.succeeded(task, worker);
      return end;
    }
    if (task.subscriber.delivery != Delivery.ORDERED) {
      inFlight.add(task); // for close, while it waits for the stage; its lane holds an ORDERED one
    }
    awaitStage(task, stage, start);
    return 0;
  }

  /**
   * Settles {@code task} when the {@code stage} its attempt (begun at {@code start}) returned
   * completes, on whatever thread completes it, which counts in the shared fields.
   */
  private void awaitStage(DeliveryTask task, CompletionStage<?> stage, long start) {
    stage.whenComplete((ignored, error) -> {
      task.attemptEnded(start, AsyncCounts.SHARED);
      if (error == null) {
        outcomes.succeeded(task, AsyncCounts.SHARED);
      } else {
        outcomes.failed(task, Invocation.unwrap(error));
      }
    });
  }
}
