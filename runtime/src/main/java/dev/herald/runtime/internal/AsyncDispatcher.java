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
 */
final class AsyncDispatcher implements OrderedLanes.Runner {

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

  AsyncDispatcher(Executor executor, boolean ownWorkers, Admission admission,
      Invocation invocation, Outcomes outcomes, InFlight inFlight) {
    this.executor = executor;
    this.ownWorkers = ownWorkers;
    this.admission = admission;
    this.invocation = invocation;
    this.outcomes = outcomes;
    this.inFlight = inFlight;
  }

  /** Lanes for a new ORDERED subscriber, run by this dispatcher. */
  OrderedLanes newLanes() {
    return new OrderedLanes(executor, this);
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
    // It completes on whatever thread completes the stage, which counts in the shared fields.
    stage.whenComplete((ignored, error) -> {
      task.attemptEnded(start, AsyncCounts.SHARED);
      if (error == null) {
        outcomes.succeeded(task, AsyncCounts.SHARED);
      } else {
        outcomes.failed(task, Invocation.unwrap(error));
      }
    });
    return 0;
  }
}
