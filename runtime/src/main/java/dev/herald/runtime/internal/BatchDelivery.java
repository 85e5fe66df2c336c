package dev.herald.runtime.internal;

import dev.herald.annotations.FailurePolicy;
import dev.herald.runtime.Envelope;
import dev.herald.runtime.EventBus;
import dev.herald.runtime.deadletter.DeadLetter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One batch on its way to its subscriber, across attempts: the batch is attempted, retried and
 * timed out as a whole, by the subscriber's retry policy and timeout, while each of its events
 * keeps its own {@link DeliveryTask} for what is counted per event: delivered, failed, retried,
 * announced, and, when the last attempt fails, dead-lettered one by one (each letter carries the
 * batch's error and attempts, and a replay delivers that event alone, as a batch of one).
 *
 * <p>An event whose outcome was settled meanwhile (by a close that timed out) is left out of the
 * next attempt; a batch whose events are all settled is not attempted.
 */
final class BatchDelivery implements Runnable, BusWorkers.Refusable {

  private static final Logger log = LoggerFactory.getLogger(EventBus.class);

  /** What batches run on and report to: the bus's executor, outcomes and retry scheduler. */
  record Context(Executor executor, Outcomes outcomes, Announcements announcements,
      Admission admission, ScheduledExecutorService retries) {

    /**
     * Hands {@code batch} to the executor; settles its events if the executor refuses, and then
     * returns false: the batch has reached its outcome, and its caller tells the batcher.
     */
    boolean run(BatchDelivery batch) {
      try {
        executor.execute(batch);
        return true;
      } catch (RejectedExecutionException e) {
        batch.refused(e);
        return false;
      }
    }
  }

  private final List<DeliveryTask> members;
  private final Batcher.BatchInvoker invoker;
  private final Context context;
  private final Batcher batcher;
  private final Subscriber subscriber;
  private int attempts;

  BatchDelivery(List<DeliveryTask> members, Batcher.BatchInvoker invoker, Context context,
      Batcher batcher) {
    this.members = members;
    this.invoker = invoker;
    this.context = context;
    this.batcher = batcher;
    this.subscriber = members.get(0).subscriber;
  }

  /** One attempt of the batch, on an executor thread. */
  @Override
  public void run() {
    List<DeliveryTask> live = new ArrayList<>(members.size());
    List<Envelope<?>> envelopes = new ArrayList<>(members.size());
    for (DeliveryTask member : members) {
      if (!member.isFinished()) {
        live.add(member);
        envelopes.add(member.envelope);
      }
    }
    if (live.isEmpty()) {
      batcher.done();
      return;
    }
    attempts++;
    for (DeliveryTask member : live) {
      member.attempts = attempts;
    }
    CompletionStage<?> stage;
    try {
      stage = invoker.invoke(List.copyOf(envelopes));
    } catch (Throwable error) {
      Invocation.rethrowIfFatal(error);
      failed(live, error);
      return;
    }
    if (stage == null) {
      succeeded(live);
      return;
    }
    Invocation.bounded(stage, subscriber.timeout).whenComplete((ignored, error) -> {
      if (error == null) {
        succeeded(live);
      } else {
        failed(live, Invocation.unwrap(error));
      }
    });
  }

  private void succeeded(List<DeliveryTask> live) {
    for (DeliveryTask member : live) {
      context.outcomes().succeeded(member, AsyncCounts.SHARED);
    }
    batcher.done();
  }

  /** The attempt failed: every event of it is counted and announced, then the batch retried. */
  private void failed(List<DeliveryTask> live, Throwable error) {
    boolean retry = attempts < subscriber.retry.maxAttempts() && !context.admission().isClosed()
        && subscriber.isActive();
    for (DeliveryTask member : live) {
      context.outcomes().noteFailure(member, error);
      context.announcements().deliveryFailed(member, error, retry);
      if (retry && member.series != null) {
        member.series.retried.increment();
      }
    }
    if (retry) {
      Duration wait = subscriber.retry.backoffAfter(attempts);
      log.warn("Subscriber {} failed on a batch of {} events (attempt {} of {}), retrying in {}"
          + " ms", subscriber.name, live.size(), attempts, subscriber.retry.maxAttempts(),
          wait.toMillis(), error);
      try {
        context.retries().schedule(() -> {
          if (!context.run(this)) {
            batcher.done();
          }
        }, wait.toNanos(), TimeUnit.NANOSECONDS);
        return;
      } catch (RejectedExecutionException closing) {
        // the bus is closing: the batch fails for good now
      }
    }
    log.error("Subscriber {} failed on a batch of {} events after {} attempt(s); {} one by one."
        + " First event: {} {}", subscriber.name, live.size(), attempts,
        subscriber.onFailure == FailurePolicy.LOG
            ? "dropped them" : "dead-lettered them",
        live.get(0).envelope.type(), live.get(0).envelope.id(), error);
    for (DeliveryTask member : live) {
      context.outcomes().failedForGood(member, error, false);
    }
    batcher.done();
  }

  /**
   * The executor refused the batch (the bus has shut down): its events are dead-lettered. Whoever
   * handed it out tells the batcher (see {@link Context#run}); the bus's workers, which refuse
   * what they hold at shutdown, hand nothing back to a batcher, which is closing anyway.
   */
  @Override
  public void refused(RejectedExecutionException why) {
    for (DeliveryTask member : members) {
      context.outcomes().finish(member, DeadLetter.Reason.SHUTDOWN, why);
    }
  }

  @Override
  public String toString() {
    return "batch of " + members.size() + " to " + subscriber.name;
  }
}
